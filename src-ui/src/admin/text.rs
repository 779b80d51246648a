//! Site administration's texts, `locales/admin/*.ftl`, compiled by build.rs into this bundle only; and its wording of
//! the refusals particular to administration (the rest are worded as on the floor).

use floordesk_protocol::{ApiError, ErrorCode, Problem};

use crate::i18n::{Lang, UiLang};

include!(concat!(env!("OUT_DIR"), "/admin_messages.rs"));

/// `msg` in the page's language, followed by the reactive scope that reads it.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = UiLang::expect();
    move || t(lang.get(), msg)
}

/// An administration call's refusal in the reader's language.
pub fn error(lang: Lang, e: &ApiError) -> String {
    let msg = match (e.code, &e.problem) {
        (ErrorCode::BadRequest | ErrorCode::Forbidden, Some(problem)) => match problem {
            Problem::SiteName => Msg::ProblemSiteName,
            Problem::TimeZone => Msg::ProblemTimeZone,
            Problem::OpeningHours => Msg::ProblemOpeningHours,
            Problem::RetentionDays => Msg::ProblemRetention,
            Problem::CodeDigits => Msg::ProblemCodeDigits,
            Problem::SiteKind => Msg::ProblemSiteKind,
            Problem::Zone => Msg::ProblemZone,
            Problem::NotYours => Msg::ProblemNotYours,
            Problem::IdTaken => Msg::ProblemIdTaken,
            // A field in administration's words (the morning notes'), or else the floor app's.
            Problem::Field { error } => {
                let label = |field: &str| match field {
                    "goals" => Some(t(lang, Msg::WireFieldGoals).to_owned()),
                    "for_what" => Some(t(lang, Msg::WireFieldForWhat).to_owned()),
                    _ => crate::i18n::wire_label(lang, field),
                };
                return crate::i18n::invalid(lang, error, &label);
            }
            _ => return crate::i18n::error(lang, e),
        },
        _ => return crate::i18n::error(lang, e),
    };
    t(lang, msg).to_owned()
}

#[cfg(test)]
mod tests {
    use floordesk_domain::ValidationError;

    use super::*;

    #[test]
    fn every_text_is_there_in_both_languages_and_the_russian_is_russian() {
        for msg in Msg::ALL {
            assert!(!t(Lang::En, msg).trim().is_empty(), "{msg:?} in English");
            let ru = t(Lang::Ru, msg);
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))), "{msg:?}: {ru}");
        }
        assert_eq!(line_repeated(Lang::Ru, 3), "этот табельный номер уже был в строке 3");
        assert_eq!(clock_behind(Lang::En, 12), "its clock is 12 min behind");
    }

    #[test]
    fn a_refusal_of_administration_is_worded_by_its_problem_and_the_rest_as_on_the_floor() {
        let zone = ApiError::bad(Problem::TimeZone, "No such time zone.");
        assert_eq!(error(Lang::Ru, &zone), "Такого часового пояса нет: укажите его как Europe/Moscow.");
        let field = ApiError::bad(Problem::Field { error: ValidationError::Empty { field: "name".into() } }, "x");
        assert_eq!(error(Lang::Ru, &field), crate::i18n::error(Lang::Ru, &field));
        let paused = ApiError::new(ErrorCode::TooManyAttempts, "Paused.");
        assert_eq!(error(Lang::En, &paused), crate::i18n::error(Lang::En, &paused));
    }
}
