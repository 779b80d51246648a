//! Import of a site's staff from the file a personnel department exports (full name, position, zone, personal
//! number): a check first, which shows what each line would do and every error by its line, then the import, which
//! takes the whole file or nothing. Importing the same file again changes nothing.

use floordesk_domain::{ImportLine, LineError, LineOutcome};
use floordesk_protocol::admin::{ImportReport, IssuedCode, StaffImport};
use floordesk_protocol::{api, ApiError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::codes::IssuedCodes;
use super::text::{self, t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::i18n::{self as floor, Lang, UiLang};

/// The file, its check and its import.
#[component]
pub fn ImportScreen(api: HttpApi) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let report = RwSignal::new(None::<ImportReport>);
    let codes = RwSignal::new(Vec::<IssuedCode>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let send = move |dry_run: bool| {
        let api = api.clone();
        busy.set(true);
        spawn_local(async move {
            let request = StaffImport { site: None, csv: csv.get_untracked(), dry_run };
            match api.signed::<api::ImportStaff>(None, &(), &request).await {
                Ok(r) => {
                    failure.set(None);
                    codes.set(r.codes.clone());
                    report.set(Some(r));
                }
                Err(e) => {
                    report.set(None);
                    failure.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let check = {
        let send = send.clone();
        move |_| send(true)
    };
    let apply = move |_| send(false);
    // A file chosen is read as text into the field (the check sends the text).
    let read_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                csv.set(text.as_string().unwrap_or_default());
                report.set(None);
            }
        });
    };
    // The import is offered once the file was checked, without errors, with something to change.
    let can_apply = move || {
        report.get().is_some_and(|r| {
            !r.applied
                && r.lines.iter().all(|l| !matches!(l.outcome, LineOutcome::Refused { .. }))
                && r.lines.iter().any(|l| !matches!(l.outcome, LineOutcome::Same { .. }))
        })
    };
    view! {
        <section class="admin-screen" id="import">
            <h2>{tr(Msg::ImportTitle)}</h2>
            <p class="hint">{tr(Msg::ImportHint)}</p>
            <IssuedCodes codes=codes />
            <div class="admin-form">
                <label>
                    {tr(Msg::ImportFile)}
                    <input id="import-file" type="file" accept=".csv,text/csv,text/plain" on:change=read_file />
                </label>
                <label class="wide">
                    {tr(Msg::ImportText)}
                    <textarea
                        id="import-csv"
                        rows="6"
                        spellcheck="false"
                        prop:value=move || csv.get()
                        on:input=move |ev| {
                            csv.set(event_target_value(&ev));
                            report.set(None);
                        }
                    ></textarea>
                </label>
                <button id="import-check" type="button" class="primary" disabled=move || busy.get() on:click=check>
                    {tr(Msg::Check)}
                </button>
                <Show when=can_apply>
                    <button
                        id="import-apply"
                        type="button"
                        class="primary"
                        disabled=move || busy.get()
                        on:click=apply.clone()
                    >
                        {tr(Msg::Apply)}
                    </button>
                </Show>
            </div>
            <Refusal failure=failure />
            {move || report.get().map(|r| view! { <Report report=r /> })}
        </section>
    }
}

/// What the file does, line by line.
#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let lang = UiLang::expect();
    let refused = report.lines.iter().any(|l| matches!(l.outcome, LineOutcome::Refused { .. }));
    let changes = report.lines.iter().any(|l| !matches!(l.outcome, LineOutcome::Same { .. }));
    let summary = match (report.applied, refused, changes) {
        (_, true, _) => Msg::ImportRefused,
        (true, ..) => Msg::ImportApplied,
        (false, false, false) => Msg::ImportNothing,
        (false, false, true) => Msg::ImportPlanned,
    };
    view! {
        <p id="import-summary" class:error=refused role="status">
            {tr(summary)}
        </p>
        <table class="import-report">
            <thead>
                <tr>
                    <th>{tr(Msg::Line)}</th>
                    <th>{tr(Msg::Outcome)}</th>
                    <th>{tr(Msg::FullName)}</th>
                    <th>{tr(Msg::StaffNumber)}</th>
                    <th>{tr(Msg::Role)}</th>
                </tr>
            </thead>
            <tbody>
                {report
                    .lines
                    .into_iter()
                    .map(|line| {
                        let (number, class) = (line.line, outcome_class(&line.outcome));
                        view! {
                            <tr data-line=number class=class>
                                <td>{number}</td>
                                {move || described(lang.get(), &line)}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

fn outcome_class(outcome: &LineOutcome) -> &'static str {
    match outcome {
        LineOutcome::Add { .. } => "add",
        LineOutcome::Change { .. } => "change",
        LineOutcome::Same { .. } => "same",
        LineOutcome::Refused { .. } => "refused",
    }
}

/// A line's cells after its number: what happens, and to whom (or what is wrong).
fn described(lang: Lang, line: &ImportLine) -> impl IntoView {
    let (what, person) = match &line.outcome {
        LineOutcome::Add { person } => (t(lang, Msg::OutcomeAdd).to_owned(), Some(person)),
        LineOutcome::Change { after, .. } => (t(lang, Msg::OutcomeChange).to_owned(), Some(after)),
        LineOutcome::Same { person } => (t(lang, Msg::OutcomeSame).to_owned(), Some(person)),
        LineOutcome::Refused { error } => {
            (format!("{}: {}", t(lang, Msg::OutcomeRefused), line_error(lang, error)), None)
        }
    };
    match person {
        Some(p) => view! {
            <td>{what}</td>
            <td>{p.display_name.clone()}</td>
            <td>{p.id.to_string()}</td>
            <td>{floor::role(lang, p.role)}</td>
        }
        .into_any(),
        None => view! {
            <td colspan="4" class="error">
                {what}
            </td>
        }
        .into_any(),
    }
}

/// What is wrong with a line, in words.
fn line_error(lang: Lang, error: &LineError) -> String {
    match error {
        LineError::Columns { found } => text::line_columns(lang, found),
        LineError::PersonalNumber { value } => text::line_number(lang, value),
        LineError::Name => t(lang, Msg::LineName).to_owned(),
        LineError::Position { value } => text::line_position(lang, value),
        LineError::Zone { value } => text::line_zone(lang, value),
        LineError::ZoneNeeded => t(lang, Msg::LineZoneNeeded).to_owned(),
        LineError::Repeated { first_line } => text::line_repeated(lang, first_line),
        LineError::OtherSite => t(lang, Msg::LineOtherSite).to_owned(),
        LineError::NotYours => t(lang, Msg::LineNotYours).to_owned(),
    }
}
