//! Personal codes, bearer tokens and the extractor that turns a request into a signed-in person.
//!
//! Tokens are stored only as SHA-256 hashes; the plain token exists in the login answer and on the client, never in
//! the database or the log. Personal codes are stored keyed: HMAC-SHA-256 with the server's [`CodeKey`], a secret
//! kept outside the database, so a copy of the database alone does not give short codes away.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use floordesk_domain::{FeedScope, Permission, Timestamp};
use floordesk_protocol::{ErrorCode, StaffProfile};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AttemptLimit, Store};

/// How long a sign-in lasts: one long shift.
pub const SESSION_HOURS: i64 = 14;

/// Attempts of one person from one source (an enrolled device, or a browser's address) before sign-in is paused
/// for them there: five in a quarter of an hour. The person on their own device is not affected.
pub const PERSON_ATTEMPTS: AttemptLimit = AttemptLimit { limit: 5, window_minutes: 15, pause_minutes: 15 };

/// Wrong codes for one person from browsers, all addresses together, before browser sign-in is paused for them:
/// twenty in an hour (one address allows five; this bounds guessing from many). Their handheld is not affected.
pub const BROWSER_ATTEMPTS: AttemptLimit = AttemptLimit { limit: 20, window_minutes: 60, pause_minutes: 60 };

/// The source the [`BROWSER_ATTEMPTS`] of a person are counted under.
pub const ANY_ADDRESS: &str = "addr:*";

/// Wrong codes from one source over everyone before that source is paused: thirty in an hour. A right code does not
/// count; this bounds guessing at everyone's codes from one place.
pub const SOURCE_ATTEMPTS: AttemptLimit = AttemptLimit { limit: 30, window_minutes: 60, pause_minutes: 60 };

/// The shortest server secret for hashing codes, in characters.
pub const MIN_CODE_KEY_CHARS: usize = 32;

/// The server's secret for hashing personal codes. Never in the database; from the configuration, or a key file
/// beside an SQLite database (see `Server::bind`).
#[derive(Clone)]
pub struct CodeKey(std::sync::Arc<[u8]>);

impl PartialEq for CodeKey {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for CodeKey {}

impl std::fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKey(…)")
    }
}

/// Whether a code matches its stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMatch {
    /// It matches, hashed with the key.
    Keyed,
    /// It matches a hash of before the key ([`hash_code`]): store it again with the key.
    Unkeyed,
    /// It does not match.
    No,
}

impl CodeKey {
    /// A key from a secret of at least [`MIN_CODE_KEY_CHARS`] characters.
    pub fn new(secret: &str) -> Result<Self, String> {
        let secret = secret.trim();
        if secret.chars().count() < MIN_CODE_KEY_CHARS {
            return Err(format!(
                "the code key must be at least {MIN_CODE_KEY_CHARS} characters (e.g. `openssl rand -hex 32`)"
            ));
        }
        Ok(Self(secret.as_bytes().into()))
    }

    /// A fresh random key (a server with an in-memory database).
    pub fn random() -> Self {
        Self(random_hex(32).into_bytes().into())
    }

    /// A fresh code of `digits` digits with a fresh salt, hashed with this key.
    pub fn new_code(&self, digits: u8) -> NewCode {
        let (code, salt) = (random_code(digits), random_hex(16));
        NewCode { hash: self.hash(&salt, &code), code, salt }
    }

    /// The stored form of `code`: `k1$` and the hex of HMAC-SHA-256(key, salt:code).
    pub fn hash(&self, salt: &str, code: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("any length"));
        mac.update(format!("{salt}:{code}").as_bytes());
        format!("{KEYED}{}", hex::encode(mac.finalize().into_bytes()))
    }

    /// Compares `code` with its stored hash (in constant time for a keyed one).
    pub fn matches(&self, stored: &str, salt: &str, code: &str) -> CodeMatch {
        if let Some(keyed) = stored.strip_prefix(KEYED) {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("any length"));
            mac.update(format!("{salt}:{code}").as_bytes());
            match hex::decode(keyed) {
                Ok(expected) if mac.verify_slice(&expected).is_ok() => CodeMatch::Keyed,
                _ => CodeMatch::No,
            }
        } else if hash_code(salt, code) == stored {
            CodeMatch::Unkeyed
        } else {
            CodeMatch::No
        }
    }
}

/// The prefix of a keyed code hash.
const KEYED: &str = "k1$";

/// Whether a stored code hash was made with a key.
pub fn is_keyed(stored: &str) -> bool {
    stored.starts_with(KEYED)
}

/// A fresh random value as hex: 32 bytes for tokens, 16 for salts.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A fresh personal code of `digits` digits.
fn random_code(digits: u8) -> String {
    let mut rng = rand::rng();
    (0..digits).map(|_| char::from(b'0' + (rng.next_u32() % 10) as u8)).collect()
}

/// A personal code just issued: the code (shown once), and how it is stored — a fresh salt and the keyed hash.
#[derive(Debug)]
pub struct NewCode {
    pub code: String,
    pub salt: String,
    pub hash: String,
}

/// The unkeyed hash of a personal code, as stored before the key: still read (and replaced at the next sign-in),
/// and written by seeds that do not know the server's key.
pub fn hash_code(salt: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{salt}:{code}").as_bytes()))
}

/// The stored hash of a bearer token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The person behind a valid, unexpired, unrevoked bearer token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub staff: StaffProfile,
    pub token_hash: String,
    /// The enrolled device the session was opened on; none for a browser.
    pub device: Option<String>,
    pub expires_at: Timestamp,
}

impl Authenticated {
    /// Refuses (`403`, logged with who and what) a person whose role does not have `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.staff.role.can(permission) {
            return Ok(());
        }
        tracing::warn!(staff = %self.staff.id, role = ?self.staff.role, ?permission, "denied");
        Err(AppError::new(ErrorCode::Forbidden, refusal(permission)))
    }

    /// The part of the site's change feed this person receives.
    pub fn feed_scope(&self) -> FeedScope {
        FeedScope::of(&self.staff.id, self.staff.role, self.staff.zone.as_ref())
    }
}

/// Why a role without `permission` is refused, in words that say who may.
fn refusal(permission: Permission) -> &'static str {
    match permission {
        Permission::ManageDevices => "Only a supervisor can enrol or withdraw devices.",
        Permission::ManageKnowledgeBase => "Only a supervisor can change the answer templates.",
        Permission::ManageStaff => "Only a supervisor can look after the site's staff.",
        Permission::ManageSites => "Only the city programme's administrators set up sites.",
        Permission::ViewKpi => "Only supervisors can see the service indicators.",
        Permission::ViewAudit => "Only supervisors can read the audit log.",
        Permission::PostGoodStory => "Your role may not post good stories.",
        _ => "Your role may not do this.",
    }
}

/// The person behind `token`, if it is valid, unexpired and not revoked.
pub async fn authenticate<S: Store>(state: &AppState<S>, token: &str) -> Result<Authenticated, AppError> {
    authenticate_hash(state, hash_token(token)).await
}

/// The person behind the session with this token hash (a live ticket's), as [`authenticate`] finds them.
pub async fn authenticate_hash<S: Store>(state: &AppState<S>, token_hash: String) -> Result<Authenticated, AppError> {
    let Some((session, staff)) = state.store.signed_in(&token_hash).await? else {
        return Err(AppError::new(ErrorCode::Unauthorized, "Unknown access token; sign in again."));
    };
    if session.revoked {
        return Err(AppError::new(ErrorCode::Unauthorized, "This sign-in was ended; sign in again."));
    }
    if session.expires_at <= crate::state::now() {
        return Err(AppError::new(ErrorCode::Unauthorized, "This sign-in has expired; sign in again."));
    }
    if !staff.active {
        return Err(AppError::new(ErrorCode::Unauthorized, "This account is no longer active; ask a supervisor."));
    }
    Ok(Authenticated { staff: staff.profile, token_hash, device: session.device, expires_at: session.expires_at })
}

impl<S: Store> FromRequestParts<AppState<S>> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState<S>) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .ok_or_else(|| AppError::new(ErrorCode::Unauthorized, "Sign in first: the request has no access token."))?;
        let token = header.to_str().ok().and_then(|h| h.strip_prefix("Bearer ")).ok_or_else(|| {
            AppError::new(ErrorCode::Unauthorized, "The Authorization header must be `Bearer <token>`.")
        })?;
        authenticate(state, token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_hash_depends_on_salt_and_code() {
        assert_eq!(hash_code("s", "1234"), hash_code("s", "1234"));
        assert_ne!(hash_code("s", "1234"), hash_code("t", "1234"));
        assert_ne!(hash_code("s", "1234"), hash_code("s", "1235"));
        assert_eq!(hash_code("s", "1234").len(), 64);
    }

    #[test]
    fn keyed_hashes_need_the_key_and_old_hashes_are_still_read() {
        let key = CodeKey::new("0123456789abcdef0123456789abcdef").unwrap();
        let other = CodeKey::new("fedcba9876543210fedcba9876543210").unwrap();
        let stored = key.hash("s", "1234");
        assert!(stored.starts_with("k1$") && stored.len() == 3 + 64, "{stored}");
        assert_eq!(key.matches(&stored, "s", "1234"), CodeMatch::Keyed);
        assert_eq!(key.matches(&stored, "s", "1235"), CodeMatch::No);
        assert_eq!(other.matches(&stored, "s", "1234"), CodeMatch::No, "another server's key");
        assert_ne!(stored, other.hash("s", "1234"));
        assert_eq!(key.matches(&hash_code("s", "1234"), "s", "1234"), CodeMatch::Unkeyed);
        assert_eq!(key.matches("k1$zz", "s", "1234"), CodeMatch::No);
        assert!(CodeKey::new("short").is_err());
        assert_eq!(format!("{key:?}"), "CodeKey(…)");
    }

    #[test]
    fn random_tokens_differ_and_have_the_asked_length() {
        let a = random_hex(32);
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex(32));
    }
}
