### FloorDesk's English texts (the switch from Russian).
### Compiled into the UI by src-ui/build.rs: every message here must also be in ru.ftl, with the same variables.
### Supported: plain text, { $var }, and selects on a count's plural category ([one], *[other]) or on an exact
### number ([0]).

## Fixed texts of the screens

sign-in-title = Start your shift
who-are-you = Pick yourself in the list and enter your personal code.
code = Personal code
sign-in = Sign in
sign-out = Sign out
admin-link = Administration
clock-ahead = This device's clock is { $duration } fast: set the time right in its settings.
clock-behind = This device's clock is { $duration } slow: set the time right in its settings.
demo-code = Demo code
enter-number = Enter your personal number and your personal code.
staff-number = Personal number
setup-title = Connect this device
setup-hint = A supervisor enrols this device and shows its enrolment code, the line under the QR code. Type it whole (the device's barcode scanner types it for you).
server-address = Server address (if the code does not name it)
enrolment-code = Enrolment code
set-up = Connect
enrolment-refused = The server did not know this device: check the code against the supervisor's screen; the device may have been withdrawn.
enrolment-unreadable = This is not an enrolment code or not a server address: type the whole line under the QR code, and an address as https://…
not-enrolled = The server no longer knows this device (it may have been withdrawn, or moved to another server). Connect it again with an enrolment code from a supervisor.
re-enrol = Connect again
my-tasks = My tasks
zone-pool = Open tasks in my zone
site-pool = All tasks on site
no-tasks = No tasks.
loading = Loading…
switch-language = Русский
start = Start
complete = Complete
overdue-by = overdue by
no-deadline = no deadline
arrives-in = Arrives in
late-by = Crew late by
claim = Take
accept = Accept
start-work = Start
done = Done
online = Online
offline = Offline
pending-mark = not sent yet
understood = OK
synced-at = synced at
rate-the-service = How was the service? Tap a face
rating-note = A note (optional)
not-rated = Not rated
give-to = Give to…
give-to-whom = To whom
reason-required = Reason (required: two hand-offs already)
cancel = Cancel
holder = Held by
new-task = New task
create = Create
priority = Priority
zone = Zone
pick-zone = Pick a zone.
shortcuts = Keys: N — new task, Esc — close the panel
ambulances = Ambulance crews
arrived = Arrived
handover = Handover
meetings = Relatives' meetings with doctors
requested-for = asked for
confirmed-for = confirmed for
confirm = Confirm
earlier = Propose 15 minutes earlier
later = Propose 15 minutes later
registration-queue = Registration queue
waits = waiting
by-ambulance = by ambulance
on-foot = on foot
drag-hint = Drag a task card onto a person to give it to them.
tasks = Tasks
screens = Sections
indicators = Indicators
morning-meeting = Morning meeting
good-stories = Good stories
knowledge-base = Answer templates
today = Today
yesterday = Yesterday
seven-days = 7 days
period = Period
wait-p50 = Wait, median (min)
wait-p90 = Wait, 90th percentile (min)
started-in-time = Started in time
over-handoffs-indicator = Over 2 hand-offs
mean-rating = Mean rating
rated-share = Services rated
standard-wait = standard: 15 min at most
standard-in-time = standard: 100%
standard-handoffs = standard: 0
standard-rated = standard: every service rated
closed-tasks = Tasks closed
chart-wait-by-hour = Wait by hour, 90th percentile (min); dashed: the 15-minute standard
chart-in-time-by-kind = Started in time by kind, %
chart-ratings = Visitors' ratings, 1–5
chart-handoffs-by-kind = Hand-offs per task by kind; dashed: the limit of 2
by-kind = By kind of task
kind = Kind
nothing-closed = No tasks were closed in this period.
print = Print
results = Results
problems = Problems
no-problems = No breaches of the standard.
open-breaches = Open breaches now
no-breaches = No overdue tasks.
nobody = nobody
to-recognise = People to thank
no-stories = No stories yet.
posted-by = told by
story-text = What happened
thank-colleague = Whom to thank
link-task = Task
no-personal-data = No diagnoses or personal data: initials or a ticket number.
post = Post
thanks = thanks
# The like button's name for screen readers; the count follows it.
like = Like
task = Task
search = Search
search-question = A visitor's question, e.g. “certificate”
new-template = New answer
question = Question
answer = Answer
save = Save
nothing-found = Nothing found.
edit = Edit
remove = Remove
remove-template-sure = Remove this answer from the knowledge base? It cannot be undone.
more-for-visitor = Another task for this visitor
for-same-visitor = For the same visitor
by-hour = By hour (when the visitor was met)
hour = Hour
hand-back = Hand back
floor-tab = Floor
meeting-tab = Meeting
stories-tab = Stories
answers-tab = Answers
on-shift = Staff on shift
out-of-five = out of 5

## Roles

role-administrator = Administrator
role-coordinator = ED coordinator
role-supervisor = Supervisor
role-city-admin = City programme administrator

## Kinds of task

kind-escort = Escort
kind-ambulance-arrival = Ambulance crew
kind-ed-registration = ED registration
kind-relative-meeting = Relative meets doctor
kind-taxi = Taxi
kind-childcare = Childcare
kind-routing = Routing
kind-kiosk-help = Kiosk help
kind-written-request = Written request
kind-non-standard = Non-standard problem

## Kinds of task, short, for a chart's axis

kind-short-escort = Escort
kind-short-ambulance-arrival = Ambul.
kind-short-ed-registration = ED reg.
kind-short-relative-meeting = Meet.
kind-short-taxi = Taxi
kind-short-childcare = Child
kind-short-routing = Route
kind-short-kiosk-help = Kiosk
kind-short-written-request = Letter
kind-short-non-standard = Other

## What a person on the floor is doing

activity-free = no tasks
activity-assigned = has tasks
activity-working = with a visitor

## Priorities

priority-emergency = emergency
priority-urgent = urgent
priority-normal = normal

## Statuses of a task

status-new = new
status-assigned = assigned
status-accepted = accepted
status-in-progress = in progress
status-done = done
status-cancelled = cancelled

## The new-task form: each kind's fields (field-<kind>-<field>)

field-escort-visitor = Visitor (initials or ticket)
field-escort-from = From
field-escort-to = To
field-escort-aid = Mobility
field-escort-patient-ready = Patient ready
field-escort-planned-at = When (if the escort is planned)
field-ambulance-arrival-crew-number = Crew
field-ambulance-arrival-eta = Arrives in, min
field-ambulance-arrival-transport = Transport
field-ambulance-arrival-destination = To
field-ed-registration-visitor = Patient (initials or ticket)
field-ed-registration-arrived-by = Arrived
field-ed-registration-crew-number = Crew (if ambulance)
field-relative-meeting-relative = Relative (initials)
field-relative-meeting-contact = Relative's phone
field-relative-meeting-department = Department
field-relative-meeting-doctor = Doctor
field-relative-meeting-requested-slot = Meeting date and time
field-taxi-visitor = Visitor (initials)
field-taxi-pickup = Pick-up
field-taxi-destination = To
field-taxi-at = Pick-up date and time
field-taxi-phone = Phone
field-childcare-child-first-name = Child's first name
field-childcare-child-age = Age, years
field-childcare-parent-location = Where the parent is
field-childcare-max-duration = At most, min
field-routing-purpose = Purpose of the visit
field-routing-destination = Send to (if known)
field-kiosk-help-visitor = Visitor (initials or ticket)
field-kiosk-help-service = What is needed
field-written-request-reference = Reference
field-written-request-channel = Channel
field-written-request-summary = Summary (no diagnoses)
field-non-standard-description = What happened

## The new-task form: a field's choices (choice-<field>-<value>)

choice-aid-walking = walking
choice-aid-wheelchair = wheelchair
choice-aid-stretcher = stretcher
choice-transport-walking = walking
choice-transport-stretcher = stretcher
choice-arrival-on-foot = on foot
choice-arrival-ambulance = by ambulance
## Counts and figures. A select on $n picks the word's form for that count.

# A child's age.
years =
    { $n } { $n ->
        [one] year
       *[other] years
    } old
# Actions taken offline that the device has not sent yet.
waiting =
    { $n } { $n ->
        [one] action
       *[other] actions
    } waiting to be sent
# While a large catch-up runs.
catching-up =
    { $n } { $n ->
        [one] change
       *[other] changes
    } received…
# A task's hand-offs so far and the most allowed.
handoffs = hand-offs: { $n } of { $max }
# A rating face's name for assistive technology.
score = Rating { $n } of 5
# A person's open tasks, on the supervisor's floor.
load =
    { $n } { $n ->
        [one] task
       *[other] tasks
    }
# A person's overdue tasks, on the supervisor's floor.
breaches =
    { $n } { $n ->
        [one] breach
       *[other] breaches
    }
# The floor's headline: tasks nobody holds and tasks past their deadline.
floor-summary = Unassigned: { $unassigned }. Overdue: { $overdue }.
# A problem in the morning pack: a visitor waited past the standard.
late-start =
    started late: waited { $waited } { $waited ->
        [one] minute
       *[other] minutes
    }
# A problem in the morning pack against its standard: waited past the start clock; finished past the completion clock.
late-start-of = started late: waited { $waited }, the standard is { $standard }
late-finish = finished late: took { $took }, the standard is { $standard }
# A problem in the morning pack: too many hand-offs.
over-handoffs = { $n } hand-offs, the limit is { $max }
# A problem in the morning pack: a low rating.
low-rating = low rating: { $score } of 5
# A good story's likes.
likes =
    { $n } { $n ->
        [one] like
       *[other] likes
    }
# The open tasks of one visitor's case.
case-open =
    { $n } { $n ->
        [one] open task
       *[other] open tasks
    } of this visitor

## Why the server refused an action that was sent from the outbox. The English UI shows the server's own message
## for every reason but the task rules' (refused-…): these are kept so that both languages have the same messages.

# $holder is the name of the person who took the task first.
rejection-already-taken = { $holder } has already taken the task; your action was undone.
rejection-not-allowed-to-create = Your role may not create this kind of task at this site.
rejection-unknown-task = The server has no such task.
rejection-unknown-staff = The server has no such person.
rejection-task-exists = A task with this number exists already; create it again.
rejection-other-site = The task or zone belongs to another site.
# $time is how far the device's clock is off, written short ("2 h 05 min").
rejection-device-clock = This device's clock is { $time } off the server's (or the action is older than three days): check the date and time on the device and do it again.
rejection-malformed = The server could not read the app's action. Update the app; if that does not help, tell a supervisor.

## Errors, by class; a refused request by what was wrong. The English UI shows the server's own message for
## every error: these are not shown in English and are kept so that both languages have the same messages.

error-unauthorized = Wrong number or code, or the sign-in has expired. Check them and sign in again.
error-forbidden = Your role may not do this.
error-bad-request = The server could not read the app's request. Update the app; if that does not help, tell a supervisor.
problem-colleague-elsewhere = You can thank only a colleague of your own site.
problem-task-not-here = This task has not reached the server yet, or belongs to another site: post the story without it or try again later.
problem-id-taken = Such an entry exists already: save this one as a new one.
error-not-found = Not found.
error-too-many-attempts = Too many wrong codes from this device: signing in here is paused for a while. A supervisor can lift the pause.
error-unreachable = No connection to the server. Check the network and try again.
error-internal = The server failed. Try again in a minute.
error-busy = Others are changing this task right now; the change will be sent again.
problem-setup = The server did not take these details; check them and try again.

## The new-task form: what to fix. $field is the field's label (field-…).
## The English UI shows the domain's own message for every problem (problem-other); the four before it
## are not shown in English and are kept so that both languages have the same messages.

# A field that could not be read; $what is the field's label or the reason.
fix-field = Check the field: { $what }
problem-empty = Fill in the field “{ $field }”.
problem-too-long = The field “{ $field }” is longer than { $max } characters.
problem-invalid-phone = The field “{ $field }” needs a number of 10–15 digits, maybe with a +.
problem-out-of-range = The field “{ $field }” needs a number from { $min } to { $max }.
problem-ends-before-start = The field “{ $field }” cannot be earlier than the field “{ $start }”.
problem-control = The field “{ $field }” holds control characters: type the text again.
problem-only-when = The field “{ $field }” is not filled in here.
# $problem is the domain's own message, shown as it is.
problem-other = { $problem }

## Fields named by the server or the domain (a step's words, a story's text…), for what to fix in them.

wire-field-reason = Reason
wire-field-destination = Where to
wire-field-number = Registration number
wire-field-reference = Order reference
wire-field-to = To whom or where
wire-field-note = Outcome
wire-field-text = Text
wire-field-title = Question
wire-field-body = Answer
wire-field-name = Name

## Durations, written short: "45 min", "2 h 05 min", "13 d 21 h". $time is one of them.

time-left = { $time } left
upcoming-in = Booked: in { $time }

## The steps of each kind's work, on its card: the buttons, and what a step asks for.

step-patient-ready = Ready to go
step-patient-not-ready = Not ready
step-aid-at-pickup = Aid at pickup
step-crew-met = Crew met
step-handed-over = Patient handed over
step-reroute = Re-route
step-registered = Registered
step-relative-informed = Relative informed
step-taxi-ordered = Taxi ordered
step-car-arrived = Car arrived
step-departed = Departed
step-taxi-cancelled = Order cancelled
step-handed-back = Child handed back
step-acknowledged = Sender told
step-destination = Sent to
step-kiosk-outcome = Kiosk outcome
step-outcome = How it was solved
ask-not-ready = Why not ready
ask-reroute = Bay or department
ask-registered = Registration number (optional)
ask-taxi-ordered = Order reference (optional)
ask-handed-back = Handed back to
ask-destination = Room or department
ask-outcome = How it was solved, briefly
to-parent = To the parent
ack-phone = By phone
ack-email = By e-mail
ack-in-person = In person
ack-letter = By letter
kiosk-booked = Booked
kiosk-rescheduled = Rescheduled
kiosk-cancelled = Appointment cancelled
kiosk-not-possible = Not possible
aid-walking = walking
aid-wheelchair = in a wheelchair
aid-stretcher = on a trolley
transport-walking = walking
transport-stretcher = on a stretcher
taxi-not-ordered = taxi not ordered
taxi-ordered = taxi ordered
taxi-arrived = car waiting
taxi-departed = departed
taxi-cancelled = order cancelled
not-ready-because = not ready: { $reason }
met-by = met by { $name }
registered-as = registered { $number }
relative-informed = relative informed
handed-back-to = handed back to { $who }, { $time }
handed-back-to-parent = handed back to the parent at { $time }
told-how = sender told: { $how }
sent-to = sent to { $place }
outcome-is = outcome: { $outcome }

## Cancelling a task: the reasons offered.

back = Back
cancel-task = Cancel task
why-cancel = Why cancel
cancel-visitor-left = Visitor left
cancel-duplicate = Duplicate
cancel-no-longer-needed = No longer needed
cancel-other-text = What reason
cancelled-because = cancelled: { $reason }

## Refusals of the task rules, by their code.

refused-not-allowed = Your role cannot do this.
refused-not-your-task = Only the person responsible for the task can do that.
refused-patient-not-ready = The patient is not ready yet: mark "Ready to go" first.
refused-closed = The task is closed already and can no longer be changed.
refused-illegal-transition = The task has moved on; refresh the list.
refused-handoff-limit = The task has changed hands twice already; only a supervisor can pass it on again, giving a reason.
refused-reason-required = Please give a reason.
refused-same-assignee = That person holds the task already.
refused-kind-mismatch = These details belong to another kind of task.
refused-not-meeting-organiser = Meetings are confirmed by a coordinator or a supervisor.
refused-meeting-confirmed = The meeting is confirmed already.
refused-step-not-for-kind = This kind of task has no such step.
refused-step-not-now = That step does not apply now; refresh the list.
# $step is the missing step's button text.
refused-step-missing = First record "{ $step }".
refused-invalid = Check what was entered.
refused-out-of-order = The action is dated earlier than the task allows (started before the visitor was met, or closed before it started): check the date and time on the device.

## One-tap contacts.

quick-contacts = Quick contact: how you helped
# $purpose is the purpose tapped.
contact-recorded = Recorded: { $purpose }
# $score is the face the visitor chose, 1 to 5.
contact-recorded-rated = Recorded: { $purpose }, rated { $score }
contact-rating = The visitor's rating (if they wish):
helped-by-purpose = Visitors helped, by purpose
# Who meets an ambulance crew.
meets = met by { $name }
purposes-title = Quick contacts: purposes of a visit
purposes-hint = Purposes of a visit, one per line (up to 12, each up to 60 characters)
purposes-saved = Saved
purposes-invalid = Give 1 to 12 purposes, each up to 60 characters, all different.

## Proactive service: shifts, what rules left on a task, the supervisor's attention list.

shift-off = You are not on shift
shift-start = Start shift
shift-on = On shift
shift-break = Break, 15 min
shift-break-long = Break, 30 min
shift-visitor = With a visitor
shift-back = Back to work
shift-end = End shift
# $time is the planned return, e.g. «14:35».
on-break-until = On a break until { $time }
with-visitor = With a visitor
# Someone on shift whose planned return has passed.
break-overdue = Break overran
# $count people of the site are not on shift now.
off-shift = Not on shift: { $count }
nobody-on-shift = Nobody is on shift now.
end-their-shift = End shift
made-by-rule = Made by a rule
given-automatically = Given automatically
case-owner-me = You own this visitor: all their tasks go through you
follow-up-low-rating = Talk to the visitor: a low rating
remind-start = The visitor is waiting: start the service
remind-aid = First bring the wheelchair or stretcher to the pickup point
remind-childcare = The agreed childcare time is nearly up
remind-other = A reminder about this task
attention = Needs attention
attention-empty = Nothing needs attention now.
why-start-late = The visitor has waited long for the service to start
why-start-breach = Standard broken: the service started late
why-unassigned = Nobody has taken the task
why-crew = An ambulance is due and nobody is to meet it
why-childcare = The child was not collected at the agreed time
why-written = A written request has long gone unacknowledged
why-written-breach = Standard broken: not acknowledged within 24 hours
why-low-rating = A visitor gave a low rating: talk to them
why-suggested = Can be given to someone on shift
# $name is the person the rules suggest.
give-suggested = Give to { $name }
give-whom = Give to…
# When the rules raised it: $time is the site's time, «22:43».
asking-since = since { $time }
rules-kpi = Proactive work
rules-kpi-zone = Zone
rules-made = Made by rules
rules-given = Given automatically
rules-escalations = Escalations a day
rules-to-action = Response, median
rules-reserve = Reserve kept
rules-staffed = Hours on shift
whole-site = Whole site

# A task's history and the reasons kept with it.
history = History
history-title = Task history
history-empty = No changes yet.
close = Close
service-rules = Service rules
reason-optional = Reason (optional)
why-hand-back = Why hand it back
op-create = created
op-assign = assigned
op-claim = taken
op-accept = accepted
op-start = started
op-hand-back = handed back
op-complete = done
op-cancel = cancelled
op-reassign = given to another
op-step = a step of the work
op-details = details changed
op-confirm-meeting = meeting confirmed
op-rule = by a rule
browser = browser

# Indicators: the period, completion clocks, zones and people, the export.
my-indicators = My indicators
finished-in-time = Finished in time
by-zone = By zone
by-person = By person
person = Person
from = From
to = To
show = Show
export-csv = Download CSV

## The supervisor's wide floor: columns, filters kept in the address, arrow keys.

wide-floor-link = Whole-floor view

wide-shown = Tasks on the floor: { $shown } of { $total }
wide-columns = Columns
wide-by-state = By state
wide-by-zone = By zone
column-new = New
column-assigned = Assigned
column-accepted = Accepted
column-in-progress = In progress
filter-zone = Zone
filter-kind = Kind of task
filter-priority = Priority
filter-person = Held by
filter-any = All
filter-nobody = Nobody
filter-attention = Needs intervention
filter-reset = Clear filters
wide-keys = Arrows ↑ and ↓ move between a column's cards, ← and → between columns.

## A visitor's whole visit ("one window").

# The button on a card that opens the whole visit.
visit-open = Whole visit
# The visit panel's title, without and with the visitor's initials or ticket.
visit-title = Visitor's visit
visit-title-of = Visit: { $visitor }
# How long the visitor waited in all (a duration such as «8 min») and since when they are in the building.
visit-waited = Waited { $wait } in all · since { $since }
# Who owns the visit.
visit-owner = Owner: { $name }
# Tasks of the visit the reader does not see.
visit-hidden =
    { $n } more { $n ->
        [one] task
       *[other] tasks
    } in zones you do not see
# How the visit was closed: when, by whom.
visit-closed = Visit closed at { $at } · { $name }
# Asking for one rating of the whole visit.
visit-rate = Rating of the whole visit, if the visitor agrees
visit-close = Close the visit
visit-still-open = A visit is closed once all its tasks are done or cancelled.
visit-not-mine = The visit is closed by whoever sees all its tasks: its owner, a coordinator or a supervisor.
# Refusals of the server.
problem-case-open = The visit still has open tasks: finish or cancel them.
problem-case-closed = The visit is closed already.
# Told to supervisors on the floor app's answers screen.
knowledge-edited-at-desk = Answers and purposes of a visit are edited in site administration, the «Answers» tab.
