//! The knowledge base: answer templates for typical visitor questions, searched as one types; those who manage it
//! write and remove templates. In the app the last copy serves when the server cannot be reached.

use floordesk_domain::{Permission, Role, TemplateId};
use floordesk_protocol::{ApiError, Template, TemplateDraft, MAX_TEMPLATE_BODY_CHARS, MAX_TEMPLATE_TITLE_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{t, tr, Msg, UiLang};
use crate::notice::{ErrorLine, Failure, Loading};

/// Whether a template matches every word of the search, in its question or its answer, ignoring case.
pub fn matches(template: &Template, search: &str) -> bool {
    let lowered = |s: &str| s.chars().map(crate::format::lower).collect::<String>();
    let haystack = lowered(&format!("{} {}", template.title, template.body));
    lowered(search).split_whitespace().all(|word| haystack.contains(word))
}

/// The knowledge base for `role`. `EDITS`: whether this bundle edits it — site administration's does (its «Ответы»
/// tab, with the site's common purposes); the floor app's only reads it, so the editors are not linked into the
/// handheld's wasm (its size budget).
pub fn knowledge_screen<const EDITS: bool>(role: Role) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let templates = RwSignal::new(None::<Result<Vec<Template>, ApiError>>);
    let search = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiError>);
    // The template being written: its id (a new one for "add"), title and answer.
    let editing = RwSignal::new(None::<TemplateId>);
    let (title, body) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move { templates.set(Some(api.templates().await.map(|l| l.templates))) });
        }
    };
    load();
    let manage = EDITS && role.can(Permission::ManageKnowledgeBase);
    let edit = move |template: Option<&Template>| {
        editing.set(Some(template.map_or_else(|| crate::api::fresh_id::<TemplateId>("kb"), |t| t.id.clone())));
        title.set(template.map(|t| t.title.clone()).unwrap_or_default());
        body.set(template.map(|t| t.body.clone()).unwrap_or_default());
        crate::dom::focus_first("#kb-title");
    };
    let save = {
        let api = api.clone();
        let load = load.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(id) = editing.get_untracked() else { return };
            let draft =
                TemplateDraft { title: title.get_untracked().trim().into(), body: body.get_untracked().trim().into() };
            let (api, load) = (api.clone(), load.clone());
            spawn_local(async move {
                match api.put_template(id, draft).await {
                    Ok(_) => {
                        editing.set(None);
                        failure.set(None);
                        load();
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let remove = move |id: TemplateId| {
        // Removing cannot be undone: ask first.
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(t(lang.get_untracked(), Msg::RemoveTemplateSure)).ok())
            .unwrap_or(false);
        if !sure {
            return;
        }
        let (api, load) = (api.clone(), load.clone());
        spawn_local(async move {
            match api.delete_template(id).await {
                Ok(()) => load(),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section id="knowledge" aria-labelledby="knowledge-title">
            <h1 id="knowledge-title">{tr(Msg::KnowledgeBase)}</h1>
            <label class="search">
                <span class="visually-hidden">{tr(Msg::Search)}</span>
                <input
                    id="kb-search"
                    type="search"
                    placeholder=tr(Msg::SearchQuestion)
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
            </label>
            {(!EDITS && role.can(Permission::ManageKnowledgeBase))
                .then(|| view! { <p class="hint">{tr(Msg::KnowledgeEditedAtDesk)}</p> })}
            {manage.then(|| view! { <crate::purposes::PurposesEditor /> })}
            {manage
                .then(|| {
                    view! {
                        <button id="kb-add" class="secondary" on:click=move |_| edit(None)>
                            {move || format!("+ {}", t(lang.get(), Msg::NewTemplate))}
                        </button>
                    }
                })}
            {move || {
                editing
                    .get()
                    .map(|_| {
                        view! {
                            <form class="task-form kb-form" on:submit=save.clone()>
                                <label>
                                    {tr(Msg::Question)}
                                    <input
                                        id="kb-title"
                                        required
                                        maxlength=MAX_TEMPLATE_TITLE_CHARS.to_string()
                                        prop:value=move || title.get()
                                        on:input=move |ev| title.set(event_target_value(&ev))
                                    />
                                </label>
                                <label>
                                    {tr(Msg::Answer)}
                                    <textarea
                                        id="kb-body"
                                        required
                                        maxlength=MAX_TEMPLATE_BODY_CHARS.to_string()
                                        prop:value=move || body.get()
                                        on:input=move |ev| body.set(event_target_value(&ev))
                                    ></textarea>
                                </label>
                                <div class="actions">
                                    <button id="kb-save" class="primary" type="submit">
                                        {tr(Msg::Save)}
                                    </button>
                                    <button type="button" on:click=move |_| editing.set(None)>
                                        {tr(Msg::Cancel)}
                                    </button>
                                </div>
                            </form>
                        }
                    })
            }}
            <Failure failure=failure />
            {move || match templates.get() {
                None => Some(view! { <Loading /> }.into_any()),
                Some(Err(e)) => Some(view! { <ErrorLine error=e /> }.into_any()),
                Some(Ok(list)) if !list.iter().any(|tpl| matches(tpl, &search.get())) => {
                    Some(view! { <p class="empty">{t(lang.get(), Msg::NothingFound)}</p> }.into_any())
                }
                Some(Ok(_)) => None,
            }}
            <ul class="templates">
                // Keyed, so an opened answer stays with its question while the search narrows the list.
                <For
                    each=move || {
                        let query = search.get();
                        match templates.get() {
                            Some(Ok(list)) => list.into_iter().filter(|tpl| matches(tpl, &query)).collect(),
                            _ => Vec::new(),
                        }
                    }
                    key=|tpl| (tpl.id.clone(), tpl.updated_at)
                    let:tpl
                >
                    {
                        let remove = remove.clone();
                        let (id, current) = (tpl.id.clone(), tpl.clone());
                        view! {
                            <li class="template" data-template-id=tpl.id.to_string()>
                                <details>
                                    <summary>{tpl.title.clone()}</summary>
                                    <p class="answer">{tpl.body.clone()}</p>
                                    {manage
                                        .then(|| {
                                            view! {
                                                <div class="actions">
                                                    <button class="secondary" on:click=move |_| edit(Some(&current))>
                                                        {tr(Msg::Edit)}
                                                    </button>
                                                    <button class="danger" on:click=move |_| remove(id.clone())>
                                                        {tr(Msg::Remove)}
                                                    </button>
                                                </div>
                                            }
                                        })}
                                </details>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{StaffId, Timestamp};

    #[test]
    fn search_needs_every_word_in_the_question_or_the_answer_ignoring_case() {
        let tpl = Template {
            id: TemplateId::new("kb-1").unwrap(),
            title: "Где сделать рентген?".into(),
            body: "Кабинет 214, второй этаж, по направлению врача.".into(),
            updated_at: Timestamp(0),
            updated_by: StaffId::new("sup").unwrap(),
        };
        assert!(matches(&tpl, ""));
        assert!(matches(&tpl, "рентген"));
        assert!(matches(&tpl, "РЕНТГЕН этаж"));
        assert!(!matches(&tpl, "рентген парковка"));
        assert!(matches(&tpl, "ГДЕ Второй КАБИНЕТ"));
        assert_eq!("ЁЛКА Ѐ Ї Qz 1 ß".chars().map(crate::format::lower).collect::<String>(), "ёлка ѐ ї qz 1 ß");
    }
}
