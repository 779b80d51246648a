//! Russian (the default) and English texts of the UI, with Russian plural forms.

use floordesk_domain::{Priority, Role, TaskKind, TaskStatus};
use floordesk_protocol::ErrorCode;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The language's code, as stored and as set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language for a stored code; Russian for anything else.
    pub fn from_code(code: &str) -> Self {
        if code == "en" {
            Lang::En
        } else {
            Lang::Ru
        }
    }

    /// The other language, for the switch button.
    pub fn other(self) -> Self {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

/// A fixed text of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    SignInTitle,
    WhoAreYou,
    Code,
    SignIn,
    SignOut,
    DemoCode,
    MyTasks,
    ZonePool,
    SitePool,
    NoTasks,
    Loading,
    SwitchLanguage,
    Start,
    Complete,
    OverdueBy,
    NoDeadline,
    ArrivesIn,
    LateBy,
    Claim,
    Accept,
    StartWork,
    Done,
    Online,
    Offline,
    PendingMark,
    Understood,
    SyncedAt,
    RateTheService,
    RatingNote,
    NotRated,
    GiveTo,
    GiveToWhom,
    ReasonRequired,
    Cancel,
    Holder,
    NewTask,
    Create,
    Priority,
    Zone,
    FixField,
    PickZone,
    Shortcuts,
    Ambulances,
    Arrived,
    Handover,
    Meetings,
    RequestedFor,
    ConfirmedFor,
    Confirm,
    Earlier,
    Later,
    Entrance,
    RegistrationQueue,
    Waits,
    ByAmbulance,
    OnFoot,
    DragHint,
    Tasks,
    Screens,
    Indicators,
    MorningMeeting,
    GoodStories,
    KnowledgeBase,
    Today,
    Yesterday,
    SevenDays,
    Period,
    WaitP50,
    WaitP90,
    StartedInTime,
    OverHandoffs,
    MeanRating,
    RatedShare,
    StandardWait,
    StandardInTime,
    StandardHandoffs,
    StandardRated,
    ClosedTasks,
    ChartWaitByHour,
    ChartInTimeByKind,
    ChartRatings,
    ChartHandoffsByKind,
    ByKind,
    Kind,
    NothingClosed,
    Print,
    Results,
    Problems,
    NoProblems,
    OpenBreaches,
    NoBreaches,
    Nobody,
    ToRecognise,
    NoStories,
    PostedBy,
    StoryText,
    ThankColleague,
    LinkTask,
    NoPersonalData,
    Post,
    Thanks,
    Task,
    Search,
    SearchQuestion,
    NewTemplate,
    Question,
    Answer,
    Save,
    NothingFound,
    Edit,
    Remove,
    MoreForVisitor,
    ForSameVisitor,
    ByHour,
    Hour,
    HandBack,
    FloorTab,
    MeetingTab,
    StoriesTab,
    AnswersTab,
    OnShift,
    OutOfFive,
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match (lang, msg) {
        (Lang::Ru, SignInTitle) => "Вход в смену",
        (Lang::En, SignInTitle) => "Start your shift",
        (Lang::Ru, WhoAreYou) => "Выберите себя в списке и введите личный код.",
        (Lang::En, WhoAreYou) => "Pick yourself in the list and enter your personal code.",
        (Lang::Ru, Code) => "Личный код",
        (Lang::En, Code) => "Personal code",
        (Lang::Ru, SignIn) => "Войти",
        (Lang::En, SignIn) => "Sign in",
        (Lang::Ru, SignOut) => "Выйти",
        (Lang::En, SignOut) => "Sign out",
        (Lang::Ru, DemoCode) => "Демо-код",
        (Lang::En, DemoCode) => "Demo code",
        (Lang::Ru, MyTasks) => "Мои задачи",
        (Lang::En, MyTasks) => "My tasks",
        (Lang::Ru, ZonePool) => "Свободные задачи моей зоны",
        (Lang::En, ZonePool) => "Open tasks in my zone",
        (Lang::Ru, SitePool) => "Все задачи площадки",
        (Lang::En, SitePool) => "All tasks on site",
        (Lang::Ru, NoTasks) => "Задач нет.",
        (Lang::En, NoTasks) => "No tasks.",
        (Lang::Ru, Loading) => "Загрузка…",
        (Lang::En, Loading) => "Loading…",
        (Lang::Ru, SwitchLanguage) => "English",
        (Lang::En, SwitchLanguage) => "Русский",
        (Lang::Ru, Start) => "Начать",
        (Lang::En, Start) => "Start",
        (Lang::Ru, Complete) => "Завершить",
        (Lang::En, Complete) => "Complete",
        (Lang::Ru, OverdueBy) => "просрочено на",
        (Lang::En, OverdueBy) => "overdue by",
        (Lang::Ru, ArrivesIn) => "Прибытие через",
        (Lang::En, ArrivesIn) => "Arrives in",
        (Lang::Ru, LateBy) => "Бригада задерживается на",
        (Lang::En, LateBy) => "Crew late by",
        (Lang::Ru, NoDeadline) => "без срока",
        (Lang::En, NoDeadline) => "no deadline",
        (Lang::Ru, Claim) => "Взять",
        (Lang::En, Claim) => "Take",
        (Lang::Ru, Accept) => "Принять",
        (Lang::En, Accept) => "Accept",
        (Lang::Ru, StartWork) => "Начать",
        (Lang::En, StartWork) => "Start",
        (Lang::Ru, Done) => "Готово",
        (Lang::En, Done) => "Done",
        (Lang::Ru, Online) => "В сети",
        (Lang::En, Online) => "Online",
        (Lang::Ru, Offline) => "Нет связи",
        (Lang::En, Offline) => "Offline",
        (Lang::Ru, PendingMark) => "ждёт отправки",
        (Lang::En, PendingMark) => "not sent yet",
        (Lang::Ru, Understood) => "Понятно",
        (Lang::En, Understood) => "OK",
        (Lang::Ru, RateTheService) => "Как вас обслужили? Коснитесь лица",
        (Lang::En, RateTheService) => "How was the service? Tap a face",
        (Lang::Ru, RatingNote) => "Комментарий (необязательно)",
        (Lang::En, RatingNote) => "A note (optional)",
        (Lang::Ru, GiveTo) => "Передать",
        (Lang::En, GiveTo) => "Give to…",
        (Lang::Ru, GiveToWhom) => "Кому",
        (Lang::En, GiveToWhom) => "To whom",
        (Lang::Ru, ReasonRequired) => "Причина (обязательна: передач уже две)",
        (Lang::En, ReasonRequired) => "Reason (required: two hand-offs already)",
        (Lang::Ru, NewTask) => "Новая задача",
        (Lang::En, NewTask) => "New task",
        (Lang::Ru, Create) => "Создать",
        (Lang::En, Create) => "Create",
        (Lang::Ru, Priority) => "Срочность",
        (Lang::En, Priority) => "Priority",
        (Lang::Ru, Zone) => "Зона",
        (Lang::En, Zone) => "Zone",
        (Lang::Ru, FixField) => "Проверьте поле",
        (Lang::En, FixField) => "Check the field",
        (Lang::Ru, Ambulances) => "Бригады СМП",
        (Lang::En, Ambulances) => "Ambulance crews",
        (Lang::Ru, Arrived) => "Прибыла",
        (Lang::En, Arrived) => "Arrived",
        (Lang::Ru, Meetings) => "Встречи родственников с врачом",
        (Lang::En, Meetings) => "Relatives' meetings with doctors",
        (Lang::Ru, RequestedFor) => "просят на",
        (Lang::En, RequestedFor) => "asked for",
        (Lang::Ru, ConfirmedFor) => "подтверждена на",
        (Lang::En, ConfirmedFor) => "confirmed for",
        (Lang::Ru, Confirm) => "Подтвердить",
        (Lang::En, Confirm) => "Confirm",
        (Lang::Ru, Earlier) => "Предложить на 15 минут раньше",
        (Lang::En, Earlier) => "Propose 15 minutes earlier",
        (Lang::Ru, Later) => "Предложить на 15 минут позже",
        (Lang::En, Later) => "Propose 15 minutes later",
        (Lang::Ru, RegistrationQueue) => "Очередь регистрации",
        (Lang::En, RegistrationQueue) => "Registration queue",
        (Lang::Ru, Waits) => "ждёт",
        (Lang::En, Waits) => "waiting",
        (Lang::Ru, ByAmbulance) => "бригадой СМП",
        (Lang::En, ByAmbulance) => "by ambulance",
        (Lang::Ru, OnFoot) => "самостоятельно",
        (Lang::En, OnFoot) => "on foot",
        (Lang::Ru, Entrance) => "Вход",
        (Lang::En, Entrance) => "Entrance",
        (Lang::Ru, Handover) => "Передача",
        (Lang::En, Handover) => "Handover",
        (Lang::Ru, Shortcuts) => "Клавиши: N — новая задача, Esc — закрыть панель",
        (Lang::En, Shortcuts) => "Keys: N — new task, Esc — close the panel",
        (Lang::Ru, PickZone) => "Выберите зону.",
        (Lang::En, PickZone) => "Pick a zone.",
        (Lang::Ru, Holder) => "Исполнитель",
        (Lang::En, Holder) => "Held by",
        (Lang::Ru, Cancel) => "Отмена",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Ru, NotRated) => "Без оценки",
        (Lang::En, NotRated) => "Not rated",
        (Lang::Ru, SyncedAt) => "синхронизировано в",
        (Lang::En, SyncedAt) => "synced at",
        (Lang::Ru, DragHint) => "Перетащите карточку задачи на сотрудника, чтобы передать её.",
        (Lang::En, DragHint) => "Drag a task card onto a person to give it to them.",
        (Lang::Ru, Tasks) => "Задачи",
        (Lang::En, Tasks) => "Tasks",
        (Lang::Ru, Screens) => "Разделы",
        (Lang::En, Screens) => "Sections",
        (Lang::Ru, Indicators) => "Показатели",
        (Lang::En, Indicators) => "Indicators",
        (Lang::Ru, MorningMeeting) => "Планёрка",
        (Lang::En, MorningMeeting) => "Morning meeting",
        (Lang::Ru, GoodStories) => "Добрые истории",
        (Lang::En, GoodStories) => "Good stories",
        (Lang::Ru, KnowledgeBase) => "База ответов",
        (Lang::En, KnowledgeBase) => "Answer templates",
        (Lang::Ru, Today) => "Сегодня",
        (Lang::En, Today) => "Today",
        (Lang::Ru, Yesterday) => "Вчера",
        (Lang::En, Yesterday) => "Yesterday",
        (Lang::Ru, SevenDays) => "7 дней",
        (Lang::En, SevenDays) => "7 days",
        (Lang::Ru, Period) => "Период",
        (Lang::En, Period) => "Period",
        (Lang::Ru, WaitP50) => "Ожидание, медиана (мин)",
        (Lang::En, WaitP50) => "Wait, median (min)",
        (Lang::Ru, WaitP90) => "Ожидание, 90% (мин)",
        (Lang::En, WaitP90) => "Wait, 90th pct (min)",
        (Lang::Ru, StartedInTime) => "Начато в срок",
        (Lang::En, StartedInTime) => "Started in time",
        (Lang::Ru, OverHandoffs) => "Больше 2 передач",
        (Lang::En, OverHandoffs) => "Over 2 hand-offs",
        (Lang::Ru, MeanRating) => "Средняя оценка",
        (Lang::En, MeanRating) => "Mean rating",
        (Lang::Ru, RatedShare) => "Оценено услуг",
        (Lang::En, RatedShare) => "Services rated",
        (Lang::Ru, StandardWait) => "норма: не более 15 мин",
        (Lang::En, StandardWait) => "standard: 15 min at most",
        (Lang::Ru, StandardInTime) => "норма: 100%",
        (Lang::En, StandardInTime) => "standard: 100%",
        (Lang::Ru, StandardHandoffs) => "норма: 0",
        (Lang::En, StandardHandoffs) => "standard: 0",
        (Lang::Ru, StandardRated) => "норма: оценка каждой услуги",
        (Lang::En, StandardRated) => "standard: every service rated",
        (Lang::Ru, ClosedTasks) => "Закрыто задач",
        (Lang::En, ClosedTasks) => "Tasks closed",
        (Lang::Ru, ChartWaitByHour) => "Ожидание по часам, 90% (мин); пунктир — норма 15 мин",
        (Lang::En, ChartWaitByHour) => "Wait by hour, 90th percentile (min); dashed: the 15-minute standard",
        (Lang::Ru, ChartInTimeByKind) => "Начато в срок по видам задач, %",
        (Lang::En, ChartInTimeByKind) => "Started in time by kind, %",
        (Lang::Ru, ChartRatings) => "Оценки посетителей, 1–5",
        (Lang::En, ChartRatings) => "Visitors' ratings, 1–5",
        (Lang::Ru, ChartHandoffsByKind) => "Передач на задачу по видам; пунктир — предел 2",
        (Lang::En, ChartHandoffsByKind) => "Hand-offs per task by kind; dashed: the limit of 2",
        (Lang::Ru, ByKind) => "По видам задач",
        (Lang::En, ByKind) => "By kind of task",
        (Lang::Ru, Kind) => "Вид",
        (Lang::En, Kind) => "Kind",
        (Lang::Ru, NothingClosed) => "За этот период закрытых задач нет.",
        (Lang::En, NothingClosed) => "No tasks were closed in this period.",
        (Lang::Ru, Print) => "Печать",
        (Lang::En, Print) => "Print",
        (Lang::Ru, Results) => "Итоги",
        (Lang::En, Results) => "Results",
        (Lang::Ru, Problems) => "Проблемы",
        (Lang::En, Problems) => "Problems",
        (Lang::Ru, NoProblems) => "Нарушений стандарта не было.",
        (Lang::En, NoProblems) => "No breaches of the standard.",
        (Lang::Ru, OpenBreaches) => "Открытые просрочки сейчас",
        (Lang::En, OpenBreaches) => "Open breaches now",
        (Lang::Ru, NoBreaches) => "Просроченных задач нет.",
        (Lang::En, NoBreaches) => "No overdue tasks.",
        (Lang::Ru, Nobody) => "без исполнителя",
        (Lang::En, Nobody) => "nobody",
        (Lang::Ru, ToRecognise) => "Кого поблагодарить",
        (Lang::En, ToRecognise) => "People to thank",
        (Lang::Ru, NoStories) => "Историй пока нет.",
        (Lang::En, NoStories) => "No stories yet.",
        (Lang::Ru, PostedBy) => "рассказал(а)",
        (Lang::En, PostedBy) => "told by",
        (Lang::Ru, StoryText) => "Что произошло",
        (Lang::En, StoryText) => "What happened",
        (Lang::Ru, ThankColleague) => "Кого поблагодарить",
        (Lang::En, ThankColleague) => "Whom to thank",
        (Lang::Ru, LinkTask) => "Задача",
        (Lang::En, LinkTask) => "Task",
        (Lang::Ru, NoPersonalData) => "Без диагнозов и персональных данных: инициалы или номер талона.",
        (Lang::En, NoPersonalData) => "No diagnoses or personal data: initials or a ticket number.",
        (Lang::Ru, Post) => "Опубликовать",
        (Lang::En, Post) => "Post",
        (Lang::Ru, Thanks) => "спасибо",
        (Lang::En, Thanks) => "thanks to",
        (Lang::Ru, Task) => "Задача",
        (Lang::En, Task) => "Task",
        (Lang::Ru, Search) => "Поиск",
        (Lang::En, Search) => "Search",
        (Lang::Ru, SearchQuestion) => "Вопрос посетителя, например «справка»",
        (Lang::En, SearchQuestion) => "A visitor's question, e.g. “certificate”",
        (Lang::Ru, NewTemplate) => "Новый ответ",
        (Lang::En, NewTemplate) => "New answer",
        (Lang::Ru, Question) => "Вопрос",
        (Lang::En, Question) => "Question",
        (Lang::Ru, Answer) => "Ответ",
        (Lang::En, Answer) => "Answer",
        (Lang::Ru, Save) => "Сохранить",
        (Lang::En, Save) => "Save",
        (Lang::Ru, NothingFound) => "Ничего не найдено.",
        (Lang::En, NothingFound) => "Nothing found.",
        (Lang::Ru, Edit) => "Изменить",
        (Lang::En, Edit) => "Edit",
        (Lang::Ru, Remove) => "Удалить",
        (Lang::En, Remove) => "Remove",
        (Lang::Ru, MoreForVisitor) => "Ещё задача для посетителя",
        (Lang::En, MoreForVisitor) => "Another task for this visitor",
        (Lang::Ru, ForSameVisitor) => "Для того же посетителя",
        (Lang::En, ForSameVisitor) => "For the same visitor",
        (Lang::Ru, OnShift) => "Сотрудники на смене",
        (Lang::En, OnShift) => "Staff on shift",
        (Lang::Ru, OutOfFive) => "из 5",
        (Lang::En, OutOfFive) => "out of 5",
        (Lang::Ru, FloorTab) => "Зал",
        (Lang::En, FloorTab) => "Floor",
        (Lang::Ru, MeetingTab) => "Планёрка",
        (Lang::En, MeetingTab) => "Meeting",
        (Lang::Ru, StoriesTab) => "Истории",
        (Lang::En, StoriesTab) => "Stories",
        (Lang::Ru, AnswersTab) => "Ответы",
        (Lang::En, AnswersTab) => "Answers",
        (Lang::Ru, HandBack) => "Вернуть в пул",
        (Lang::En, HandBack) => "Hand back",
        (Lang::Ru, ByHour) => "По часам (время встречи посетителя)",
        (Lang::En, ByHour) => "By hour (when the visitor was met)",
        (Lang::Ru, Hour) => "Час",
        (Lang::En, Hour) => "Hour",
    }
}

/// The three Russian plural forms: 1 минута, 2 минуты, 5 минут.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluralRu {
    One,
    Few,
    Many,
}

/// Which Russian plural form a count takes.
pub fn plural_ru(n: u64) -> PluralRu {
    let (tens, units) = (n % 100, n % 10);
    if (11..=14).contains(&tens) {
        PluralRu::Many
    } else if units == 1 {
        PluralRu::One
    } else if (2..=4).contains(&units) {
        PluralRu::Few
    } else {
        PluralRu::Many
    }
}

/// The Russian word for `n` in each plural form.
fn ru_word(n: u64, one: &'static str, few: &'static str, many: &'static str) -> &'static str {
    match plural_ru(n) {
        PluralRu::One => one,
        PluralRu::Few => few,
        PluralRu::Many => many,
    }
}

/// "осталось 5 минут" / "5 minutes left".
pub fn minutes_left(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Ru => format!(
            "{} {n} {}",
            ru_word(n, "осталась", "осталось", "осталось"),
            ru_word(n, "минута", "минуты", "минут")
        ),
        Lang::En if n == 1 => "1 minute left".into(),
        Lang::En => format!("{n} minutes left"),
    }
}

/// "через 5 минут" / "in 5 minutes" (also the accusative after "на": "просрочено на 5 минут").
pub fn in_minutes(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Ru => format!("{n} {}", ru_word(n, "минуту", "минуты", "минут")),
        Lang::En if n == 1 => "1 minute".into(),
        Lang::En => format!("{n} minutes"),
    }
}

/// "5 лет" / "5 years old".
pub fn years(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Ru => format!("{n} {}", ru_word(n, "год", "года", "лет")),
        Lang::En if n == 1 => "1 year old".into(),
        Lang::En => format!("{n} years old"),
    }
}

/// "2 действия ждут отправки" / "2 actions waiting to be sent".
pub fn waiting(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Ru => format!(
            "{n} {} {} отправки",
            ru_word(n, "действие", "действия", "действий"),
            ru_word(n, "ждёт", "ждут", "ждут")
        ),
        Lang::En if n == 1 => "1 action waiting to be sent".into(),
        Lang::En => format!("{n} actions waiting to be sent"),
    }
}

/// "получено 3000 изменений…" / "3000 changes received…", while a large catch-up runs.
pub fn catching_up(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Ru => format!("получено {n} {}…", ru_word(n, "изменение", "изменения", "изменений")),
        Lang::En if n == 1 => "1 change received…".into(),
        Lang::En => format!("{n} changes received…"),
    }
}

/// "передач: 1 из 2" / "hand-offs: 1 of 2".
pub fn handoffs(lang: Lang, n: u32, max: u32) -> String {
    match lang {
        Lang::Ru => format!("передач: {n} из {max}"),
        Lang::En => format!("hand-offs: {n} of {max}"),
    }
}

/// A face's name for assistive technology: "Оценка 4 из 5" / "Rating 4 of 5".
pub fn score(lang: Lang, n: u8) -> String {
    match lang {
        Lang::Ru => format!("Оценка {n} из 5"),
        Lang::En => format!("Rating {n} of 5"),
    }
}

/// Why the server refused an action, in plain words.
pub fn rejection(lang: Lang, reason: &floordesk_protocol::Rejection, message: &str) -> String {
    use floordesk_protocol::Rejection;
    match (lang, reason) {
        (Lang::Ru, Rejection::AlreadyTaken { holder_name, .. }) => {
            format!("Задачу уже взял(а) {holder_name}; ваше действие отменено.")
        }
        (Lang::Ru, Rejection::Transition { .. }) => "Задача уже в другом состоянии; ваше действие отменено.".into(),
        (Lang::Ru, _) => format!("Сервер отклонил действие: {message}"),
        (Lang::En, _) => message.to_owned(),
    }
}

/// A role's name.
pub fn role(lang: Lang, role: Role) -> &'static str {
    match (lang, role) {
        (Lang::Ru, Role::Administrator) => "Администратор",
        (Lang::En, Role::Administrator) => "Administrator",
        (Lang::Ru, Role::Coordinator) => "Координатор приёмного",
        (Lang::En, Role::Coordinator) => "ED coordinator",
        (Lang::Ru, Role::Supervisor) => "Супервайзер",
        (Lang::En, Role::Supervisor) => "Supervisor",
    }
}

/// A task kind's name.
pub fn kind(lang: Lang, kind: TaskKind) -> &'static str {
    use TaskKind::*;
    match (lang, kind) {
        (Lang::Ru, Escort) => "Сопровождение",
        (Lang::En, Escort) => "Escort",
        (Lang::Ru, AmbulanceArrival) => "Бригада СМП",
        (Lang::En, AmbulanceArrival) => "Ambulance crew",
        (Lang::Ru, EdRegistration) => "Регистрация в приёмном",
        (Lang::En, EdRegistration) => "ED registration",
        (Lang::Ru, RelativeMeeting) => "Встреча с врачом",
        (Lang::En, RelativeMeeting) => "Relative meets doctor",
        (Lang::Ru, Taxi) => "Такси",
        (Lang::En, Taxi) => "Taxi",
        (Lang::Ru, Childcare) => "Присмотр за ребёнком",
        (Lang::En, Childcare) => "Childcare",
        (Lang::Ru, Routing) => "Маршрутизация",
        (Lang::En, Routing) => "Routing",
        (Lang::Ru, KioskHelp) => "Помощь у инфомата",
        (Lang::En, KioskHelp) => "Kiosk help",
        (Lang::Ru, WrittenRequest) => "Письменное обращение",
        (Lang::En, WrittenRequest) => "Written request",
        (Lang::Ru, NonStandard) => "Нестандартная ситуация",
        (Lang::En, NonStandard) => "Non-standard problem",
    }
}

/// A task kind's short name, for a chart's axis.
pub fn kind_short(lang: Lang, kind: TaskKind) -> &'static str {
    use TaskKind::*;
    match (lang, kind) {
        (Lang::Ru, Escort) => "Сопр.",
        (Lang::En, Escort) => "Escort",
        (Lang::Ru, AmbulanceArrival) => "СМП",
        (Lang::En, AmbulanceArrival) => "Ambul.",
        (Lang::Ru, EdRegistration) => "Рег.",
        (Lang::En, EdRegistration) => "ED reg.",
        (Lang::Ru, RelativeMeeting) => "Встр.",
        (Lang::En, RelativeMeeting) => "Meet.",
        (Lang::Ru, Taxi) => "Такси",
        (Lang::En, Taxi) => "Taxi",
        (Lang::Ru, Childcare) => "Дети",
        (Lang::En, Childcare) => "Child",
        (Lang::Ru, Routing) => "Марш.",
        (Lang::En, Routing) => "Route",
        (Lang::Ru, KioskHelp) => "Инфом.",
        (Lang::En, KioskHelp) => "Kiosk",
        (Lang::Ru, WrittenRequest) => "Письм.",
        (Lang::En, WrittenRequest) => "Letter",
        (Lang::Ru, NonStandard) => "Нест.",
        (Lang::En, NonStandard) => "Other",
    }
}

/// What a person on the floor is doing.
pub fn activity(lang: Lang, a: crate::floor::Activity) -> &'static str {
    use crate::floor::Activity::*;
    match (lang, a) {
        (Lang::Ru, Free) => "свободен",
        (Lang::En, Free) => "free",
        (Lang::Ru, Assigned) => "есть задачи",
        (Lang::En, Assigned) => "has tasks",
        (Lang::Ru, Working) => "работает с посетителем",
        (Lang::En, Working) => "with a visitor",
    }
}

/// "3 задачи" / "3 tasks".
pub fn load(lang: Lang, n: usize) -> String {
    let n = n as u64;
    match lang {
        Lang::Ru => format!("{n} {}", ru_word(n, "задача", "задачи", "задач")),
        Lang::En if n == 1 => "1 task".into(),
        Lang::En => format!("{n} tasks"),
    }
}

/// "2 просрочки" / "2 breaches".
pub fn breaches(lang: Lang, n: usize) -> String {
    let n = n as u64;
    match lang {
        Lang::Ru => format!("{n} {}", ru_word(n, "просрочка", "просрочки", "просрочек")),
        Lang::En if n == 1 => "1 breach".into(),
        Lang::En => format!("{n} breaches"),
    }
}

/// The floor's headline: tasks nobody holds and tasks past their deadline.
pub fn floor_summary(lang: Lang, unassigned: usize, overdue: usize) -> String {
    match lang {
        Lang::Ru => format!("Без исполнителя: {unassigned}. Просрочено: {overdue}."),
        Lang::En => format!("Nobody on it: {unassigned}. Overdue: {overdue}."),
    }
}

/// "начато с опозданием: ждали 17 минут" / "started late: waited 17 minutes".
pub fn late_start(lang: Lang, waited: u64) -> String {
    match lang {
        Lang::Ru => format!("начато с опозданием: ждали {}", in_minutes(lang, waited)),
        Lang::En => format!("started late: waited {}", in_minutes(lang, waited)),
    }
}

/// "передач: 3 при норме не более 2" / "3 hand-offs, the limit is 2".
pub fn over_handoffs(lang: Lang, n: u32, max: u32) -> String {
    match lang {
        Lang::Ru => format!("передач: {n} при норме не более {max}"),
        Lang::En => format!("{n} hand-offs, the limit is {max}"),
    }
}

/// "низкая оценка: 2 из 5" / "low rating: 2 of 5".
pub fn low_rating(lang: Lang, score: u8) -> String {
    match lang {
        Lang::Ru => format!("низкая оценка: {score} из 5"),
        Lang::En => format!("low rating: {score} of 5"),
    }
}

/// "3 отметки «нравится»" / "3 likes".
pub fn likes(lang: Lang, n: u32) -> String {
    let n = u64::from(n);
    match lang {
        Lang::Ru => format!("{n} {} «нравится»", ru_word(n, "отметка", "отметки", "отметок")),
        Lang::En if n == 1 => "1 like".into(),
        Lang::En => format!("{n} likes"),
    }
}

/// "задач посетителя открыто: 2" / "the visitor's open tasks: 2".
pub fn case_open(lang: Lang, n: usize) -> String {
    let n = n as u64;
    match lang {
        Lang::Ru => format!("{n} {} посетителя", ru_word(n, "открытая задача", "открытые задачи", "открытых задач")),
        Lang::En if n == 1 => "1 open task of this visitor".into(),
        Lang::En => format!("{n} open tasks of this visitor"),
    }
}

/// A priority's name.
pub fn priority(lang: Lang, p: Priority) -> &'static str {
    match (lang, p) {
        (Lang::Ru, Priority::Emergency) => "экстренно",
        (Lang::En, Priority::Emergency) => "emergency",
        (Lang::Ru, Priority::Urgent) => "срочно",
        (Lang::En, Priority::Urgent) => "urgent",
        (Lang::Ru, Priority::Normal) => "обычный",
        (Lang::En, Priority::Normal) => "normal",
    }
}

/// A status's name.
pub fn status(lang: Lang, s: TaskStatus) -> &'static str {
    use TaskStatus::*;
    match (lang, s) {
        (Lang::Ru, New) => "новая",
        (Lang::En, New) => "new",
        (Lang::Ru, Assigned) => "назначена",
        (Lang::En, Assigned) => "assigned",
        (Lang::Ru, Accepted) => "принята",
        (Lang::En, Accepted) => "accepted",
        (Lang::Ru, InProgress) => "в работе",
        (Lang::En, InProgress) => "in progress",
        (Lang::Ru, Done) => "выполнена",
        (Lang::En, Done) => "done",
        (Lang::Ru, Cancelled) => "отменена",
        (Lang::En, Cancelled) => "cancelled",
    }
}

/// An error class in words; the server's English message is shown to English users as it is.
pub fn error(lang: Lang, code: ErrorCode, message: &str) -> String {
    match lang {
        Lang::En => message.to_owned(),
        Lang::Ru => match code {
            ErrorCode::Unauthorized => "Неверный код или вход устарел. Проверьте код и войдите снова.".into(),
            ErrorCode::Forbidden => "Для вашей роли это действие недоступно.".into(),
            ErrorCode::BadRequest => format!("Запрос не принят: {message}"),
            ErrorCode::NotFound => "Не найдено.".into(),
            ErrorCode::TooManyAttempts => {
                "Слишком много неверных кодов: вход для этого сотрудника временно приостановлен. Если срочно — обратитесь к супервайзеру.".into()
            }
            ErrorCode::Unreachable => "Нет связи с сервером. Проверьте сеть и повторите.".into(),
            ErrorCode::Internal => "Сбой на сервере. Повторите через минуту.".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals_follow_the_one_few_many_rule() {
        let cases = [
            (0, "осталось 0 минут", "0 минут"),
            (1, "осталась 1 минута", "1 минуту"),
            (2, "осталось 2 минуты", "2 минуты"),
            (4, "осталось 4 минуты", "4 минуты"),
            (5, "осталось 5 минут", "5 минут"),
            (11, "осталось 11 минут", "11 минут"),
            (12, "осталось 12 минут", "12 минут"),
            (14, "осталось 14 минут", "14 минут"),
            (21, "осталась 21 минута", "21 минуту"),
            (22, "осталось 22 минуты", "22 минуты"),
            (25, "осталось 25 минут", "25 минут"),
            (101, "осталась 101 минута", "101 минуту"),
            (111, "осталось 111 минут", "111 минут"),
        ];
        for (n, left, accusative) in cases {
            assert_eq!(minutes_left(Lang::Ru, n), left);
            assert_eq!(in_minutes(Lang::Ru, n), accusative);
        }
        assert_eq!(years(Lang::Ru, 1), "1 год");
        assert_eq!(years(Lang::Ru, 3), "3 года");
        assert_eq!(years(Lang::Ru, 5), "5 лет");
        assert_eq!(minutes_left(Lang::En, 1), "1 minute left");
        assert_eq!(waiting(Lang::Ru, 1), "1 действие ждёт отправки");
        assert_eq!(waiting(Lang::Ru, 3), "3 действия ждут отправки");
        assert_eq!(waiting(Lang::Ru, 11), "11 действий ждут отправки");
        assert_eq!(waiting(Lang::Ru, 21), "21 действие ждёт отправки");
        assert_eq!(catching_up(Lang::Ru, 1000), "получено 1000 изменений…");
        assert_eq!(catching_up(Lang::Ru, 2), "получено 2 изменения…");
        assert_eq!(in_minutes(Lang::En, 2), "2 minutes");
        assert_eq!(load(Lang::Ru, 1), "1 задача");
        assert_eq!(load(Lang::Ru, 3), "3 задачи");
        assert_eq!(load(Lang::Ru, 12), "12 задач");
        assert_eq!(breaches(Lang::Ru, 21), "21 просрочка");
        assert_eq!(breaches(Lang::Ru, 5), "5 просрочек");
        assert_eq!(likes(Lang::Ru, 2), "2 отметки «нравится»");
        assert_eq!(case_open(Lang::Ru, 1), "1 открытая задача посетителя");
        assert_eq!(case_open(Lang::Ru, 5), "5 открытых задач посетителя");
        assert_eq!(late_start(Lang::Ru, 17), "начато с опозданием: ждали 17 минут");
    }

    #[test]
    fn language_codes_round_trip_and_default_to_russian() {
        for lang in [Lang::Ru, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), lang);
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("de"), Lang::Ru);
    }
}
