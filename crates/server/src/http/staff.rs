//! A site's staff, looked after by its supervisor (administrators and coordinators) and by the city's programme
//! administrators (anyone, any site): the list, adding someone with a personal code shown once, changing or
//! deactivating them, a new code, lifting a sign-in pause, and importing a personnel export. Every change is in the
//! administration log with who, when, before and after.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use floordesk_domain::{plan_import, ImportInto, LineOutcome, Person, Role, SiteId, StaffId, ZoneId, MAX_TEXT_CHARS};
use floordesk_protocol::admin::{
    ImportReport, IssuedCode, NewStaff, StaffChange, StaffImport, StaffMember, StaffMembers, DEFAULT_CODE_DIGITS,
};
use floordesk_protocol::{ApiError, ErrorCode, Problem, SiteQuery, StaffProfile};

use crate::auth::{self, Authenticated};
use crate::error::AppError;
use crate::http::extract::{needs, ApiJson, ApiPath, ApiQuery, Permitted};
use crate::state::{now, AppState};
use crate::store::{member_json, AdminRecord, AdminWrite, StaffRecord, Store, Taken};

/// `GET /api/v1/staff?site=`.
pub async fn staff<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiQuery(query): ApiQuery<SiteQuery>,
) -> Result<Json<StaffMembers>, AppError> {
    let site = site_of(&state, &who, query.site)?;
    let paused = state.store.paused(&site, now()).await?;
    let staff = state
        .store
        .staff_of(&site)
        .await?
        .into_iter()
        .map(|s| StaffMember { paused_until: paused.get(&s.profile.id).copied(), active: s.active, profile: s.profile })
        .collect();
    Ok(Json(StaffMembers { staff }))
}

/// `POST /api/v1/staff`: someone new, with their personal code (in this answer only).
pub async fn add_staff<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiJson(new): ApiJson<NewStaff>,
) -> Result<(StatusCode, Json<IssuedCode>), AppError> {
    let site = site_of(&state, &who, new.site)?;
    let person = checked_person(&state, &who, &site, new.id, new.display_name.trim(), new.role, new.zone)?;
    let (code, record) = issue(digits(&state, &site).await?, &state, &site, person);
    let profile = record.profile.clone();
    let log = record_of(&who, &site, "staff_added", profile.id.as_str(), None, Some(member_json(&profile, true)));
    administer(&state, &[AdminWrite::NewStaff(record)], &[log]).await?;
    tracing::info!(staff = %who.staff.id, person = %profile.id, "added a member of staff");
    Ok((StatusCode::CREATED, Json(IssuedCode { staff: profile, code })))
}

/// `PUT /api/v1/staff/{id}`: a new name, role or zone, or (de)activation.
pub async fn change_staff<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiPath(id): ApiPath,
    ApiJson(change): ApiJson<StaffChange>,
) -> Result<Json<StaffMember>, AppError> {
    let before = managed(&state, &who, &id).await?;
    let site = before.profile.site.clone();
    let person = checked_person(
        &state,
        &who,
        &site,
        before.profile.id.clone(),
        change.display_name.trim(),
        change.role,
        change.zone,
    )?;
    let profile = profile_of(person, &site);
    let log = record_of(
        &who,
        &site,
        "staff_changed",
        profile.id.as_str(),
        Some(member_json(&before.profile, before.active)),
        Some(member_json(&profile, change.active)),
    );
    let write = AdminWrite::Staff { profile: profile.clone(), active: change.active };
    administer(&state, &[write], &[log]).await?;
    tracing::info!(staff = %who.staff.id, person = %profile.id, active = change.active, "changed a member of staff");
    Ok(Json(StaffMember { profile, active: change.active, paused_until: None }))
}

/// `POST /api/v1/staff/{id}/code`: a new personal code (the old one stops working; pauses are lifted).
pub async fn issue_code<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiPath(id): ApiPath,
) -> Result<Json<IssuedCode>, AppError> {
    let staff = managed(&state, &who, &id).await?;
    let site = staff.profile.site.clone();
    let (code, record) = issue(digits(&state, &site).await?, &state, &site, person_of(&staff.profile));
    let log = record_of(&who, &site, "code_issued", staff.profile.id.as_str(), None, None);
    let id = staff.profile.id.clone();
    let writes = [
        AdminWrite::Code { staff: id.clone(), salt: record.code_salt, hash: record.code_hash },
        AdminWrite::Unlock(id),
    ];
    administer(&state, &writes, &[log]).await?;
    tracing::info!(staff = %who.staff.id, person = %staff.profile.id, "issued a personal code");
    Ok(Json(IssuedCode { staff: staff.profile, code }))
}

/// `DELETE /api/v1/staff/{id}/pause`: lifts every sign-in pause of the person.
pub async fn lift_pause<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiPath(id): ApiPath,
) -> Result<StatusCode, AppError> {
    let staff = managed(&state, &who, &id).await?;
    let log = record_of(&who, &staff.profile.site, "pause_lifted", staff.profile.id.as_str(), None, None);
    administer(&state, &[AdminWrite::Unlock(staff.profile.id.clone())], &[log]).await?;
    tracing::info!(staff = %who.staff.id, person = %staff.profile.id, "lifted sign-in pauses");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/staff-import`: plans a personnel export line by line; applies it (when asked and no line is
/// refused) in one transaction, with a code for each person added.
pub async fn import_staff<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(who, _): Permitted<needs::ManageStaff>,
    ApiJson(import): ApiJson<StaffImport>,
) -> Result<Json<ImportReport>, AppError> {
    let site = site_of(&state, &who, import.site)?;
    let places = state.places();
    let zones: Vec<(ZoneId, String)> =
        places.zones.iter().filter(|(_, z)| z.site == site).map(|(id, z)| (id.clone(), z.name.clone())).collect();
    let staff: Vec<(SiteId, Person, bool)> = state
        .store
        .staff()
        .await?
        .into_iter()
        .map(|s| (s.profile.site.clone(), person_of(&s.profile), s.active))
        .collect();
    let into = ImportInto { importer: (who.staff.role, &who.staff.site), site: &site, zones: &zones, staff: &staff };
    let lines = plan_import(&import.csv, into).map_err(|error| {
        let words = format!("The file cannot be imported: {error}.");
        AppError::bad(Problem::StaffFile, words)
    })?;
    if let Some(id) = lines.iter().find_map(|l| match &l.outcome {
        LineOutcome::Add { person } if person.id.is_reserved() => Some(person.id.clone()),
        _ => None,
    }) {
        return Err(reserved(&id));
    }
    let refused = lines.iter().any(|l| matches!(l.outcome, LineOutcome::Refused { .. }));
    if import.dry_run || refused {
        return Ok(Json(ImportReport { lines, applied: false, codes: Vec::new() }));
    }
    let (mut writes, mut log, mut codes) = (Vec::new(), Vec::new(), Vec::new());
    let digits = digits(&state, &site).await?;
    for line in &lines {
        match &line.outcome {
            LineOutcome::Add { person } => {
                let (code, record) = issue(digits, &state, &site, person.clone());
                let after = member_json(&record.profile, true);
                log.push(record_of(&who, &site, "staff_imported", person.id.as_str(), None, Some(after)));
                codes.push(IssuedCode { staff: record.profile.clone(), code });
                writes.push(AdminWrite::NewStaff(record));
            }
            LineOutcome::Change { before, after } => {
                let (before, after) = (profile_of(before.clone(), &site), profile_of(after.clone(), &site));
                let entry = (Some(member_json(&before, true)), Some(member_json(&after, true)));
                log.push(record_of(&who, &site, "staff_imported", after.id.as_str(), entry.0, entry.1));
                writes.push(AdminWrite::Staff { profile: after, active: true });
            }
            LineOutcome::Same { .. } | LineOutcome::Refused { .. } => {}
        }
    }
    administer(&state, &writes, &log).await?;
    tracing::info!(staff = %who.staff.id, site = %site, added = codes.len(), changes = writes.len(), "imported staff");
    Ok(Json(ImportReport { lines, applied: true, codes }))
}

/// The site a call is about: a supervisor's own; any existing one a city administrator names.
fn site_of<S>(state: &AppState<S>, who: &Authenticated, named: Option<SiteId>) -> Result<SiteId, AppError> {
    let site = site_named(state, who, named)?;
    if state.places().sites.get(&site).is_some_and(|s| s.kind == floordesk_domain::SiteKind::Office) {
        return Err(not_yours(
            "The programme's office has no floor staff: name a site. City administrators are made on the server's \
             command line.",
        ));
    }
    Ok(site)
}

fn site_named<S>(state: &AppState<S>, who: &Authenticated, named: Option<SiteId>) -> Result<SiteId, AppError> {
    match named {
        None => Ok(who.staff.site.clone()),
        Some(site) if site == who.staff.site => Ok(site),
        Some(site) if who.staff.role == Role::CityAdmin => {
            if state.places().sites.contains_key(&site) {
                Ok(site)
            } else {
                Err(AppError::new(ErrorCode::NotFound, format!("There is no site {site}; refresh the list of sites.")))
            }
        }
        Some(_) => Err(not_yours("A supervisor looks after the staff of their own site only.")),
    }
}

/// A member of staff the caller may change: of a site and role they manage (else no such person).
async fn managed<S: Store>(state: &AppState<S>, who: &Authenticated, id: &str) -> Result<StaffRecord, AppError> {
    let no_such = || AppError::new(ErrorCode::NotFound, "Your site has no such person; refresh the list of staff.");
    let id = StaffId::new(id).map_err(|_| no_such())?;
    let staff = state.store.staff_by_id(&id).await?.ok_or_else(no_such)?;
    if staff.profile.site != who.staff.site && who.staff.role != Role::CityAdmin {
        return Err(no_such());
    }
    if !who.staff.role.manages(&who.staff.site, staff.profile.role, &staff.profile.site) {
        return Err(not_yours(
            "This person's role is not yours to change (a supervisor is set up by the city's administrators).",
        ));
    }
    Ok(staff)
}

/// A person as asked for, checked: a name, a role the caller may give at `site`, and for an administrator a zone
/// of that site (others cover the whole site).
fn checked_person<S>(
    state: &AppState<S>,
    who: &Authenticated,
    site: &SiteId,
    id: StaffId,
    name: &str,
    role: Role,
    zone: Option<ZoneId>,
) -> Result<Person, AppError> {
    AppError::check_text("display_name", name, MAX_TEXT_CHARS, || {
        format!("Write the person's full name in 1 to {MAX_TEXT_CHARS} characters.")
    })?;
    if id.is_reserved() {
        return Err(reserved(&id));
    }
    if !who.staff.role.manages(&who.staff.site, role, site) {
        return Err(not_yours(
            "You may not give this role here (supervisors are set up by the city's administrators).",
        ));
    }
    let zone = match (role, zone) {
        (Role::Administrator, Some(zone)) if state.places().zones.get(&zone).is_some_and(|z| z.site == *site) => {
            Some(zone)
        }
        (Role::Administrator, _) => {
            return Err(AppError::bad(Problem::Zone, "An administrator covers a zone of the site; choose one."));
        }
        _ => None,
    };
    Ok(Person { id, display_name: name.to_owned(), role, zone })
}

/// A personal number kept for the system (the rules act as `rules`): nobody may have it.
fn reserved(id: &StaffId) -> AppError {
    AppError::bad(Problem::IdTaken, format!("The id {id} is kept for the system; choose another."))
}

/// The length of the codes `site` issues.
async fn digits<S: Store>(state: &AppState<S>, site: &SiteId) -> Result<u8, AppError> {
    Ok(state.store.site_settings().await?.get(site).map_or(DEFAULT_CODE_DIGITS, |s| s.code_digits))
}

/// A new code of `digits` for `person`, and the record that keeps its keyed hash.
fn issue<S>(digits: u8, state: &AppState<S>, site: &SiteId, person: Person) -> (String, StaffRecord) {
    let auth::NewCode { code, salt, hash } = state.code_key.new_code(digits);
    let record = StaffRecord {
        code_hash: hash,
        code_salt: salt,
        profile: profile_of(person, site),
        demo_code: None,
        active: true,
    };
    (code, record)
}

/// Writes a batch with its log; a taken id is a 409.
pub(crate) async fn administer<S: Store>(
    state: &AppState<S>,
    writes: &[AdminWrite],
    log: &[AdminRecord],
) -> Result<(), AppError> {
    match state.store.administer(writes, log).await? {
        Ok(()) => Ok(()),
        Err(Taken(id)) => Err(AppError {
            status: StatusCode::CONFLICT,
            error: ApiError::bad(Problem::IdTaken, format!("The id {id} is taken already; choose another.")),
        }),
    }
}

/// A log entry of the caller's at this moment.
pub(crate) fn record_of(
    who: &Authenticated,
    site: &SiteId,
    action: &'static str,
    target: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AdminRecord {
    AdminRecord {
        site: site.clone(),
        actor: who.staff.id.clone(),
        at: now(),
        action,
        target: target.to_owned(),
        before,
        after,
    }
}

fn person_of(profile: &StaffProfile) -> Person {
    Person {
        id: profile.id.clone(),
        display_name: profile.display_name.clone(),
        role: profile.role,
        zone: profile.zone.clone(),
    }
}

fn profile_of(person: Person, site: &SiteId) -> StaffProfile {
    StaffProfile {
        id: person.id,
        display_name: person.display_name,
        role: person.role,
        site: site.clone(),
        zone: person.zone,
    }
}

pub(crate) fn not_yours(words: &str) -> AppError {
    let error = ApiError { problem: Some(Problem::NotYours), ..ApiError::new(ErrorCode::Forbidden, words) };
    AppError { status: StatusCode::FORBIDDEN, error }
}
