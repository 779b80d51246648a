//! Personal codes as the server gives them: once, in the answer to adding a person, issuing a new code or importing
//! a file. They stay on the screen until closed (and can be printed to hand out); nothing keeps them after.

use floordesk_protocol::admin::IssuedCode;
use leptos::prelude::*;

use super::text::{tr, Msg};

/// The codes just issued, until closed.
#[component]
pub fn IssuedCodes(codes: RwSignal<Vec<IssuedCode>>) -> impl IntoView {
    move || {
        let issued = codes.get();
        (!issued.is_empty()).then(|| {
            view! {
                <section class="codes" id="codes" aria-label=tr(Msg::CodesTitle)>
                    <h2>{tr(Msg::CodesTitle)}</h2>
                    <p class="hint">{tr(Msg::CodesHint)}</p>
                    <table>
                        <thead>
                            <tr>
                                <th>{tr(Msg::FullName)}</th>
                                <th>{tr(Msg::StaffNumber)}</th>
                                <th>{crate::i18n::tr(crate::i18n::Msg::Code)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {issued
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <tr data-staff-id=c.staff.id.to_string()>
                                            <td>{c.staff.display_name}</td>
                                            <td>{c.staff.id.to_string()}</td>
                                            <td class="code">{c.code}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <div class="row no-print">
                        <button
                            type="button"
                            on:click=|_| {
                                if let Some(w) = web_sys::window() {
                                    let _ = w.print();
                                }
                            }
                        >
                            {tr(Msg::Print)}
                        </button>
                        <button type="button" id="codes-close" on:click=move |_| codes.set(Vec::new())>
                            {tr(Msg::Close)}
                        </button>
                    </div>
                </section>
            }
        })
    }
}
