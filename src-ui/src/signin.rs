//! Sign-in. On an enrolled handheld: pick yourself from its site's people, type your personal code. In a browser,
//! which knows no one: type your personal number and your code.

use floordesk_domain::StaffId;
use floordesk_protocol::{ApiError, Directory, DirectoryEntry, ErrorCode, LoginRequest, SignedIn};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, t, tr, Msg, UiLang};
use crate::notice::{ErrorLine, Loading};

/// Pick yourself (or type your number), type your code.
#[component]
pub fn SignInScreen(
    on_signed_in: impl Fn(SignedIn) + Clone + Send + Sync + 'static,
    /// In the app: the device is to be connected again (the server no longer knows it).
    #[prop(optional)]
    on_not_enrolled: Option<Callback<()>>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let directory = RwSignal::new(None::<Result<Directory, ApiError>>);
    let chosen = RwSignal::new(None::<DirectoryEntry>);
    let number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    // Context is read here, in the component: the async blocks below run outside the reactive owner.
    let api = expect_context::<Backend>();
    let in_app = matches!(api, Backend::Tauri(_));

    if in_app {
        let api = api.clone();
        spawn_local(async move { directory.set(Some(api.directory().await)) });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let staff = match chosen.get_untracked() {
            Some(entry) => entry.staff.id,
            None => match StaffId::new(number.get_untracked().trim()) {
                Ok(id) => id,
                // Not a personal number at all: as wrong as a wrong one, without asking the server.
                Err(_) => return error.set(Some(ApiError::new(ErrorCode::Unauthorized, "Wrong number or code."))),
            },
        };
        let request = LoginRequest::new(staff, code.get_untracked());
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
    let code_field = move |label: Signal<String>| {
        view! {
            <label>
                {label}
                <input
                    id="code"
                    type="password"
                    inputmode="numeric"
                    autocomplete="current-password"
                    required
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
            </label>
            <button id="sign-in" class="primary" type="submit" disabled=move || busy.get()>
                {tr(Msg::SignIn)}
            </button>
        }
    };

    let by_number = {
        let submit = submit.clone();
        move || {
            view! {
                <p>{tr(Msg::EnterNumber)}</p>
                <form class="signin" on:submit=submit.clone()>
                    <label>
                        {tr(Msg::StaffNumber)}
                        <input
                            id="staff-number"
                            class="number"
                            autocomplete="username"
                            autocapitalize="off"
                            spellcheck="false"
                            required
                            prop:value=move || number.get()
                            on:input=move |ev| number.set(event_target_value(&ev))
                        />
                    </label>
                    {code_field(Signal::derive(move || t(lang.get(), Msg::Code).to_owned()))}
                </form>
            }
        }
    };

    let from_list = move || {
        view! {
            <p>{tr(Msg::WhoAreYou)}</p>
            {move || match directory.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) if e.code == ErrorCode::Unauthorized => {
                    // A withdrawn device, or one whose server moved: connected again from the first-run screen (what it
                    // has not sent yet stays on it).
                    view! {
                        <p class="error" role="alert" id="not-enrolled">
                            {tr(Msg::NotEnrolled)}
                        </p>
                        <button
                            id="re-enrol"
                            class="primary"
                            type="button"
                            on:click=move |_| {
                                if let Some(again) = on_not_enrolled {
                                    again.run(());
                                }
                            }
                        >
                            {tr(Msg::ReEnrol)}
                        </button>
                    }
                        .into_any()
                }
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(dir)) => view! { <PeopleList directory=dir chosen=chosen code=code error=error /> }.into_any(),
            }}
            {move || {
                chosen
                    .get()
                    .map(|entry| {
                        let demo = entry.demo_code.clone();
                        let name = entry.staff.display_name.clone();
                        let label = Signal::derive(move || format!("{}: {name}", t(lang.get(), Msg::Code)));
                        view! {
                            <form class="signin" on:submit=submit.clone()>
                                {code_field(label)}
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
        }
    };

    view! {
        <h1>{tr(Msg::SignInTitle)}</h1>
        {if in_app { from_list().into_any() } else { by_number().into_any() }}
        {move || {
            error
                .get()
                .map(|e| {
                    view! { <ErrorLine error=e id="error" /> }
                })
        }}
    }
}

/// The device's site and its people, one button each.
#[component]
fn PeopleList(
    directory: Directory,
    chosen: RwSignal<Option<DirectoryEntry>>,
    code: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let lang = UiLang::expect();
    directory
        .sites
        .iter()
        .map(|site| {
            let people: Vec<_> = directory.staff.iter().filter(|e| e.staff.site == site.id).cloned().collect();
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
}
