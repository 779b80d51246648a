//! `floordesk-server admin create ID "FULL NAME"`: the first city programme administrator (and any later one) is made
//! on the server's own command line, never through the API. They belong to the programme's office, a site of its own
//! (made with the first of them), and sign in with the personal code printed once.

use floordesk_domain::{Role, SiteId, SiteKind, StaffId, DEFAULT_RETENTION_DAYS, DEFAULT_TIME_ZONE};
use floordesk_protocol::admin::{IssuedCode, MAX_CODE_DIGITS};
use floordesk_protocol::{SiteInfo, StaffProfile};

use crate::auth;
use crate::config::Config;
use crate::server::{code_key, ServeError};
use crate::state::now;
use crate::store::{
    member_json, AdminRecord, AdminWrite, PgStore, SqliteStore, StaffRecord, Store, StoredSettings, Taken,
};

/// The programme's office: where city administrators belong.
pub const OFFICE_SITE: &str = "city";

/// What the office is called.
pub const OFFICE_NAME: &str = "Офис городской программы";

/// Makes city administrator `id` called `name` in the database `config` names; their code, to print once.
pub async fn create_city_admin(config: &Config, id: &str, name: &str) -> Result<IssuedCode, ServeError> {
    let id = StaffId::new(id).map_err(|e| ServeError::Admin(format!("`{id}` is not an id: {e}")))?;
    if id.is_reserved() {
        return Err(ServeError::Admin(format!("`{id}` is kept for the system; choose another id")));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > floordesk_domain::MAX_TEXT_CHARS || floordesk_domain::has_control(name)
    {
        return Err(ServeError::Admin("give the administrator's full name (1 to 120 characters)".into()));
    }
    if config.database_url.starts_with("sqlite:") {
        create_in(config, &SqliteStore::open(&config.database_url).await?, id, name).await
    } else {
        create_in(config, &PgStore::open(&config.database_url).await?, id, name).await
    }
}

async fn create_in<S: Store>(config: &Config, store: &S, id: StaffId, name: &str) -> Result<IssuedCode, ServeError> {
    let key = &code_key(config, store).await?;
    let office = SiteId::new(OFFICE_SITE).unwrap_or_else(|_| unreachable!("a valid id"));
    let mut writes = Vec::new();
    if !store.sites().await?.iter().any(|s| s.id == office) {
        let site = SiteInfo {
            id: office.clone(),
            name: OFFICE_NAME.into(),
            kind: SiteKind::Office,
            time_zone: DEFAULT_TIME_ZONE.into(),
            zones: Vec::new(),
        };
        let settings = StoredSettings {
            opening_hours: None,
            retention_days: DEFAULT_RETENTION_DAYS,
            code_digits: MAX_CODE_DIGITS,
        };
        writes.push(AdminWrite::NewSite { site, settings });
    }
    let auth::NewCode { code, salt, hash } = key.new_code(MAX_CODE_DIGITS);
    let profile = StaffProfile {
        id: id.clone(),
        display_name: name.to_owned(),
        role: Role::CityAdmin,
        site: office.clone(),
        zone: None,
    };
    let after = member_json(&profile, true);
    writes.push(AdminWrite::NewStaff(StaffRecord {
        profile: profile.clone(),
        code_hash: hash,
        code_salt: salt,
        demo_code: None,
        active: true,
    }));
    let log = AdminRecord {
        site: office,
        actor: id.clone(),
        at: now(),
        action: "city_admin_created",
        target: id.to_string(),
        before: None,
        after: Some(after),
    };
    match store.administer(&writes, &[log]).await? {
        Ok(()) => Ok(IssuedCode { staff: profile, code }),
        Err(Taken(taken)) => Err(ServeError::Admin(format!("the id {taken} is taken; choose another"))),
    }
}
