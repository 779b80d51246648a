//! Good stories: staff tell each other about sincere service they saw, thank a colleague, link the task, like.

use floordesk_domain::{StaffId, StoryId, TaskId};
use floordesk_protocol::{ApiError, NewStory, StaffProfile, Story, TaskView, MAX_STORY_CHARS};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, t, tr, Msg, UiLang};
use crate::notice::{ErrorLine, Failure, Loading};

/// The feed and the form to post.
#[component]
pub fn StoriesScreen(me: StaffProfile) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let stories = RwSignal::new(None::<Result<Vec<Story>, ApiError>>);
    let people = RwSignal::new(Vec::<StaffProfile>::new());
    let tasks = RwSignal::new(Vec::<TaskView>::new());
    let (text, about, task) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let failure = RwSignal::new(None::<ApiError>);
    let load = {
        let api = api.clone();
        move || {
            let api = api.clone();
            spawn_local(async move { stories.set(Some(api.stories(None).await.map(|l| l.stories))) });
        }
    };
    load();
    {
        let api = api.clone();
        let (site, my_id) = (me.site.clone(), me.id.clone());
        spawn_local(async move {
            if let Ok(d) = api.directory().await {
                people.set(d.staff.into_iter().map(|e| e.staff).filter(|s| s.site == site && s.id != my_id).collect());
            }
            if let Ok(l) = api.tasks().await {
                tasks.set(l.mine.into_iter().chain(l.pool).collect());
            }
        });
    }
    // The story being sent, and the last one whose answer never came: sending the same story again reuses its id,
    // so the server posts it once however often the network fails in between.
    let posting = RwSignal::new(false);
    let unanswered = RwSignal::new(None::<NewStory>);
    let post = {
        let api = api.clone();
        let load = load.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if posting.get_untracked() {
                return;
            }
            let mut story = NewStory {
                id: crate::api::fresh_id::<StoryId>("st"),
                text: text.get_untracked().trim().to_owned(),
                about: StaffId::new(about.get_untracked()).ok(),
                task: TaskId::new(task.get_untracked()).ok(),
            };
            if let Some(earlier) = unanswered
                .get_untracked()
                .filter(|e| (&e.text, &e.about, &e.task) == (&story.text, &story.about, &story.task))
            {
                story.id = earlier.id;
            }
            unanswered.set(Some(story.clone()));
            posting.set(true);
            let api = api.clone();
            let load = load.clone();
            spawn_local(async move {
                let answer = api.post_story(story).await;
                posting.set(false);
                match answer {
                    Ok(_) => {
                        unanswered.set(None);
                        text.set(String::new());
                        about.set(String::new());
                        task.set(String::new());
                        failure.set(None);
                        load();
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let like = move |id: StoryId, liked: bool| {
        let api = api.clone();
        spawn_local(async move {
            match api.like_story(id, !liked).await {
                Ok(story) => stories.update(|list| {
                    if let Some(Ok(list)) = list {
                        if let Some(s) = list.iter_mut().find(|s| s.id == story.id) {
                            *s = story;
                        }
                    }
                }),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let may_post = me.role.can(floordesk_domain::Permission::PostGoodStory);
    view! {
        <section id="stories" aria-labelledby="stories-title">
            <h1 id="stories-title">{tr(Msg::GoodStories)}</h1>
            {may_post
                .then(|| {
                    view! {
                        <form class="story-form task-form" on:submit=post>
                            <label>
                                {tr(Msg::StoryText)}
                                <textarea
                                    id="story-text"
                                    required
                                    maxlength=MAX_STORY_CHARS.to_string()
                                    prop:value=move || text.get()
                                    on:input=move |ev| text.set(event_target_value(&ev))
                                ></textarea>
                            </label>
                            <label>
                                {tr(Msg::ThankColleague)}
                                <select
                                    id="story-about"
                                    prop:value=move || about.get()
                                    on:change=move |ev| about.set(event_target_value(&ev))
                                >
                                    <option value="">"—"</option>
                                    {move || {
                                        people
                                            .get()
                                            .into_iter()
                                            .map(|p| view! { <option value=p.id.to_string()>{p.display_name}</option> })
                                            .collect_view()
                                    }}
                                </select>
                            </label>
                            <label>
                                {tr(Msg::LinkTask)}
                                <select
                                    id="story-task"
                                    prop:value=move || task.get()
                                    on:change=move |ev| task.set(event_target_value(&ev))
                                >
                                    <option value="">"—"</option>
                                    {move || {
                                        tasks
                                            .get()
                                            .into_iter()
                                            .map(|v| {
                                                let label = format!(
                                                    "{} — {}",
                                                    i18n::kind(lang.get(), v.task.kind()),
                                                    crate::format::summary(lang.get(), &v.task.details),
                                                );
                                                view! { <option value=v.task.id.to_string()>{label}</option> }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                            </label>
                            <p class="hint">{tr(Msg::NoPersonalData)}</p>
                            <button
                                id="story-post"
                                class="primary"
                                type="submit"
                                disabled=move || posting.get() || text.get().trim().is_empty()
                            >
                                {tr(Msg::Post)}
                            </button>
                        </form>
                    }
                })}
            <Failure failure=failure />
            {move || match stories.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="empty">{t(lang.get(), Msg::NoStories)}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    let like = like.clone();
                    view! {
                        <ul class="story-list">
                            {list
                                .into_iter()
                                .map(|s| {
                                    let like = like.clone();
                                    let (id, liked, likes) = (s.id.clone(), s.liked, s.likes);
                                    view! {
                                        <li class="story" data-story-id=s.id.to_string()>
                                            <p class="story-head">
                                                <strong>{s.author_name.clone()}</strong>
                                                {s
                                                    .about_name
                                                    .clone()
                                                    .map(|name| {
                                                        view! {
                                                            <span class="thanks">
                                                                {move || {
                                                                    format!(" → {}: {name}", t(lang.get(), Msg::Thanks))
                                                                }}
                                                            </span>
                                                        }
                                                    })}
                                                <span class="hint">
                                                    {move || {
                                                        format!(
                                                            " · {}",
                                                            crate::format::local_date(lang.get(), s.posted_at, true),
                                                        )
                                                    }}
                                                </span>
                                            </p>
                                            <p class="story-text">{s.text.clone()}</p>
                                            {
                                                let linked = s.task.clone();
                                                move || {
                                                    let id = linked.as_ref()?;
                                                    let v = tasks.get().into_iter().find(|v| &v.task.id == id)?;
                                                    let lang = lang.get();
                                                    let line = format!(
                                                        "{}: {} — {}",
                                                        t(lang, Msg::Task),
                                                        i18n::kind(lang, v.task.kind()),
                                                        crate::format::summary(lang, &v.task.details),
                                                    );
                                                    Some(view! { <p class="hint linked-task">{line}</p> })
                                                }
                                            }
                                            <button
                                                class="like"
                                                aria-pressed=liked.to_string()
                                                aria-label=move || {
                                                    format!(
                                                        "{}, {}",
                                                        t(lang.get(), Msg::Like),
                                                        i18n::likes(lang.get(), u64::from(likes)),
                                                    )
                                                }
                                                on:click=move |_| like(id.clone(), liked)
                                            >
                                                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                                                    <path d="M12 21s-7-4.5-9.5-9A5.5 5.5 0 0 1 12 6a5.5 5.5 0 0 1 9.5 6c-2.5 4.5-9.5 9-9.5 9z" />
                                                </svg>
                                                <span class="likes">{likes}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
