//! The task screen, composed of its rooms: the feed (the list and its announcements), the status lines, the desktop
//! keys, the coordinator's boards, the supervisor's floor, and the cards with their panels.

mod alerts;
mod attention;
mod boards;
mod cards;
mod case;
mod clocks;
mod contacts;
mod feed;
mod history;
mod keys;
mod panels;
mod rating;
mod reassign;
mod shift;
mod status;
mod steps;
mod visit;
pub mod wide;

use floordesk_domain::{Action, Actor, Permission, Role, SiteKind, StaffId, TaskDetails, TaskId};
use floordesk_protocol::{ApiError, NewTaskRequest, PresenceRequest, SignedIn, StaffProfile, TaskView, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::create::{CreateDraft, CreateForm};
use crate::dom::focus_first;
use crate::floor::FloorBoard;
use crate::i18n::{tr, Msg};
use crate::notice::{ErrorLine, Failure, Loading};
use attention::AttentionList;
use boards::{AmbulanceBoard, MeetingsBoard, RegistrationQueue};
use cards::TaskCards;
use case::VisibleTasks;
use feed::{everything, order, Feed, Loaded};
use rating::RatingDraft;
use reassign::{ReassignDraft, SitePeople};
use shift::ShiftBar;
use status::{Rejections, SyncBadge};

/// What the task screen's pieces share, as one context (each context type costs the wasm its own copy of the
/// lookup): the open panels' drafts, the tasks shown, the site's people and zones, who is on shift now.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    pub rating: RatingDraft,
    pub reassign: ReassignDraft,
    pub step: steps::StepDraft,
    pub create: CreateDraft,
    pub visits: visit::VisitDraft,
    pub visible: VisibleTasks,
    pub people: SitePeople,
    pub zones: cards::SiteZones,
    pub on_shift: reassign::OnShiftNow,
    pub clocks: clocks::Clocks,
    pub panels: panels::Panels,
}

/// The signed-in person's tasks, with live clocks, the actions they may take, and the sync state. On the supervisor's
/// desk (site administration's floor) `columns` lays the open tasks out in columns instead of the two lists, and the
/// people on shift stand under their zones; only that bundle links the columns.
#[component]
pub fn TasksScreen(
    signed_in: SignedIn,
    #[prop(optional)] columns: Option<fn(wide::Parts) -> AnyView>,
) -> impl IntoView {
    let api = expect_context::<Backend>();
    let people = RwSignal::new(Vec::<StaffProfile>::new());
    let feed = Feed::start(&api, signed_in.staff.clone(), people);
    let failure = RwSignal::new(None::<ApiError>);
    let visits = visit::VisitDraft::new();
    let loaded = feed.loaded();
    let mine = feed.shown(|l| l.mine.clone());
    let pool = feed.shown(|l| l.pool.clone());
    let all = feed.shown(everything);
    let deadlines = feed.shown(|l| l.deadlines.clone());
    let site_days = Signal::derive(move || deadlines.with(|d| d.calendar().clone()));
    let now = feed.server_now();
    // The zones of my site, for creating a task.
    let zones = RwSignal::new(Vec::<ZoneInfo>::new());
    let panels = panels::Panels::new();
    provide_context(Shared {
        rating: RatingDraft::new(panels),
        reassign: ReassignDraft::new(panels),
        step: steps::StepDraft::new(panels),
        panels,
        create: CreateDraft::new(),
        visits,
        visible: VisibleTasks(all),
        people: SitePeople(people),
        zones: cards::SiteZones(zones),
        on_shift: reassign::OnShiftNow(feed.floor),
        clocks: feed.clocks,
    });
    // What kind of site it is: which kinds of work exist here.
    let site_kind = RwSignal::new(None::<SiteKind>);
    let role = signed_in.staff.role;
    let actor = Actor { staff: signed_in.staff.id.clone(), role };
    if role.can(Permission::AssignTask) || role.can(Permission::ReassignTask) || role.can(Permission::CreateTask) {
        site_directory(&api, &signed_in.staff, (zones, site_kind), people);
    }
    let refresh = {
        let feed = feed.clone();
        move || feed.refresh()
    };
    // Closing a task of a visit with other tasks (one seen here, its owner named, or the visit opened before) offers
    // the whole visit: what is left of it, or its close.
    // An action shows at once, pending; the server's word on it comes with its announcement, and only a failure to
    // send it or a refusal fetches the whole list again.
    let settled = {
        let feed = feed.clone();
        move || match failure.try_with_untracked(Option::is_some) {
            Some(true) => feed.refresh(),
            Some(false) => {
                let feed = feed.clone();
                spawn_local(async move { feed.check().await });
            }
            None => {}
        }
    };
    let (foresee, actor_here) = (feed.clone(), actor.clone());
    let act = sender(&api, settled, failure, move |api, (task, action): (TaskId, Action)| {
        let closes = matches!(action, Action::Complete { .. } | Action::Cancel { .. });
        let offer = all.with_untracked(|l| {
            let mine = l.iter().find(|v| v.task.id == task)?;
            let case = mine.task.case_id.clone().filter(|_| closes)?;
            let others = l.iter().any(|v| v.task.id != task && v.task.case_id.as_ref() == Some(&case));
            (others || mine.task.case_owner.is_some() || visits.known(&case)).then_some(case)
        });
        // What the list held before the action decides the offer; then the action shows, and goes again if it
        // cannot be sent (a browser keeps nothing to send later).
        let before = foresee.foresee(&task, &action, &actor_here);
        let feed = foresee.clone();
        async move {
            if let Err(e) = api.act(task, action).await {
                feed.put_back(before);
                return Err(e);
            }
            if let Some(case) = offer {
                visits.offer(case);
            }
            Ok(())
        }
    });
    // Dismissing a refused action is an action too: a failure to is said, and it clears the last refusal shown.
    let dismiss = sender(&api, refresh.clone(), failure, |api, op: String| async move { api.dismiss(op).await });
    // A new task, then what is done to it at once, in that order (a one-tap contact: taken, started and done).
    let record =
        sender(&api, refresh.clone(), failure, |api, (task, actions): (NewTaskRequest, Vec<Action>)| async move {
            let id = task.id.clone();
            api.create_task(task).await?;
            for action in actions {
                api.act(id.clone(), action).await?;
            }
            Ok(())
        });
    let create = Callback::new(move |task| record.run((task, Vec::new())));
    let change = sender(&api, refresh.clone(), failure, |api, (task, details): (TaskId, TaskDetails)| async move {
        api.update_details(task, details).await
    });
    // A change of presence (mine, or a shift a supervisor ends) goes to the server; the refresh after it shows who is
    // on shift.
    let presence = sender(&api, refresh.clone(), failure, |api, request: PresenceRequest| async move {
        api.change_presence(request).await.map(drop)
    });
    let my_shift = Callback::new(move |change| presence.run(PresenceRequest { staff: None, change }));
    let end_shift = Callback::new(move |staff: StaffId| {
        presence.run(PresenceRequest { staff: Some(staff), change: floordesk_domain::PresenceChange::End {} });
    });
    let board = role.can(Permission::ManageAmbulanceBoard);
    let meetings_board = role.can(Permission::ManageRelativeMeetings);
    // Confirming a meeting fixes its slot and plans the escort that brings the relative to the doctor then.
    let confirm_meeting = sender(&api, refresh, failure, |api, (task, escort): (TaskId, TaskId)| async move {
        api.confirm_meeting(task, escort).await
    });
    let shared = expect_context::<Shared>();
    let creating = shared.create;
    let may_create = role.can(Permission::CreateTask);
    // The floor board: whoever may give tasks to people and sees the whole site.
    let floor = role.can(Permission::ReassignTask) && role.can(Permission::ViewSiteTasks);
    // A card dropped on a person gives the task to them at once, unless a reason is needed past the hand-off limit:
    // then the menu opens with the person chosen.
    let moving = shared.reassign;
    let dropped = Callback::new(move |(task, to): (TaskId, StaffId)| {
        let Some(view) = all.with_untracked(|all| all.iter().find(|v| v.task.id == task).cloned()) else {
            return;
        };
        match view.task.give(&to, None) {
            floordesk_domain::Giving::Ready(action) => act.run((task, action)),
            floordesk_domain::Giving::NeedsReason => {
                moving.open(task);
                moving.to.set(to.to_string());
            }
            floordesk_domain::Giving::Nothing => {}
        }
    });
    keys::desktop_keys(may_create);
    let me = signed_in.staff.clone();
    let contacts = role.creates(floordesk_domain::TaskKind::Routing).then(|| {
        view! { <contacts::QuickContacts me=me.clone() site_kind=site_kind zones=zones record=record /> }
    });
    let pool_title = match role {
        Role::Administrator => Msg::ZonePool,
        Role::Coordinator | Role::Supervisor | Role::CityAdmin => Msg::SitePool,
    };
    let new_task = tr(Msg::NewTask);
    let (my_tasks, pool_words) = (tr(Msg::MyTasks), tr(pool_title));

    let on_floor = role != Role::CityAdmin;
    let floor_now = feed.floor;
    view! {
        <SyncBadge device=feed.device site=site_days />
        {on_floor
            .then(|| {
                view! { <ShiftBar me=signed_in.staff.id.clone() floor=floor_now site=site_days change=my_shift /> }
            })}
        <Failure failure=failure />
        <Rejections device=feed.device dismiss=dismiss />
        <p class="hint shortcuts">{tr(Msg::Shortcuts)}</p>
        {may_create
            .then(|| {
                view! {
                    <button
                        id="new-task"
                        class="primary new-task"
                        aria-expanded=move || creating.open.get().to_string()
                        on:click=move |_| {
                            creating.open.update(|open| *open = !*open);
                            if creating.open.get_untracked() {
                                focus_first(".kind-tile");
                            }
                        }
                    >
                        {move || format!("+ {}", new_task())}
                    </button>
                }
            })}
        {contacts}
        {move || {
            creating
                .open
                .get()
                .then(|| {
                    view! {
                        <CreateForm
                            me=me.clone()
                            zones=zones
                            site_kind=site_kind
                            create=create
                            site=site_days
                            draft=creating
                        />
                    }
                })
        }}
        <visit::VisitPanel site_days=site_days />
        {move || match loaded.get() {
            Loaded::Loading => Some(view! { <Loading /> }.into_any()),
            Loaded::Failed(e) => Some(view! { <ErrorLine error=e /> }.into_any()),
            Loaded::Ready => None,
        }}
        <Show when=move || {
            loaded.get() == Loaded::Ready
        }>
            {floor.then(|| view! { <AttentionList tasks=all floor=floor_now site=site_days act=act /> })}
            {move || {
                floor
                    .then(|| {
                        view! {
                            <FloorBoard
                                grouped=columns.is_some()
                                people=people.get()
                                floor=floor_now.get()
                                end_shift=end_shift
                                zones=zones.get()
                                tasks=all.get()
                                deadlines=deadlines.get()
                                now=now
                                dropped=dropped
                            />
                        }
                    })
            }}
            {
                let actor = actor.clone();
                move || {
                    let crews = of_kind(&all.get(), |d| matches!(d, TaskDetails::AmbulanceArrival(_)));
                    let actor = actor.clone();
                    (board && !crews.is_empty())
                        .then(|| {
                            view! {
                                <AmbulanceBoard crews=crews deadlines=deadlines.get() now=now actor=actor act=act />
                            }
                        })
                }
            }
            {move || {
                let mut queue = of_kind(&all.get(), |d| matches!(d, TaskDetails::EdRegistration(_)));
                order(&mut queue, |a, b| a.task.met_at.cmp(&b.task.met_at));
                (board && !queue.is_empty())
                    .then(|| {
                        // The longest wait first.
                        view! { <RegistrationQueue queue=queue now=now /> }
                    })
            }}
            {move || {
                let meetings = of_kind(&all.get(), |d| matches!(d, TaskDetails::RelativeMeeting(_)));
                (meetings_board && !meetings.is_empty())
                    .then(|| {
                        view! {
                            <MeetingsBoard
                                meetings=meetings
                                site=deadlines.with(|d| d.calendar().clone())
                                change=change
                                confirm=confirm_meeting
                            />
                        }
                    })
            }}
            {
                let actor = actor.clone();
                move || {
                    if let Some(columns) = columns.filter(|_| floor) {
                        let (actor, floor) = (actor.clone(), floor_now);
                        columns(wide::Parts {
                            tasks: all,
                            deadlines,
                            now,
                            floor,
                            site_kind,
                            actor,
                            act,
                            dropped,
                        })
                    } else {
                        view! {
                            <section id="mine" aria-labelledby="mine-title">
                                <h2 id="mine-title">{move || format!("{} ({})", my_tasks(), mine.with(Vec::len))}</h2>
                                <TaskCards
                                    tasks=mine.into()
                                    deadlines=deadlines.into()
                                    now=now
                                    actor=actor.clone()
                                    act=act
                                />
                            </section>
                            <section id="pool" aria-labelledby="pool-title">
                                <h2 id="pool-title">{move || format!("{} ({})", pool_words(), pool.with(Vec::len))}</h2>
                                <TaskCards
                                    tasks=pool.into()
                                    deadlines=deadlines.into()
                                    now=now
                                    actor=actor.clone()
                                    act=act
                                />
                            </section>
                        }
                            .into_any()
                    }
                }
            }
        </Show>
    }
}

/// Fetches the zones and the kind of my site (for a new task) and its people who can be given tasks (supervisors give them).
fn site_directory(
    api: &Backend,
    me: &StaffProfile,
    (zones, site_kind): (RwSignal<Vec<ZoneInfo>>, RwSignal<Option<SiteKind>>),
    people: RwSignal<Vec<StaffProfile>>,
) {
    let api = api.clone();
    let site = me.site.clone();
    spawn_local(async move {
        if let Ok(directory) = api.directory().await {
            if let Some(mine) = directory.sites.iter().find(|s| s.id == site) {
                zones.set(mine.zones.clone());
                site_kind.set(Some(mine.kind));
            }
            people.set(
                directory
                    .staff
                    .into_iter()
                    .map(|e| e.staff)
                    .filter(|s| s.site == site && s.role != Role::Supervisor)
                    .collect(),
            );
        }
    });
}

/// The tasks whose details are of one kind (a function, not a closure: one copy of this in the wasm for every board).
fn of_kind(tasks: &[TaskView], kind: fn(&TaskDetails) -> bool) -> Vec<TaskView> {
    tasks.iter().filter(|v| kind(&v.task.details)).cloned().collect()
}

/// A callback that sends something through the API, shows a refusal (or clears the last one), then refreshes.
fn sender<T: 'static, F>(
    api: &Backend,
    refresh: impl Fn() + Clone + Send + Sync + 'static,
    failure: RwSignal<Option<ApiError>>,
    send: impl Fn(Backend, T) -> F + Send + Sync + 'static,
) -> Callback<T>
where
    F: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let api = api.clone();
    Callback::new(move |value: T| settle(Box::pin(send(api.clone(), value)), refresh.clone(), failure))
}

/// Waits for what a [`sender`] sent, shows a refusal (or clears the last one), then refreshes: compiled once for
/// every kind of thing sent, not once per kind.
fn settle(
    sent: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>,
    refresh: impl Fn() + 'static,
    failure: RwSignal<Option<ApiError>>,
) {
    spawn_local(async move {
        failure.set(sent.await.err());
        refresh();
    });
}
