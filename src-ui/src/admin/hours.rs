//! A site's opening hours in its settings: the usual ones of its kind, or its own — open or closed on each weekday,
//! from when to when, and whether it closes on the public holidays. (Further days off, a sanitary day, are set through
//! the API.)

use chrono::NaiveTime;
use floordesk_domain::{DayHours, OpeningHours, SiteKind};
use leptos::prelude::*;

use super::text::{t, tr, Msg};
use crate::i18n::UiLang;

/// The weekdays, Monday first, as the site's hours list them.
const DAYS: [Msg; 7] = [Msg::DayMon, Msg::DayTue, Msg::DayWed, Msg::DayThu, Msg::DayFri, Msg::DaySat, Msg::DaySun];

/// The hours being edited (`None`: the usual ones of `kind`).
#[component]
pub fn HoursEditor(hours: RwSignal<Option<OpeningHours>>, kind: Signal<SiteKind>) -> impl IntoView {
    let lang = UiLang::expect();
    let own = move || hours.with(Option::is_some);
    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        hours.set(checked.then(|| OpeningHours::usual(kind.get_untracked())));
    };
    view! {
        <fieldset class="hours wide">
            <label class="check">
                <input type="checkbox" class="own-hours" prop:checked=own on:change=toggle />
                {tr(Msg::OwnHours)}
            </label>
            <Show when=own fallback=|| view! { <p class="hint">{tr(Msg::UsualHours)}</p> }>
                <table>
                    <tbody>
                        {DAYS
                            .into_iter()
                            .enumerate()
                            .map(|(day, name)| view! { <DayRow hours=hours day=day name=name /> })
                            .collect_view()}
                    </tbody>
                </table>
                <label class="check">
                    <input
                        type="checkbox"
                        class="public-holidays"
                        prop:checked=move || hours.with(|h| h.as_ref().is_some_and(|h| h.public_holidays))
                        on:change=move |ev| {
                            let closed = event_target_checked(&ev);
                            hours
                                .update(|h| {
                                    if let Some(h) = h {
                                        h.public_holidays = closed;
                                    }
                                });
                        }
                    />
                    {move || t(lang.get(), Msg::PublicHolidays)}
                </label>
            </Show>
        </fieldset>
    }
}

/// One weekday: open or not, and its hours.
#[component]
fn DayRow(hours: RwSignal<Option<OpeningHours>>, day: usize, name: Msg) -> impl IntoView {
    let today = move || hours.with(|h| h.as_ref().and_then(|h| h.weekly[day]));
    let set = move |f: &dyn Fn(Option<DayHours>) -> Option<DayHours>| {
        hours.update(|h| {
            if let Some(h) = h {
                h.weekly[day] = f(h.weekly[day]);
            }
        });
    };
    let time = |at: NaiveTime| at.format("%H:%M").to_string();
    let read = |ev: &leptos::ev::Event| NaiveTime::parse_from_str(&event_target_value(ev), "%H:%M").ok();
    view! {
        <tr data-day=day>
            <th>{tr(name)}</th>
            <td>
                <label class="check">
                    <input
                        type="checkbox"
                        class="open"
                        prop:checked=move || today().is_some()
                        on:change=move |ev| {
                            let open = event_target_checked(&ev);
                            let usual = DayHours {
                                opens: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
                                closes: NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default(),
                            };
                            set(&|_| open.then_some(usual));
                        }
                    />
                    {tr(Msg::Open)}
                </label>
            </td>
            <td>
                <input
                    type="time"
                    class="opens"
                    aria-label=tr(Msg::Opens)
                    disabled=move || today().is_none()
                    prop:value=move || today().map(|d| time(d.opens)).unwrap_or_default()
                    on:change=move |ev| {
                        if let Some(at) = read(&ev) {
                            set(&|d| d.map(|d| DayHours { opens: at, ..d }));
                        }
                    }
                />
                " – "
                <input
                    type="time"
                    class="closes"
                    aria-label=tr(Msg::Closes)
                    disabled=move || today().is_none()
                    prop:value=move || today().map(|d| time(d.closes)).unwrap_or_default()
                    on:change=move |ev| {
                        if let Some(at) = read(&ev) {
                            set(&|d| d.map(|d| DayHours { closes: at, ..d }));
                        }
                    }
                />
            </td>
        </tr>
    }
}
