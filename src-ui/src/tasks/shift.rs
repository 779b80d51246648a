//! The person's own shift: start it, a break, with a visitor, back to work, end it. Only people on shift are given
//! work; the shift is recorded on the server (where the rules run), so this needs the network.

use floordesk_domain::{Activity, PresenceChange, StaffId, WorkingDays};
use floordesk_protocol::FloorNow;
use leptos::prelude::*;

use crate::format::site_time;
use crate::i18n::{self, tr, Msg, UiLang};

/// The lengths of the breaks the bar offers, in minutes (the planned return is now plus this).
const BREAK_MINUTES: u32 = 15;
const LONG_BREAK_MINUTES: u32 = 30;

/// The shift bar of `me`. `change` sends a change of my presence.
#[component]
pub fn ShiftBar(
    me: StaffId,
    floor: RwSignal<Option<FloorNow>>,
    site: Signal<WorkingDays>,
    change: Callback<PresenceChange>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let mine = Memo::new(move |_| {
        floor.with(|f| f.as_ref().map(|f| f.people.iter().find(|p| p.presence.staff == me).map(|p| p.presence.clone())))
    });
    let button = move |id: &'static str, primary: bool, label: Msg, what: PresenceChange| {
        view! {
            <button
                id=id
                class=if primary { "primary" } else { "secondary" }
                on:click=move |_| change.run(what.clone())
            >
                {tr(label)}
            </button>
        }
    };
    view! {
        {move || {
            mine.get()
                .map(|presence| {
                    let (class, words, actions) = match presence {
                        None => {
                            (
                                "shift off",
                                i18n::t(lang.get(), Msg::ShiftOff).to_owned(),
                                button(
                                        "shift-start",
                                        true,
                                        Msg::ShiftStart,
                                        PresenceChange::Start {
                                            zone: None,
                                        },
                                    )
                                    .into_any(),
                            )
                        }
                        Some(p) => {
                            let (class, words, back) = match p.activity {
                                Activity::Working => ("shift on", i18n::t(lang.get(), Msg::ShiftOn).to_owned(), None),
                                Activity::Break => {
                                    let back = p.back_at.map(|b| site.with(|s| site_time(b, s))).unwrap_or_default();
                                    ("shift away", i18n::on_break_until(lang.get(), back), Some(()))
                                }
                                Activity::WithVisitor => {
                                    ("shift away", i18n::t(lang.get(), Msg::WithVisitor).to_owned(), Some(()))
                                }
                            };
                            let actions = view! {
                                {match back {
                                    Some(()) => {
                                        button("shift-back", true, Msg::ShiftBack, PresenceChange::Working {})
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            {button(
                                                "shift-visitor",
                                                false,
                                                Msg::ShiftVisitor,
                                                PresenceChange::WithVisitor {},
                                            )}
                                            {button(
                                                "shift-break",
                                                false,
                                                Msg::ShiftBreak,
                                                PresenceChange::Break {
                                                    minutes: BREAK_MINUTES,
                                                },
                                            )}
                                            {button(
                                                "shift-break-long",
                                                false,
                                                Msg::ShiftBreakLong,
                                                PresenceChange::Break {
                                                    minutes: LONG_BREAK_MINUTES,
                                                },
                                            )}
                                        }
                                            .into_any()
                                    }
                                }}
                                {button("shift-end", false, Msg::ShiftEnd, PresenceChange::End {})}
                            };
                            (class, words, actions.into_any())
                        }
                    };
                    view! {
                        <div id="shift" class=class>
                            <span class="shift-state">{words}</span>
                            <span class="actions">{actions}</span>
                        </div>
                    }
                })
        }}
    }
}
