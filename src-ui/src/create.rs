//! Creating a task in a few taps: pick the kind (only those the person's role may create), fill that kind's own
//! fields, pick the priority (and the zone, if not one's own), create. The fields are described once per kind and
//! read into the domain's `TaskDetails` through its own serde form, so the domain's validation is the only one.

use std::collections::BTreeMap;

use floordesk_domain::{
    CaseId, Priority, SiteKind, TaskDetails, TaskId, TaskKind, Timestamp, ValidationError, WorkingDays, ZoneId,
};
use floordesk_protocol::{NewTaskRequest, StaffProfile, ZoneInfo};
use leptos::prelude::*;
use serde_json::{json, Map, Value};

use crate::i18n::{self, t, tr, Lang, Msg, UiLang};

/// How a field is entered, and what it becomes on the wire.
#[derive(Debug, Clone, Copy)]
enum Input {
    /// Required text.
    Text,
    /// A telephone number (10–15 digits, maybe a leading +).
    Phone,
    /// Text that may stay empty (`null`).
    Optional,
    /// A whole number.
    Number,
    /// Minutes from now, sent as a moment.
    InMinutes,
    /// A booked date and time, picked on the device's clock (one-handed on a handheld, by keyboard on a desktop),
    /// sent as a moment; half an hour ahead unless changed.
    Slot,
    /// When a planned task is to happen (an escort booked ahead), on the same picker; empty: now. Not a detail: it
    /// is when the visitor will be met, and its clock runs from it.
    Planned,
    /// A duration in minutes.
    Duration,
    /// One of the wire values, each with its words.
    Choice(&'static [(&'static str, Msg)]),
    /// Yes or no.
    Check,
    /// Not asked: the moment of creation.
    Now,
    /// Not asked: empty.
    Unset,
}

/// One field of a kind: its wire name, its words (none if it is not asked), how it is entered.
#[derive(Debug, Clone, Copy)]
struct Field {
    key: &'static str,
    label: Option<Msg>,
    input: Input,
}

impl Field {
    /// The field's words in `lang`; its wire name if it is not asked.
    fn words(&self, lang: Lang) -> &'static str {
        self.label.map_or(self.key, |label| t(lang, label))
    }
}

const AIDS: &[(&str, Msg)] = &[
    ("walking", Msg::ChoiceAidWalking),
    ("wheelchair", Msg::ChoiceAidWheelchair),
    ("stretcher", Msg::ChoiceAidStretcher),
];
const TRANSPORT: &[(&str, Msg)] =
    &[("walking", Msg::ChoiceTransportWalking), ("stretcher", Msg::ChoiceTransportStretcher)];
const ARRIVAL: &[(&str, Msg)] = &[("on_foot", Msg::ChoiceArrivalOnFoot), ("ambulance", Msg::ChoiceArrivalAmbulance)];

/// The fields of each kind, in the order they are asked.
fn fields(kind: TaskKind) -> &'static [Field] {
    use Input::*;
    match kind {
        TaskKind::Escort => &[
            Field { key: "visitor", label: Some(Msg::FieldEscortVisitor), input: Text },
            Field { key: "from", label: Some(Msg::FieldEscortFrom), input: Text },
            Field { key: "to", label: Some(Msg::FieldEscortTo), input: Text },
            Field { key: "aid", label: Some(Msg::FieldEscortAid), input: Choice(AIDS) },
            Field { key: "patient_ready", label: Some(Msg::FieldEscortPatientReady), input: Check },
            Field { key: "planned_at", label: Some(Msg::FieldEscortPlannedAt), input: Planned },
        ],
        TaskKind::AmbulanceArrival => &[
            Field { key: "crew_number", label: Some(Msg::FieldAmbulanceArrivalCrewNumber), input: Text },
            Field { key: "eta", label: Some(Msg::FieldAmbulanceArrivalEta), input: InMinutes },
            Field { key: "transport", label: Some(Msg::FieldAmbulanceArrivalTransport), input: Choice(TRANSPORT) },
            Field { key: "destination", label: Some(Msg::FieldAmbulanceArrivalDestination), input: Text },
            Field { key: "arrived_at", label: None, input: Unset },
        ],
        TaskKind::EdRegistration => &[
            Field { key: "visitor", label: Some(Msg::FieldEdRegistrationVisitor), input: Text },
            Field { key: "arrived_by", label: Some(Msg::FieldEdRegistrationArrivedBy), input: Choice(ARRIVAL) },
            Field { key: "crew_number", label: Some(Msg::FieldEdRegistrationCrewNumber), input: Optional },
        ],
        TaskKind::RelativeMeeting => &[
            Field { key: "relative", label: Some(Msg::FieldRelativeMeetingRelative), input: Text },
            Field { key: "contact", label: Some(Msg::FieldRelativeMeetingContact), input: Phone },
            Field { key: "department", label: Some(Msg::FieldRelativeMeetingDepartment), input: Text },
            Field { key: "doctor", label: Some(Msg::FieldRelativeMeetingDoctor), input: Text },
            Field { key: "requested_slot", label: Some(Msg::FieldRelativeMeetingRequestedSlot), input: Slot },
            Field { key: "confirmed_slot", label: None, input: Unset },
        ],
        TaskKind::Taxi => &[
            Field { key: "visitor", label: Some(Msg::FieldTaxiVisitor), input: Text },
            Field { key: "pickup", label: Some(Msg::FieldTaxiPickup), input: Text },
            Field { key: "destination", label: Some(Msg::FieldTaxiDestination), input: Text },
            Field { key: "at", label: Some(Msg::FieldTaxiAt), input: Slot },
            Field { key: "phone", label: Some(Msg::FieldTaxiPhone), input: Phone },
            Field { key: "order", label: None, input: Unset },
        ],
        TaskKind::Childcare => &[
            Field { key: "child_first_name", label: Some(Msg::FieldChildcareChildFirstName), input: Text },
            Field { key: "child_age", label: Some(Msg::FieldChildcareChildAge), input: Number },
            Field { key: "parent_location", label: Some(Msg::FieldChildcareParentLocation), input: Text },
            Field { key: "start", label: None, input: Now },
            Field { key: "end", label: None, input: Unset },
            Field { key: "max_duration", label: Some(Msg::FieldChildcareMaxDuration), input: Duration },
            Field { key: "handed_back_to", label: None, input: Unset },
        ],
        TaskKind::Routing => &[
            Field { key: "purpose", label: Some(Msg::FieldRoutingPurpose), input: Text },
            Field { key: "destination", label: Some(Msg::FieldRoutingDestination), input: Optional },
        ],
        TaskKind::KioskHelp => &[
            Field { key: "visitor", label: Some(Msg::FieldKioskHelpVisitor), input: Text },
            Field { key: "service", label: Some(Msg::FieldKioskHelpService), input: Text },
        ],
        TaskKind::WrittenRequest => &[
            Field { key: "reference", label: Some(Msg::FieldWrittenRequestReference), input: Text },
            Field { key: "channel", label: Some(Msg::FieldWrittenRequestChannel), input: Text },
            Field { key: "summary", label: Some(Msg::FieldWrittenRequestSummary), input: Text },
            Field { key: "acknowledged_at", label: None, input: Unset },
        ],
        TaskKind::NonStandard => {
            &[Field { key: "description", label: Some(Msg::FieldNonStandardDescription), input: Text }]
        }
    }
}

/// The slot offered before one is picked: half an hour ahead, on a five-minute mark.
fn default_slot(now: Timestamp) -> Timestamp {
    const FIVE: i64 = 5 * 60_000;
    Timestamp((now.plus_minutes(30).0 + FIVE - 1).div_euclid(FIVE) * FIVE)
}

/// A slot as a `datetime-local` input shows it on the site's clock: "2026-11-30T10:30".
fn slot_text(at: Timestamp, site: &WorkingDays) -> String {
    use chrono::{Datelike, Timelike};
    at.wall_clock(site.offset_at(at)).map_or_else(String::new, |t| {
        format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
    })
}

/// The moment a `datetime-local` value ("2026-11-30T10:30", maybe with seconds) names on the site's clock (with
/// the offset in force then, not now); the default slot when nothing was picked.
fn slot(typed: &str, now: Timestamp, site: &WorkingDays) -> Result<Timestamp, ()> {
    if typed.is_empty() {
        return Ok(default_slot(now));
    }
    let parts: Vec<u32> = typed.split(['-', 'T', ':']).map(|p| p.parse().map_err(|_| ())).collect::<Result<_, _>>()?;
    let (&[year, month, day, hour, minute] | &[year, month, day, hour, minute, _]) = parts.as_slice() else {
        return Err(());
    };
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).map_err(|_| ())?, month, day).ok_or(())?;
    Ok(site.moment(date.and_hms_opt(hour, minute, 0).ok_or(())?))
}

/// The wire value of one field from what was typed, times on the site's clock; `Err` names the field when it cannot
/// be read.
fn value(field: &Field, typed: &str, now: Timestamp, site: &WorkingDays) -> Result<Value, ()> {
    let typed = typed.trim();
    let number = || typed.parse::<i64>().map_err(|_| ());
    Ok(match field.input {
        Input::Text | Input::Phone => json!(typed),
        Input::Optional if typed.is_empty() => Value::Null,
        Input::Optional => json!(typed),
        Input::Number | Input::Duration => json!(number()?),
        Input::InMinutes => json!(now.plus_minutes(number()?).0),
        Input::Slot | Input::Planned => json!(slot(typed, now, site)?.0),
        Input::Choice(options) => json!(if typed.is_empty() { options[0].0 } else { typed }),
        Input::Check => json!(typed == "true"),
        Input::Now => json!(now.0),
        Input::Unset => match field.key {
            "order" => json!("not_ordered"),
            _ => Value::Null,
        },
    })
}

/// The details of `kind` from the typed values, checked by the domain; the message says what to fix.
fn details(
    kind: TaskKind,
    typed: &BTreeMap<&'static str, String>,
    (now, site): (Timestamp, &WorkingDays),
    lang: Lang,
) -> Result<(TaskDetails, Timestamp), String> {
    let mut object = Map::new();
    object.insert("kind".into(), json!(kind.as_str()));
    // When the visitor is met: now, or the planned time of a task booked ahead.
    let mut met_at = now;
    for field in fields(kind) {
        let text = typed.get(field.key).map_or("", String::as_str).trim();
        let unreadable = |()| i18n::fix_field(lang, field.words(lang));
        if matches!(field.input, Input::Planned) {
            if !text.is_empty() {
                // Planned is ahead: a time already gone (a slip of the finger) would make the task late at once;
                // further ahead than the server takes (a year typed wrong) would be refused after sending.
                let furthest = now.plus_minutes(floordesk_protocol::MAX_PLANNED_DAYS * 24 * 60);
                met_at = slot(text, now, site)
                    .and_then(|at| if at < now.plus_minutes(-1) || at > furthest { Err(()) } else { Ok(at) })
                    .map_err(unreadable)?;
            }
            continue;
        }
        let v = value(field, text, now, site).map_err(unreadable)?;
        object.insert(field.key.into(), v);
    }
    // Read from its text, as every task from the server is (one decoder in the wasm, not a second one for `Value`).
    let text = Value::Object(object).to_string();
    let details: TaskDetails = serde_json::from_str(&text).map_err(|e| i18n::fix_field(lang, e))?;
    details.validate().map_err(|e| problem(kind, &e, lang))?;
    Ok((details, met_at))
}

/// What the domain found wrong, in the person's words, with the field's label.
fn problem(kind: TaskKind, error: &ValidationError, lang: Lang) -> String {
    let label = |key: &str| fields(kind).iter().find(|f| f.key == key).map(|f| f.words(lang).to_owned());
    i18n::invalid(lang, error, &label)
}

/// The form being filled, kept by the screen across the list's refresh.
#[derive(Debug, Clone, Copy)]
pub struct CreateDraft {
    pub open: RwSignal<bool>,
    kind: RwSignal<Option<TaskKind>>,
    priority: RwSignal<Priority>,
    zone: RwSignal<String>,
    typed: RwSignal<BTreeMap<&'static str, String>>,
    problem: RwSignal<Option<String>>,
    /// The visitor case the new task joins ("one window"); without one, the task opens a case of its own.
    pub case: RwSignal<Option<CaseId>>,
}

impl CreateDraft {
    pub fn new() -> Self {
        Self {
            open: RwSignal::new(false),
            kind: RwSignal::new(None),
            priority: RwSignal::new(Priority::Normal),
            zone: RwSignal::new(String::new()),
            typed: RwSignal::new(BTreeMap::new()),
            problem: RwSignal::new(None),
            case: RwSignal::new(None),
        }
    }

    /// Opens the form for another task of the visitor of `case`.
    pub fn for_case(self, case: CaseId) {
        self.reset();
        self.case.set(Some(case));
        self.open.set(true);
    }

    /// Closes the form and forgets what was typed.
    pub fn reset(self) {
        self.open.set(false);
        self.kind.set(None);
        self.priority.set(Priority::Normal);
        self.zone.set(String::new());
        self.typed.set(BTreeMap::new());
        self.problem.set(None);
        self.case.set(None);
    }
}

/// The form: kind tiles, then the kind's fields. `create` sends the new task; `zones` are the site's zones, `site_kind`
/// its kind.
#[component]
pub fn CreateForm(
    me: StaffProfile,
    zones: RwSignal<Vec<ZoneInfo>>,
    site_kind: RwSignal<Option<SiteKind>>,
    create: Callback<NewTaskRequest>,
    /// The site's clock: slots are picked on it, whatever this device's clock says.
    site: Signal<WorkingDays>,
    /// The form's draft, kept by the task screen.
    draft: CreateDraft,
) -> impl IntoView {
    let lang = UiLang::expect();
    // The kinds this role creates at this kind of site (before the site is known, what the role creates: the
    // server has the last word).
    let role = me.role;
    let kinds = move || -> Vec<TaskKind> {
        TaskKind::ALL
            .into_iter()
            .filter(|k| site_kind.get().map_or_else(|| role.creates(*k), |site| role.may_create(*k, site)))
            .collect()
    };
    // A kind chosen before the site was known, and not found there, is let go.
    Effect::new(move || {
        let offered = kinds();
        if draft.kind.get_untracked().is_some_and(|k| !offered.contains(&k)) {
            draft.kind.set(None);
        }
    });
    let my_zone = me.zone.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = draft.kind.get_untracked() else { return };
        // Met now by the clock the adapters stamp the task's actions with, so its times stay in order.
        let at = crate::format::client_now();
        let zone = Some(draft.zone.get_untracked())
            .filter(|z| !z.is_empty())
            .or_else(|| my_zone.as_ref().map(ToString::to_string))
            .or_else(|| zones.get_untracked().first().map(|z| z.id.to_string()))
            .and_then(|z| ZoneId::new(z).ok());
        let Some(zone) = zone else {
            draft.problem.set(Some(t(lang.get_untracked(), Msg::PickZone).to_owned()));
            return;
        };
        match details(kind, &draft.typed.get_untracked(), (at, &site.get_untracked()), lang.get_untracked()) {
            Ok((details, met_at)) => {
                let id = crate::api::fresh_id::<TaskId>("t");
                // Every visitor met opens a case, so that whatever else they need joins it later.
                let case_id = draft.case.get_untracked().or_else(|| CaseId::new(format!("case-{id}")).ok());
                let task =
                    NewTaskRequest { id, zone, case_id, priority: draft.priority.get_untracked(), details, met_at };
                draft.reset();
                create.run(task);
            }
            Err(problem) => draft.problem.set(Some(problem)),
        }
    };
    let default_zone = me.zone.as_ref().map(ToString::to_string).unwrap_or_default();
    view! {
        <section id="create" class="create" aria-labelledby="create-title">
            <h2 id="create-title">{tr(Msg::NewTask)}</h2>
            {move || {
                draft
                    .case
                    .get()
                    .map(|_| {
                        view! {
                            <p class="hint" id="same-visitor">
                                {tr(Msg::ForSameVisitor)}
                            </p>
                        }
                    })
            }}
            <div class="kinds" role="group" aria-label=tr(Msg::NewTask)>
                {move || {
                    kinds()
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <button
                                    class="kind-tile"
                                    data-kind=kind.as_str()
                                    aria-pressed=move || (draft.kind.get() == Some(kind)).to_string()
                                    on:click=move |_| {
                                        draft.kind.set(Some(kind));
                                        draft.problem.set(None);
                                    }
                                >
                                    {move || i18n::kind(lang.get(), kind)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || {
                let default_zone = default_zone.clone();
                draft
                    .kind
                    .get()
                    .map(|kind| {
                        view! {
                            <form class="task-form" on:submit=submit.clone()>
                                {fields(kind)
                                    .iter()
                                    .filter(|f| !matches!(f.input, Input::Now | Input::Unset))
                                    .map(|field| field_input(*field, lang, draft, site))
                                    .collect_view()}
                                <fieldset class="priorities">
                                    <legend>{tr(Msg::Priority)}</legend>
                                    {Priority::ALL
                                        .into_iter()
                                        .map(|p| {
                                            view! {
                                                <button
                                                    type="button"
                                                    data-priority=p.as_str()
                                                    aria-pressed=move || (draft.priority.get() == p).to_string()
                                                    on:click=move |_| draft.priority.set(p)
                                                >
                                                    {move || i18n::priority(lang.get(), p)}
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </fieldset>
                                <label>
                                    {tr(Msg::Zone)}
                                    <select
                                        id="create-zone"
                                        on:change=move |ev| draft.zone.set(event_target_value(&ev))
                                    >
                                        {move || {
                                            let default_zone = default_zone.clone();
                                            zones
                                                .get()
                                                .into_iter()
                                                .map(|z| {
                                                    let selected = z.id.as_str() == default_zone;
                                                    view! {
                                                        <option value=z.id.to_string() selected=selected>
                                                            {z.name}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </label>
                                {move || {
                                    draft
                                        .problem
                                        .get()
                                        .map(|p| {
                                            view! {
                                                <p class="error" role="alert" id="create-problem">
                                                    {p}
                                                </p>
                                            }
                                        })
                                }}
                                <div class="actions">
                                    <button id="create-submit" class="primary" type="submit">
                                        {tr(Msg::Create)}
                                    </button>
                                    <button type="button" class="secondary" on:click=move |_| draft.reset()>
                                        {tr(Msg::Cancel)}
                                    </button>
                                </div>
                            </form>
                        }
                    })
            }}
        </section>
    }
}

/// The input of one field, bound to the draft.
fn field_input(field: Field, lang: UiLang, draft: CreateDraft, site: Signal<WorkingDays>) -> impl IntoView {
    let label = move || field.words(lang.get());
    let current = move || draft.typed.with(|typed| typed.get(field.key).cloned().unwrap_or_default());
    let set = move |v: String| {
        draft.problem.set(None);
        draft.typed.update(|typed| {
            typed.insert(field.key, v);
        });
    };
    let id = format!("field-{}", field.key);
    match field.input {
        Input::Check => view! {
            <label class="check">
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || current() == "true"
                    on:change=move |ev| set(event_target_checked(&ev).to_string())
                />
                {label}
            </label>
        }
        .into_any(),
        Input::Choice(options) => view! {
            <label>
                {label} <select id=id on:change=move |ev| set(event_target_value(&ev))>
                    {options
                        .iter()
                        .map(|(wire, words)| {
                            view! { <option value=*wire>{move || t(lang.get(), *words)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
        .into_any(),
        Input::Number | Input::InMinutes | Input::Duration => view! {
            <label>
                {label}
                <input
                    id=id
                    type="number"
                    inputmode="numeric"
                    min="0"
                    prop:value=current
                    on:input=move |ev| set(event_target_value(&ev))
                />
            </label>
        }
        .into_any(),
        Input::Slot | Input::Planned => {
            // A booked slot shows the half hour ahead it defaults to; a planned time stays empty (now) until picked.
            let booked = matches!(field.input, Input::Slot);
            let shown = move || {
                let typed = current();
                if typed.is_empty() && booked {
                    let now = crate::format::client_now();
                    site.with(|s| slot_text(default_slot(now), s))
                } else {
                    typed
                }
            };
            view! {
                <label>
                    {label}
                    <input
                        id=id
                        type="datetime-local"
                        prop:value=shown
                        on:input=move |ev| set(event_target_value(&ev))
                    />
                </label>
            }
            .into_any()
        }
        Input::Phone => view! {
            <label>
                {label}
                <input
                    id=id
                    type="tel"
                    inputmode="tel"
                    maxlength="16"
                    prop:value=current
                    on:input=move |ev| set(event_target_value(&ev))
                />
            </label>
        }
        .into_any(),
        _ => view! {
            <label>
                {label}
                <input
                    id=id
                    type="text"
                    maxlength="200"
                    prop:value=current
                    on:input=move |ev| set(event_target_value(&ev))
                />
            </label>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    /// Moscow's clock (the default site's).
    fn moscow() -> WorkingDays {
        WorkingDays::default()
    }

    fn utc() -> WorkingDays {
        WorkingDays { offset_minutes: 0, ..WorkingDays::default() }
    }

    #[test]
    fn every_kind_is_read_into_the_domains_details_from_its_own_fields() {
        let now = Timestamp(1_790_000_000_000);
        for kind in TaskKind::ALL {
            let mut values = BTreeMap::new();
            for field in fields(kind) {
                let v = match field.input {
                    Input::Text => "А. Б.".to_owned(),
                    Input::Phone => "+79991234567".to_owned(),
                    Input::Number | Input::InMinutes | Input::Duration => "5".to_owned(),
                    _ => String::new(),
                };
                values.insert(field.key, v);
            }
            let (details, met_at) =
                details(kind, &values, (now, &moscow()), Lang::Ru).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!((details.kind(), met_at), (kind, now), "met now unless planned");
        }
    }

    #[test]
    fn a_missing_or_unreadable_field_is_named() {
        let now = Timestamp(0);
        let e = details(TaskKind::Routing, &typed(&[]), (now, &moscow()), Lang::Ru).unwrap_err();
        assert_eq!(e, "Заполните поле «Цель визита».");
        let values =
            typed(&[("visitor", "А."), ("pickup", "Вход"), ("destination", "Вокзал"), ("at", ""), ("phone", "12")]);
        let e = details(TaskKind::Taxi, &values, (now, &moscow()), Lang::Ru).unwrap_err();
        assert_eq!(e, "В поле «Телефон для связи» нужен номер из 10–15 цифр, можно с +.");
        let e = details(TaskKind::Childcare, &typed(&[("child_age", "пять")]), (now, &moscow()), Lang::Ru).unwrap_err();
        assert!(e.contains("Возраст"), "{e}");
        let e = details(TaskKind::Taxi, &typed(&[("at", "x")]), (now, &moscow()), Lang::En).unwrap_err();
        assert!(e.contains("Pick-up date and time"), "{e}");
    }

    #[test]
    fn a_picked_slot_is_read_on_the_sites_clock_and_defaults_to_half_an_hour_ahead() {
        // 2026-11-30 05:32 UTC = 08:32 in Moscow.
        let now = Timestamp(1_796_016_720_000);
        let at = slot("2026-11-30T10:30", now, &moscow()).unwrap();
        assert_eq!(slot_text(at, &moscow()), "2026-11-30T10:30");
        assert_eq!(slot_text(at, &utc()), "2026-11-30T07:30");
        assert_eq!(slot("2026-11-30T10:30:00", now, &moscow()), Ok(at), "with seconds");
        assert_eq!(
            slot_text(slot("", now, &moscow()).unwrap(), &moscow()),
            "2026-11-30T09:05",
            "08:32 + 30 min, on the 5"
        );
        for bad in ["завтра", "2026-13-01T10:00", "2026-11-30"] {
            assert_eq!(slot(bad, now, &moscow()), Err(()), "{bad}");
        }
        let values = typed(&[
            ("relative", "Сын"),
            ("contact", "+79991234567"),
            ("department", "Терапия"),
            ("doctor", "Врач"),
            ("requested_slot", "2026-11-30T10:30"),
        ]);
        let (TaskDetails::RelativeMeeting(m), _) =
            details(TaskKind::RelativeMeeting, &values, (now, &moscow()), Lang::Ru).unwrap()
        else {
            panic!("a meeting")
        };
        assert_eq!(m.requested_slot, at);
        // An escort booked ahead is met at its planned time.
        let escort =
            typed(&[("visitor", "Б-7"), ("from", "Вход"), ("to", "Рентген"), ("planned_at", "2026-11-30T10:30")]);
        let (_, met_at) = details(TaskKind::Escort, &escort, (now, &moscow()), Lang::Ru).unwrap();
        assert_eq!(met_at, at);
        for when in ["потом", "2026-11-30T08:00", "2027-11-30T10:30"] {
            let bad = typed(&[("visitor", "Б-7"), ("from", "Вход"), ("to", "Рентген"), ("planned_at", when)]);
            assert!(
                details(TaskKind::Escort, &bad, (now, &moscow()), Lang::Ru).is_err(),
                "{when}: unreadable, gone, or further ahead than the server takes"
            );
        }
    }

    #[test]
    fn a_slot_across_a_clock_change_takes_the_offset_of_its_own_day() {
        // A site three hours ahead until 2026-12-01 00:00 UTC, then four: a slot on 2 December is four hours ahead.
        let shift = floordesk_domain::ClockShift { at: Timestamp(1_796_083_200_000), offset_minutes: 240 };
        let site = WorkingDays { shifts: vec![shift], ..WorkingDays::default() };
        let now = Timestamp(1_796_016_720_000);
        let later = slot("2026-12-02T10:30", now, &site).unwrap();
        assert_eq!(later.wall_clock(0).map(|t| t.to_string()).as_deref(), Some("2026-12-02 06:30:00"));
        assert_eq!(slot_text(later, &site), "2026-12-02T10:30");
    }

    #[test]
    fn minutes_from_now_become_a_moment_and_choices_default_to_the_first() {
        let now = Timestamp(1_000_000);
        let values = typed(&[("crew_number", "412"), ("eta", "7"), ("destination", "Шоковый зал")]);
        let (TaskDetails::AmbulanceArrival(a), _) =
            details(TaskKind::AmbulanceArrival, &values, (now, &moscow()), Lang::Ru).unwrap()
        else {
            panic!("an ambulance arrival")
        };
        assert_eq!(a.eta, now.plus_minutes(7));
        assert_eq!(serde_json::to_value(a.transport).unwrap(), "walking");
    }
}
