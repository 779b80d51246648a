//! What rules left on a task, in words: made by a rule, given automatically, a reminder for its holder, why it asks
//! the supervisors' attention, the visitor's owner ("one window").

use floordesk_domain::{Alert, AlertStage, RuleKind, StaffId, Task};
use leptos::prelude::*;

use crate::i18n::{t, Lang, Msg, UiLang};

/// The reminder's words.
pub fn reminder(lang: Lang, alert: &Alert) -> &'static str {
    t(
        lang,
        match alert.rule {
            RuleKind::StartReminder => Msg::RemindStart,
            RuleKind::AidFirst => Msg::RemindAid,
            RuleKind::ChildcareEnding => Msg::RemindChildcare,
            _ => Msg::RemindOther,
        },
    )
}

/// Why a task asks the supervisors' attention.
pub fn why(lang: Lang, alert: &Alert) -> &'static str {
    t(
        lang,
        match (alert.rule, alert.stage) {
            (_, AlertStage::Suggest) => Msg::WhySuggested,
            (RuleKind::StartEscalation, AlertStage::Breach) => Msg::WhyStartBreach,
            (RuleKind::StartEscalation, _) => Msg::WhyStartLate,
            (RuleKind::CrewDue, _) => Msg::WhyCrew,
            (RuleKind::ChildcareEnding, _) => Msg::WhyChildcare,
            (RuleKind::WrittenAck, AlertStage::Breach) => Msg::WhyWrittenBreach,
            (RuleKind::WrittenAck, _) => Msg::WhyWritten,
            (RuleKind::LowRating, _) => Msg::WhyLowRating,
            _ => Msg::WhyUnassigned,
        },
    )
}

/// One line a card shows of what rules left on it.
#[derive(Debug, Clone)]
enum Note {
    Made,
    Given,
    Owner,
    Remind(Alert),
    Attention(Alert),
}

impl Note {
    fn class(&self) -> &'static str {
        match self {
            Note::Made => "rule made",
            Note::Given => "rule given",
            Note::Owner => "rule owner",
            Note::Remind(_) => "rule remind",
            Note::Attention(_) => "rule attention",
        }
    }

    fn words(&self, lang: Lang) -> &'static str {
        match self {
            Note::Made => t(lang, Msg::MadeByRule),
            Note::Given => t(lang, Msg::GivenAutomatically),
            Note::Owner => t(lang, Msg::CaseOwnerMe),
            Note::Remind(alert) => reminder(lang, alert),
            Note::Attention(alert) => why(lang, alert),
        }
    }
}

/// The lines a card shows of what rules left on `task`, for `me` (`oversees`: whoever gives out the work).
#[component]
pub fn RuleNotes(task: Task, me: StaffId, oversees: bool) -> impl IntoView {
    let lang = UiLang::expect();
    let held = task.assignee.as_ref() == Some(&me);
    let notes = [
        task.made_by.map(|_| Note::Made),
        task.given_by.filter(|_| held).map(|_| Note::Given),
        (task.case_owner.as_ref() == Some(&me) && task.status.is_open()).then_some(Note::Owner),
        task.reminder().filter(|a| held && a.staff.as_ref() == Some(&me)).cloned().map(Note::Remind),
        task.attention().filter(|_| oversees).cloned().map(Note::Attention),
    ];
    notes
        .into_iter()
        .flatten()
        .map(|note| {
            let class = note.class();
            view! { <p class=class>{move || note.words(lang.get())}</p> }
        })
        .collect_view()
}
