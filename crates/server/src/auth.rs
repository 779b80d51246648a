//! Personal codes, bearer tokens and the extractor that turns a request into a signed-in person.
//!
//! Codes and tokens are stored only as SHA-256 hashes; the plain token exists in the login answer and on the
//! client, never in the database or the log.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use floordesk_domain::{FeedScope, Permission, Timestamp};
use floordesk_protocol::{ErrorCode, StaffProfile};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;
use crate::store::Store;

/// How long a sign-in lasts: one long shift.
pub const SESSION_HOURS: i64 = 14;

/// Wrong codes in a row before sign-in is paused. Personal codes are short (four digits), so no hash can protect
/// them against someone holding a copy of the database; what protects them is this limit on guessing online.
pub const MAX_FAILED_LOGINS: u32 = 5;

/// How long sign-in stays paused after [`MAX_FAILED_LOGINS`] wrong codes.
pub const LOCK_MINUTES: i64 = 15;

/// A fresh random value as hex: 32 bytes for tokens, 16 for salts.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The stored hash of a personal code.
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
        Permission::ViewKpi => "Only supervisors can see the service indicators.",
        Permission::ViewAudit => "Only supervisors can read the audit log.",
        Permission::PostGoodStory => "Your role may not post good stories.",
        _ => "Your role may not do this.",
    }
}

/// The person behind `token`, if it is valid, unexpired and not revoked.
pub async fn authenticate<S: Store>(state: &AppState<S>, token: &str) -> Result<Authenticated, AppError> {
    let token_hash = hash_token(token);
    let session = state.store.session(&token_hash).await?;
    let now = crate::state::now();
    match &session {
        Some(s) if s.revoked => {
            return Err(AppError::new(ErrorCode::Unauthorized, "This sign-in was ended; sign in again."))
        }
        Some(s) if s.expires_at <= now => {
            return Err(AppError::new(ErrorCode::Unauthorized, "This sign-in has expired; sign in again."))
        }
        Some(_) => {}
        None => return Err(AppError::new(ErrorCode::Unauthorized, "Unknown access token; sign in again.")),
    }
    let session = session.ok_or_else(|| AppError::new(ErrorCode::Unauthorized, "Sign in again."))?;
    let staff = state
        .store
        .staff_by_id(&session.staff)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::Unauthorized, "This account no longer exists."))?;
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
    fn random_tokens_differ_and_have_the_asked_length() {
        let a = random_hex(32);
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_hex(32));
    }
}
