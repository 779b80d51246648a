### FloorDesk's Russian texts (the default language).
### Compiled into the UI by src-ui/build.rs: every message here must also be in en.ftl, with the same variables.
### Supported: plain text, { $var }, and selects on a count's plural category ([one], [few], [many], *[other])
### or on an exact number ([0]). A count is a whole number: Russian uses one, few and many.

## Fixed texts of the screens

sign-in-title = Вход в смену
who-are-you = Выберите себя в списке и введите личный код.
code = Личный код
sign-in = Войти
sign-out = Выйти
admin-link = Администрирование
clock-ahead = Часы устройства спешат на { $duration }: исправьте время в его настройках.
clock-behind = Часы устройства отстают на { $duration }: исправьте время в его настройках.
demo-code = Демо-код
enter-number = Введите табельный номер и личный код.
staff-number = Табельный номер
setup-title = Подключение устройства
setup-hint = Супервайзер регистрирует устройство и показывает код регистрации — строку под QR-кодом. Введите её целиком (сканер штрихкодов устройства введёт её сам).
server-address = Адрес сервера (если его нет в коде)
enrolment-code = Код регистрации
set-up = Подключить
enrolment-refused = Сервер не узнал это устройство: сверьте код с экраном супервайзера; устройство могли отозвать.
enrolment-unreadable = Это не код регистрации или не адрес сервера: введите всю строку под QR-кодом, адрес — как https://…
not-enrolled = Сервер больше не знает это устройство (его могли отозвать или перенести на другой сервер). Подключите его заново кодом регистрации от супервайзера.
re-enrol = Подключить заново
my-tasks = Мои задачи
zone-pool = Свободные задачи моей зоны
site-pool = Все задачи площадки
no-tasks = Задач нет.
loading = Загрузка…
switch-language = English
start = Начать
complete = Завершить
overdue-by = просрочено на
no-deadline = без срока
arrives-in = Прибытие через
late-by = Бригада задерживается на
claim = Взять
accept = Принять
start-work = Начать
done = Готово
online = В сети
offline = Нет связи
pending-mark = ждёт отправки
understood = Понятно
synced-at = синхронизировано в
rate-the-service = Как вас обслужили? Коснитесь лица
rating-note = Комментарий (необязательно)
not-rated = Без оценки
give-to = Передать
give-to-whom = Кому
reason-required = Причина (обязательна: передач уже две)
cancel = Отмена
holder = Исполнитель
new-task = Новая задача
create = Создать
priority = Срочность
zone = Зона
pick-zone = Выберите зону.
shortcuts = Клавиши: N — новая задача, Esc — закрыть панель
ambulances = Бригады СМП
arrived = Прибыла
handover = Передача
meetings = Встречи родственников с врачом
requested-for = просят на
confirmed-for = подтверждена на
confirm = Подтвердить
earlier = Предложить на 15 минут раньше
later = Предложить на 15 минут позже
registration-queue = Очередь регистрации
waits = ждёт
by-ambulance = бригадой СМП
on-foot = самостоятельно
drag-hint = Перетащите карточку задачи на сотрудника, чтобы передать её.
tasks = Задачи
screens = Разделы
indicators = Показатели
morning-meeting = Планёрка
good-stories = Добрые истории
knowledge-base = База ответов
today = Сегодня
yesterday = Вчера
seven-days = 7 дней
period = Период
wait-p50 = Ожидание, медиана (мин)
wait-p90 = Ожидание, 90-й процентиль (мин)
started-in-time = Начато в срок
over-handoffs-indicator = Больше 2 передач
mean-rating = Средняя оценка
rated-share = Оценено услуг
standard-wait = норма: не более 15 мин
standard-in-time = норма: 100%
standard-handoffs = норма: 0
standard-rated = норма: оценка каждой услуги
closed-tasks = Закрыто задач
chart-wait-by-hour = Ожидание по часам, 90% (мин); пунктир — норма 15 мин
chart-in-time-by-kind = Начато в срок по видам задач, %
chart-ratings = Оценки посетителей, 1–5
chart-handoffs-by-kind = Передач на задачу по видам; пунктир — предел 2
by-kind = По видам задач
kind = Вид
nothing-closed = За этот период закрытых задач нет.
print = Печать
results = Итоги
problems = Проблемы
no-problems = Нарушений стандарта не было.
open-breaches = Открытые просрочки сейчас
no-breaches = Просроченных задач нет.
nobody = без исполнителя
to-recognise = Кого поблагодарить
no-stories = Историй пока нет.
posted-by = рассказал(а)
story-text = Что произошло
thank-colleague = Кого поблагодарить
link-task = Задача
no-personal-data = Без диагнозов и персональных данных: инициалы или номер талона.
post = Опубликовать
thanks = спасибо
# The like button's name for screen readers; the count follows it.
like = Нравится
task = Задача
search = Поиск
search-question = Вопрос посетителя, например «справка»
new-template = Новый ответ
question = Вопрос
answer = Ответ
save = Сохранить
nothing-found = Ничего не найдено.
edit = Изменить
remove = Удалить
remove-template-sure = Удалить этот ответ из базы? Вернуть его будет нельзя.
more-for-visitor = Ещё задача для посетителя
for-same-visitor = Для того же посетителя
by-hour = По часам (время встречи посетителя)
hour = Час
hand-back = Вернуть в пул
floor-tab = Зал
meeting-tab = Планёрка
stories-tab = Истории
answers-tab = Ответы
on-shift = Сотрудники на смене
out-of-five = из 5

## Roles

role-administrator = Администратор
role-coordinator = Координатор приёмного
role-supervisor = Супервайзер
role-city-admin = Администратор городской программы

## Kinds of task

kind-escort = Сопровождение
kind-ambulance-arrival = Бригада СМП
kind-ed-registration = Регистрация в приёмном
kind-relative-meeting = Встреча с врачом
kind-taxi = Такси
kind-childcare = Присмотр за ребёнком
kind-routing = Маршрутизация
kind-kiosk-help = Помощь у инфомата
kind-written-request = Письменное обращение
kind-non-standard = Нестандартная ситуация

## Kinds of task, short, for a chart's axis

kind-short-escort = Сопр.
kind-short-ambulance-arrival = СМП
kind-short-ed-registration = Рег.
kind-short-relative-meeting = Встр.
kind-short-taxi = Такси
kind-short-childcare = Дети
kind-short-routing = Марш.
kind-short-kiosk-help = Инфом.
kind-short-written-request = Письм.
kind-short-non-standard = Нест.

## What a person on the floor is doing

activity-free = без задач
activity-assigned = есть задачи
activity-working = работает с посетителем

## Priorities

priority-emergency = экстренно
priority-urgent = срочно
priority-normal = обычный

## Statuses of a task

status-new = новая
status-assigned = назначена
status-accepted = принята
status-in-progress = в работе
status-done = выполнена
status-cancelled = отменена

## The new-task form: each kind's fields (field-<kind>-<field>)

field-escort-visitor = Посетитель (инициалы или талон)
field-escort-from = Откуда
field-escort-to = Куда
field-escort-aid = Как передвигается
field-escort-patient-ready = Пациент готов
field-escort-planned-at = Когда (если сопровождение запланировано)
field-ambulance-arrival-crew-number = Бригада
field-ambulance-arrival-eta = Прибытие через, мин
field-ambulance-arrival-transport = Доставка
field-ambulance-arrival-destination = Куда
field-ed-registration-visitor = Пациент (инициалы или талон)
field-ed-registration-arrived-by = Поступил
field-ed-registration-crew-number = Бригада (если СМП)
field-relative-meeting-relative = Родственник (инициалы)
field-relative-meeting-contact = Телефон родственника
field-relative-meeting-department = Отделение
field-relative-meeting-doctor = Лечащий врач
field-relative-meeting-requested-slot = Дата и время встречи
field-taxi-visitor = Посетитель (инициалы)
field-taxi-pickup = Откуда
field-taxi-destination = Куда
field-taxi-at = Дата и время подачи
field-taxi-phone = Телефон для связи
field-childcare-child-first-name = Имя ребёнка
field-childcare-child-age = Возраст, лет
field-childcare-parent-location = Где родитель
field-childcare-max-duration = Не дольше, мин
field-routing-purpose = Цель визита
field-routing-destination = Куда направить (если известно)
field-kiosk-help-visitor = Посетитель (инициалы или талон)
field-kiosk-help-service = Что нужно
field-written-request-reference = Номер обращения
field-written-request-channel = Откуда пришло
field-written-request-summary = Суть (без диагнозов)
field-non-standard-description = Что случилось

## The new-task form: a field's choices (choice-<field>-<value>)

choice-aid-walking = пешком
choice-aid-wheelchair = кресло-каталка
choice-aid-stretcher = каталка
choice-transport-walking = пешком
choice-transport-stretcher = на носилках
choice-arrival-on-foot = самостоятельно
choice-arrival-ambulance = бригадой СМП
## Counts and figures. A select on $n picks the word's form for that count.

# A child's age.
years =
    { $n } { $n ->
        [one] год
        [few] года
       *[many] лет
    }
# Actions taken offline that the device has not sent yet.
waiting =
    { $n } { $n ->
        [one] действие
        [few] действия
       *[many] действий
    } { $n ->
        [one] ждёт
       *[other] ждут
    } отправки
# While a large catch-up runs.
catching-up =
    получено { $n } { $n ->
        [one] изменение
        [few] изменения
       *[many] изменений
    }…
# A task's hand-offs so far and the most allowed.
handoffs = передач: { $n } из { $max }
# A rating face's name for assistive technology.
score = Оценка { $n } из 5
# A person's open tasks, on the supervisor's floor.
load =
    { $n } { $n ->
        [one] задача
        [few] задачи
       *[many] задач
    }
# A person's overdue tasks, on the supervisor's floor.
breaches =
    { $n } { $n ->
        [one] просрочка
        [few] просрочки
       *[many] просрочек
    }
# The floor's headline: tasks nobody holds and tasks past their deadline.
floor-summary = Без исполнителя: { $unassigned }. Просрочено: { $overdue }.
# A problem in the morning pack: a visitor waited past the standard.
late-start =
    начато с опозданием: ждали { $waited } { $waited ->
        [one] минуту
        [few] минуты
       *[many] минут
    }
# A problem in the morning pack against its standard: waited past the start clock; finished past the completion clock.
late-start-of = начато с опозданием: ждали { $waited } при норме { $standard }
late-finish = завершено с опозданием: { $took } при норме { $standard }
# A problem in the morning pack: too many hand-offs.
over-handoffs = передач: { $n } при норме не более { $max }
# A problem in the morning pack: a low rating.
low-rating = низкая оценка: { $score } из 5
# A good story's likes.
likes =
    { $n } { $n ->
        [one] отметка
        [few] отметки
       *[many] отметок
    } «нравится»
# The open tasks of one visitor's case.
case-open =
    { $n } { $n ->
        [one] открытая задача
        [few] открытые задачи
       *[many] открытых задач
    } посетителя

## Why the server refused an action that was sent from the outbox.

# $holder is the name of the person who took the task first.
rejection-already-taken = Задачу уже взял(а) { $holder }; ваше действие отменено.
rejection-not-allowed-to-create = Ваша роль не позволяет создавать такие задачи на этой площадке.
rejection-unknown-task = Этой задачи нет на сервере.
rejection-unknown-staff = Этого сотрудника нет на сервере.
rejection-task-exists = Такая задача уже есть: создайте задачу ещё раз.
rejection-other-site = Задача или зона относится к другой площадке.
# $time is how far the device's clock is off, written short («2 ч 05 мин»).
rejection-device-clock = Часы устройства расходятся с сервером на { $time } (или действие старше трёх суток): проверьте дату и время на устройстве и повторите.
rejection-malformed = Сервер не понял действие приложения. Обновите приложение; если не поможет — сообщите супервайзеру.

## Errors, by class; a refused request by what was wrong (the server's own sentence is English).

error-unauthorized = Неверный номер или код, либо вход устарел. Проверьте их и войдите снова.
error-forbidden = Для вашей роли это действие недоступно.
error-bad-request = Сервер не понял запрос приложения. Обновите приложение; если не поможет — сообщите супервайзеру.
problem-colleague-elsewhere = Поблагодарить можно только коллегу своей площадки.
problem-task-not-here = Эта задача ещё не дошла до сервера или относится к другой площадке: опубликуйте историю без неё или повторите позже.
problem-id-taken = Такая запись уже есть: сохраните как новую.
error-not-found = Не найдено.
error-too-many-attempts = Слишком много неверных кодов с этого устройства: вход здесь временно приостановлен. Супервайзер может снять паузу.
error-unreachable = Нет связи с сервером. Проверьте сеть и повторите.
error-internal = Сбой на сервере. Повторите через минуту.
error-busy = Эту задачу сейчас меняют другие; изменение будет отправлено ещё раз.
problem-setup = Сервер не принял эти данные: проверьте их и попробуйте снова.

## The new-task form: what to fix. $field is the field's label (field-…).

# A field that could not be read; $what is the field's label or the reason.
fix-field = Проверьте поле: { $what }
problem-empty = Заполните поле «{ $field }».
problem-too-long = Поле «{ $field }» длиннее { $max } знаков.
problem-invalid-phone = В поле «{ $field }» нужен номер из 10–15 цифр, можно с +.
problem-out-of-range = В поле «{ $field }» нужно число от { $min } до { $max }.
problem-ends-before-start = Поле «{ $field }» не может быть раньше поля «{ $start }».
problem-control = В поле «{ $field }» есть служебные символы: наберите текст заново.
problem-only-when = Поле «{ $field }» здесь заполнять не нужно.
# Anything else the domain finds: $problem is its own (English) message.
problem-other = Проверьте поле: { $problem }

## Fields named by the server or the domain (a step's words, a story's text…), for what to fix in them.

wire-field-reason = Причина
wire-field-destination = Куда
wire-field-number = Номер регистрации
wire-field-reference = Номер заказа
wire-field-to = Кому или куда
wire-field-note = Итог
wire-field-text = Текст
wire-field-title = Вопрос
wire-field-body = Ответ
wire-field-name = Название

## Durations, written short: «45 мин», «2 ч 05 мин», «13 дн. 21 ч». $time is one of them.

time-left = осталось { $time }
upcoming-in = По записи: через { $time }

## The steps of each kind's work, on its card: the buttons, and what a step asks for.

step-patient-ready = Готов идти
step-patient-not-ready = Не готов
step-aid-at-pickup = Кресло или каталка на месте
step-crew-met = Бригаду встретили
step-handed-over = Пациент передан
step-reroute = Перенаправить
step-registered = Зарегистрирован
step-relative-informed = Родственник извещён
step-taxi-ordered = Такси заказано
step-car-arrived = Машина подъехала
step-departed = Уехал
step-taxi-cancelled = Заказ отменён
step-handed-back = Ребёнок передан
step-acknowledged = Заявителю сообщили
step-destination = Куда направлен
step-kiosk-outcome = Итог у инфомата
step-outcome = Чем решено
ask-not-ready = Почему не готов
ask-reroute = Бокс или отделение
ask-registered = Номер регистрации (можно пусто)
ask-taxi-ordered = Номер заказа (можно пусто)
ask-handed-back = Кому передан
ask-destination = Кабинет или отделение
ask-outcome = Чем решено, коротко
to-parent = Родителю
ack-phone = По телефону
ack-email = По e-mail
ack-in-person = Лично
ack-letter = Письмом
kiosk-booked = Записан
kiosk-rescheduled = Запись перенесена
kiosk-cancelled = Запись отменена
kiosk-not-possible = Не получилось
aid-walking = пешком
aid-wheelchair = на кресле-коляске
aid-stretcher = на каталке
transport-walking = сам идёт
transport-stretcher = на носилках
taxi-not-ordered = такси не заказано
taxi-ordered = такси заказано
taxi-arrived = машина ждёт
taxi-departed = уехал
taxi-cancelled = заказ отменён
not-ready-because = не готов: { $reason }
met-by = встретил(а): { $name }
registered-as = зарегистрирован { $number }
relative-informed = родственник извещён
handed-back-to = передан: { $who }, { $time }
handed-back-to-parent = передан родителю в { $time }
told-how = заявителю сообщили: { $how }
sent-to = направлен: { $place }
outcome-is = итог: { $outcome }

## Cancelling a task: the reasons offered.

back = Назад
cancel-task = Отменить задачу
why-cancel = Почему отменить
cancel-visitor-left = Посетитель ушёл
cancel-duplicate = Дубликат
cancel-no-longer-needed = Больше не нужно
cancel-other-text = Какая причина
cancelled-because = отменена: { $reason }

## Refusals of the task rules, by their code.

refused-not-allowed = Вашей роли это действие недоступно.
refused-not-your-task = Это может сделать только исполнитель задачи.
refused-patient-not-ready = Пациент ещё не готов: сначала отметьте «Готов идти».
refused-closed = Задача уже закрыта, её нельзя изменить.
refused-illegal-transition = Задача уже в другом состоянии; обновите список.
refused-handoff-limit = Задачу уже передавали дважды; передать снова может только супервайзер, указав причину.
refused-reason-required = Укажите причину.
refused-same-assignee = Задача уже у этого сотрудника.
refused-kind-mismatch = Эти данные от задачи другого вида.
refused-not-meeting-organiser = Подтверждать встречи может координатор или супервайзер.
refused-meeting-confirmed = Встреча уже подтверждена.
refused-step-not-for-kind = У задачи этого вида нет такого шага.
refused-step-not-now = Этот шаг сейчас не к месту; обновите список.
# $step is the missing step's button text.
refused-step-missing = Сначала отметьте «{ $step }».
refused-invalid = Проверьте введённые данные.
refused-out-of-order = Время действия раньше, чем позволяет задача (начато до встречи с посетителем или закрыто до начала): проверьте дату и время на устройстве.

## One-tap contacts.

quick-contacts = Быстрый контакт: чем помогли
# $purpose is the purpose tapped.
contact-recorded = Записано: { $purpose }
# $score is the face the visitor chose, 1 to 5.
contact-recorded-rated = Записано: { $purpose }, оценка { $score }
contact-rating = Оценка посетителя (по желанию):
helped-by-purpose = Помогли посетителям, по цели визита
# Who meets an ambulance crew.
meets = встречает: { $name }
purposes-title = Быстрые контакты: цели визита
purposes-hint = Цели визита, по одной в строке (до 12, каждая до 60 знаков)
purposes-saved = Сохранено
purposes-invalid = Нужно от 1 до 12 целей, каждая до 60 знаков, без повторов.

## Proactive service: shifts, what rules left on a task, the supervisor's attention list.

shift-off = Вы не на смене
shift-start = Начать смену
shift-on = На смене
shift-break = Перерыв 15 мин
shift-break-long = Перерыв 30 мин
shift-visitor = С посетителем
shift-back = Вернуться к работе
shift-end = Закончить смену
# $time is the planned return, e.g. «14:35».
on-break-until = Перерыв до { $time }
with-visitor = С посетителем
# Someone on shift whose planned return has passed.
break-overdue = Перерыв затянулся
# $count people of the site are not on shift now.
off-shift = Не на смене: { $count }
nobody-on-shift = Сейчас на смене никого нет.
end-their-shift = Закончить смену
made-by-rule = Создано правилом
given-automatically = Назначено автоматически
case-owner-me = Вы ведёте этого посетителя: все его задачи — через вас
follow-up-low-rating = Поговорить с посетителем: низкая оценка
remind-start = Посетитель ждёт: начните обслуживание
remind-aid = Сначала доставьте кресло-каталку или каталку к месту встречи
remind-childcare = Время присмотра за ребёнком подходит к концу
remind-other = Напоминание по задаче
attention = Требует внимания
attention-empty = Сейчас ничего не требует внимания.
why-start-late = Посетитель долго ждёт начала обслуживания
why-start-breach = Нарушен срок начала обслуживания
why-unassigned = Задачу никто не взял
why-crew = Скорая на подходе, встретить некому
why-childcare = Ребёнка не забрали в оговорённое время
why-written = Письменное обращение долго без подтверждения
why-written-breach = Нарушен срок: обращение не подтверждено за 24 часа
why-low-rating = Посетитель поставил низкую оценку: поговорите с ним
why-suggested = Можно отдать сотруднику на смене
# $name is the person the rules suggest.
give-suggested = Отдать: { $name }
give-whom = Отдать…
# When the rules raised it: $time is the site's time, «22:43».
asking-since = с { $time }
rules-kpi = Проактивная работа
rules-kpi-zone = Зона
rules-made = Создано правилами
rules-given = Назначено автоматически
rules-escalations = Эскалаций в день
rules-to-action = Реакция, медиана
rules-reserve = Резерв соблюдён
rules-staffed = Часы на смене
whole-site = Вся площадка

# A task's history and the reasons kept with it.
history = История
history-title = История задачи
history-empty = Изменений пока нет.
close = Закрыть
service-rules = Правила сервиса
reason-optional = Причина (необязательно)
why-hand-back = Почему вернуть в пул
op-create = создана
op-assign = назначена
op-claim = взята
op-accept = принята
op-start = начата
op-hand-back = возвращена в пул
op-complete = выполнена
op-cancel = отменена
op-reassign = передана
op-step = шаг работы
op-details = изменены сведения
op-confirm-meeting = встреча подтверждена
op-rule = по правилу
browser = браузер

# Indicators: the period, completion clocks, zones and people, the export.
my-indicators = Мои показатели
finished-in-time = Завершено вовремя
by-zone = По зонам
by-person = По сотрудникам
person = Сотрудник
from = С
to = По
show = Показать
export-csv = Скачать CSV

## The supervisor's wide floor: columns, filters kept in the address, arrow keys.

wide-floor-link = Весь этаж

wide-shown =
    Задачи на этаже: { $shown } из { $total }
wide-columns = Колонки
wide-by-state = По состоянию
wide-by-zone = По зонам
column-new = Новые
column-assigned = Назначены
column-accepted = Приняты
column-in-progress = В работе
filter-zone = Зона
filter-kind = Вид задачи
filter-priority = Срочность
filter-person = Исполнитель
filter-any = Все
filter-nobody = Без исполнителя
filter-attention = Требует вмешательства
filter-reset = Сбросить фильтры
wide-keys = Стрелки ↑ и ↓ — между карточками колонки, ← и → — между колонками.

## A visitor's whole visit ("one window").

# The button on a card that opens the whole visit.
visit-open = Весь визит
# The visit panel's title, without and with the visitor's initials or ticket.
visit-title = Визит посетителя
visit-title-of = Визит: { $visitor }
# How long the visitor waited in all (a duration such as «8 мин») and since when they are in the building.
visit-waited = Ждал(а) всего { $wait } · с { $since }
# Who owns the visit.
visit-owner = Ведёт визит: { $name }
# Tasks of the visit the reader does not see.
visit-hidden =
    Ещё { $n } { $n ->
        [one] задача
        [few] задачи
       *[many] задач
    } — в зонах, которые вы не видите
# How the visit was closed: when, by whom.
visit-closed = Визит завершён в { $at } · { $name }
# Asking for one rating of the whole visit.
visit-rate = Оценка визита целиком, если посетитель согласен
visit-close = Завершить визит
visit-still-open = Визит завершают, когда все его задачи выполнены или отменены.
visit-not-mine = Завершит визит тот, кто видит все его задачи: ведущий визита, координатор или супервайзер.
# Refusals of the server.
problem-case-open = В визите ещё есть открытые задачи: выполните или отмените их.
problem-case-closed = Визит уже завершён.
# Told to supervisors on the floor app's answers screen.
knowledge-edited-at-desk = Ответы и цели визита правят в администрировании площадки, вкладка «Ответы».
