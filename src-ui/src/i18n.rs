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
