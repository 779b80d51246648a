//! One-tap contacts: a visitor's quick question answered at the entrance is recorded with one tap on its purpose —
//! created and closed at once, so that the indicators count every visitor helped, not only those typed in. A visitor
//! who wants to rate the help taps a face first (optional); the purpose's tap records the contact with it. The
//! purposes are the site's own (supervisors edit them in site administration's «Ответы»), or its kind's usual ones.

use floordesk_domain::{common_purposes, quick_contact, Action, Rating, SiteKind, TaskId};
use floordesk_protocol::{NewTaskRequest, StaffProfile, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, tr, Msg, UiLang};
use crate::tasks::rating::Faces;

/// The row of common purposes; a tap records one contact in the person's zone (or the site's first).
#[component]
pub fn QuickContacts(
    me: StaffProfile,
    site_kind: RwSignal<Option<SiteKind>>,
    zones: RwSignal<Vec<ZoneInfo>>,
    record: Callback<(NewTaskRequest, Vec<Action>)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let last = RwSignal::new(None::<(String, Option<u8>)>);
    // The face the visitor chose for the contact about to be recorded, if any.
    let score = RwSignal::new(None::<u8>);
    // The site's own purposes once the server has said them; until then (or out of reach) its kind's usual ones.
    let own = RwSignal::new(None::<Vec<String>>);
    let api = expect_context::<Backend>();
    spawn_local(async move {
        if let Ok(list) = api.purposes().await {
            own.set(Some(list.items));
        }
    });
    let purposes = move || {
        own.get().or_else(|| site_kind.get().map(|s| common_purposes(s).iter().map(|p| (*p).to_owned()).collect()))
    };
    let tap = move |purpose: String| {
        let zone = me.zone.clone().or_else(|| zones.get_untracked().first().map(|z| z.id.clone()));
        let Some(zone) = zone else { return };
        let id = crate::api::fresh_id::<TaskId>("t");
        // On the clock the adapters stamp the contact's actions with, so its times stay in order.
        let at = crate::format::client_now();
        let given = score.get_untracked();
        let rating = given.and_then(|s| Rating::new(s, None).ok());
        let place = (me.site.clone(), zone.clone());
        let Ok((task, actions)) = quick_contact(id, place, None, &purpose, (me.id.clone(), rating), at) else {
            return;
        };
        let request = NewTaskRequest {
            id: task.id,
            zone,
            case_id: None,
            priority: task.priority,
            details: task.details,
            met_at: task.met_at,
        };
        record.run((request, actions.to_vec()));
        score.set(None);
        last.set(Some((purpose, given)));
    };
    move || {
        purposes().map(|list| {
            let tap = tap.clone();
            view! {
                <section class="contacts" aria-labelledby="contacts-title">
                    <h2 id="contacts-title">{tr(Msg::QuickContacts)}</h2>
                    <div class="contact-rating" role="group" aria-label=tr(Msg::ContactRating)>
                        <span>{tr(Msg::ContactRating)}</span>
                        <Faces score=score />
                    </div>
                    <div class="choices">
                        {list
                            .into_iter()
                            .map(|purpose| {
                                let tap = tap.clone();
                                let (chosen, key) = (purpose.clone(), purpose.clone());
                                view! {
                                    <button class="choice" data-purpose=key on:click=move |_| tap(chosen.clone())>
                                        {purpose}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <p class="hint" role="status">
                        {move || {
                            last.get()
                                .map(|(p, given)| match given {
                                    Some(n) => i18n::contact_recorded_rated(lang.get(), p, n),
                                    None => i18n::contact_recorded(lang.get(), p),
                                })
                        }}
                    </p>
                </section>
            }
        })
    }
}
