//! Sign-in: pick yourself from your site's people, type your personal code.

use floordesk_protocol::{ApiError, Directory, DirectoryEntry, LoginRequest, SignedIn};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, t, tr, Msg, UiLang};
use crate::notice::{ErrorLine, Loading};

/// Pick yourself, type your code.
#[component]
pub fn SignInScreen(on_signed_in: impl Fn(SignedIn) + Clone + Send + Sync + 'static) -> impl IntoView {
    let lang = UiLang::expect();
    let directory = RwSignal::new(None::<Result<Directory, ApiError>>);
    let chosen = RwSignal::new(None::<DirectoryEntry>);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // Context is read here, in the component: the async blocks below run outside the reactive owner.
    let api = expect_context::<Backend>();

    {
        let api = api.clone();
        spawn_local(async move { directory.set(Some(api.directory().await)) });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(entry) = chosen.get_untracked() else { return };
        let request = LoginRequest::new(entry.staff.id.clone(), code.get_untracked());
        let on_signed_in = on_signed_in.clone();
        let api = api.clone();
        busy.set(true);
        spawn_local(async move {
            match api.login(request).await {
                Ok(s) => on_signed_in(s),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>{tr(Msg::SignInTitle)}</h1>
        <p>{tr(Msg::WhoAreYou)}</p>
        {move || match directory.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
            Some(Ok(dir)) => {
                dir.sites
                    .iter()
                    .map(|site| {
                        let people: Vec<_> = dir.staff.iter().filter(|e| e.staff.site == site.id).cloned().collect();
                        view! {
                            <section class="site" aria-label=site.name.clone()>
                                <h2>{site.name.clone()}</h2>
                                <div class="staff-list">
                                    {people
                                        .into_iter()
                                        .map(|entry| {
                                            let id = entry.staff.id.clone();
                                            let pressed = {
                                                let id = id.clone();
                                                move || chosen.get().is_some_and(|c| c.staff.id == id).to_string()
                                            };
                                            let name = entry.staff.display_name.clone();
                                            let role = entry.staff.role;
                                            view! {
                                                <button
                                                    class="staff"
                                                    type="button"
                                                    data-staff-id=id.to_string()
                                                    aria-pressed=pressed
                                                    on:click=move |_| {
                                                        chosen.set(Some(entry.clone()));
                                                        code.set(String::new());
                                                        error.set(None);
                                                    }
                                                >
                                                    <span class="name">{name}</span>
                                                    <span class="role">{move || i18n::role(lang.get(), role)}</span>
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </section>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
        }}
        {move || {
            chosen
                .get()
                .map(|entry| {
                    let demo = entry.demo_code.clone();
                    view! {
                        <form class="signin" on:submit=submit.clone()>
                            <label>
                                {move || format!("{}: {}", t(lang.get(), Msg::Code), entry.staff.display_name)}
                                <input
                                    id="code"
                                    type="password"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    required
                                    prop:value=move || code.get()
                                    on:input=move |ev| code.set(event_target_value(&ev))
                                />
                            </label>
                            <button id="sign-in" class="primary" type="submit" disabled=move || busy.get()>
                                {tr(Msg::SignIn)}
                            </button>
                            {demo
                                .map(|c| {
                                    view! {
                                        <span class="hint">
                                            {move || format!("{}: {c}", t(lang.get(), Msg::DemoCode))}
                                        </span>
                                    }
                                })}
                        </form>
                    }
                })
        }}
        {move || {
            error
                .get()
                .map(|e| {
                    view! { <ErrorLine error=e id="error" /> }
                })
        }}
    }
}
