//! The morning meeting at the desk: the floor app's pack of yesterday, and what the supervisor keeps with it — the
//! day's goals and the people to thank — written here, saved with the pack's day (`/api/v1/morning/{id}`, the id a day) and
//! printed with the pack (the form is the screen's, the saved notes the paper's).

use floordesk_domain::{StaffId, Timestamp};
use floordesk_protocol::{
    api, ApiError, MorningNotes, MorningNotesDraft, StaffProfile, Thanks, MAX_MORNING_GOALS, MAX_MORNING_THANKS,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{t, tr, Msg};
use super::Refusal;
use crate::api::{Api, Backend, HttpApi};
use crate::i18n::UiLang;

/// The site's day a pack reports on, `YYYY-MM-DD`, from when its day began and the site's offset from UTC.
fn pack_day(from: Timestamp, utc_offset_minutes: i32) -> String {
    chrono::DateTime::from_timestamp_millis(from.0 + i64::from(utc_offset_minutes) * 60_000)
        .map(|t| t.date_naive().format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The goals typed one per line, blank lines left out.
fn goals_of(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The notes' part of the morning pack (see [`crate::morning::MorningPack`]).
pub fn notes_view(from: Timestamp, utc_offset_minutes: i32) -> AnyView {
    let Backend::Http(api) = expect_context::<Backend>() else { return ().into_any() };
    view! { <MorningNotesPanel api=api day=pack_day(from, utc_offset_minutes) /> }.into_any()
}

/// One line of the people to thank as typed: who (a staff id, or none yet) and what for.
#[derive(Debug, Clone, Default, PartialEq)]
struct Line {
    who: String,
    for_what: String,
}

#[component]
fn MorningNotesPanel(api: HttpApi, day: String) -> impl IntoView {
    let lang = UiLang::expect();
    let kept = RwSignal::new(None::<MorningNotes>);
    let goals = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<Line>::new());
    let people = RwSignal::new(Vec::<StaffProfile>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    // Nothing is typed or saved before the kept notes have come: a late answer would overwrite what was typed, and
    // saving a form that never loaded would wipe them.
    let loaded = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    {
        let (api, day) = (api.clone(), day.clone());
        spawn_local(async move {
            if let Ok(directory) = api.directory().await {
                let mut staff: Vec<StaffProfile> = directory.staff.into_iter().map(|e| e.staff).collect();
                staff.sort_by(|a, b| a.display_name.cmp(&b.display_name));
                people.set(staff);
            }
            match api.signed::<api::GetMorningNotes>(Some(&day), &(), &()).await {
                Ok(notes) => {
                    goals.set(notes.goals.join("\n"));
                    lines.set(
                        notes
                            .thanks
                            .iter()
                            .map(|t| Line { who: t.staff.to_string(), for_what: t.for_what.clone() })
                            .collect(),
                    );
                    kept.set(Some(notes));
                    loaded.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    }
    let name = move |id: &StaffId| {
        people.with(|p| p.iter().find(|p| &p.id == id).map_or_else(|| id.to_string(), |p| p.display_name.clone()))
    };
    let shown_day = day.clone();
    // At most so many people to thank: no line is offered past it.
    let full = move || lines.with(Vec::len) >= MAX_MORNING_THANKS;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let goals = goals_of(&goals.get_untracked());
        // A thanks whose person is not chosen is not dropped unsaid; a line left wholly blank is.
        let lines: Vec<Line> = lines.get_untracked().into_iter().filter(|l| *l != Line::default()).collect();
        let thanks: Vec<Thanks> = lines
            .iter()
            .filter_map(|l| {
                StaffId::new(l.who.clone()).ok().map(|staff| Thanks { staff, for_what: l.for_what.clone() })
            })
            .collect();
        problem.set(if goals.len() > MAX_MORNING_GOALS {
            Some(Msg::NotesTooManyGoals)
        } else if thanks.len() < lines.len() {
            Some(Msg::ThanksNobody)
        } else {
            None
        });
        if problem.get_untracked().is_some() {
            return;
        }
        let draft = MorningNotesDraft { goals, thanks };
        let (api, day) = (api.clone(), day.clone());
        spawn_local(async move {
            match api.signed::<api::PutMorningNotes>(Some(&day), &(), &draft).await {
                Ok(notes) => {
                    failure.set(None);
                    kept.set(Some(notes));
                    saved.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let line = move |at: usize| {
        let set = move |change: fn(&mut Line, String), value: String| {
            lines.update(|l| {
                if let Some(line) = l.get_mut(at) {
                    change(line, value);
                }
            });
        };
        let current = move |part: fn(&Line) -> String| lines.with(|l| l.get(at).map(part).unwrap_or_default());
        view! {
            <li class="thanks-line">
                <select
                    class="thanks-who"
                    aria-label=tr(Msg::ThanksWho)
                    on:change=move |ev| set(|l, v| l.who = v, event_target_value(&ev))
                >
                    <option value="">{tr(Msg::ThanksChoose)}</option>
                    {move || {
                        let chosen = current(|l| l.who.clone());
                        people
                            .get()
                            .into_iter()
                            .map(|p| {
                                let selected = p.id.as_str() == chosen;
                                view! {
                                    <option value=p.id.to_string() selected=selected>
                                        {p.display_name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                <input
                    class="thanks-for"
                    aria-label=tr(Msg::ThanksFor)
                    placeholder=move || t(lang.get(), Msg::ThanksFor)
                    maxlength="200"
                    prop:value=move || current(|l| l.for_what.clone())
                    on:input=move |ev| set(|l, v| l.for_what = v, event_target_value(&ev))
                />
                <button
                    type="button"
                    class="secondary thanks-remove"
                    on:click=move |_| {
                        lines
                            .update(|l| {
                                if at < l.len() {
                                    l.remove(at);
                                }
                            })
                    }
                >
                    {tr(Msg::ThanksRemove)}
                </button>
            </li>
        }
    };
    view! {
        <section id="notes" class="notes" data-day=shown_day aria-labelledby="notes-title">
            <h2 id="notes-title">{tr(Msg::NotesTitle)}</h2>
            <form
                class="no-print notes-edit"
                on:submit=save
                on:input=move |_| saved.set(false)
                on:change=move |_| saved.set(false)
            >
                <fieldset prop:disabled=move || !loaded.get()>
                    <label>
                        {tr(Msg::NotesGoals)}
                        <textarea
                            id="notes-goals"
                            rows="4"
                            prop:value=move || goals.get()
                            on:input=move |ev| goals.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <h3>{tr(Msg::NotesThanks)}</h3>
                    <ul id="notes-thanks" class="thanks-lines">
                        {move || (0..lines.with(Vec::len)).map(line).collect_view()}
                    </ul>
                    <div class="row">
                        <button
                            type="button"
                            id="thanks-add"
                            class="secondary"
                            prop:hidden=full
                            on:click=move |_| lines.update(|l| l.push(Line::default()))
                        >
                            {tr(Msg::ThanksAdd)}
                        </button>
                        <button type="submit" id="notes-save" class="primary">
                            {tr(Msg::NotesSave)}
                        </button>
                    </div>
                    {move || {
                        saved
                            .get()
                            .then(|| {
                                view! {
                                    <p id="notes-saved" class="done">
                                        {tr(Msg::NotesSaved)}
                                    </p>
                                }
                            })
                    }}
                </fieldset>
                {move || {
                    problem
                        .get()
                        .map(|m| {
                            view! {
                                <p id="notes-problem" class="error" role="alert">
                                    {tr(m)}
                                </p>
                            }
                        })
                }}
                <Refusal failure=failure />
            </form>
            <div class="notes-print" id="notes-print">
                {move || {
                    kept.get()
                        .map(|notes| {
                            let thanks: Vec<String> = notes
                                .thanks
                                .iter()
                                .map(|t| format!("{} — {}", name(&t.staff), t.for_what))
                                .collect();
                            view! {
                                <h3>{tr(Msg::NotesGoalsTitle)}</h3>
                                <ol class="goals">
                                    {notes.goals.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}
                                </ol>
                                <h3>{tr(Msg::NotesThanksTitle)}</h3>
                                <ul class="thanked">
                                    {thanks.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packs_day_is_the_sites_and_goals_are_the_lines_typed() {
        // Yesterday in Moscow (UTC+3) began at 21:00 UTC the day before.
        let from = Timestamp(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
                .unwrap()
                .and_hms_opt(21, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis(),
        );
        assert_eq!(pack_day(from, 180), "2026-11-30");
        assert_eq!(
            goals_of(" Встречать у входа \n\n  \nНе дольше 10 минут\n"),
            ["Встречать у входа", "Не дольше 10 минут"]
        );
    }
}
