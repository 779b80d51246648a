//! Every SQL statement of the stores, one text for SQLite and PostgreSQL alike (placeholders `$N`, 64-bit
//! integers), named, outside the macro of `sql.rs` so that they can be read, searched and reviewed on their own.

/// Records an op with its result; nothing for a resent op id.
pub(crate) const INSERT_OP: &str =
    "INSERT INTO ops (op_id, device, actor, site, task_id, result) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (actor, op_id) DO NOTHING";

/// The rows a group writes in one statement: a group's rows go in chunks of these sizes (largest first), so each
/// connection keeps a bounded set of prepared statements however large its groups are, and a group's rows of one
/// kind take two or three statements (30 = 24 + 6).
pub(crate) const CHUNKS: [usize; 12] = [64, 48, 32, 24, 16, 12, 8, 6, 4, 3, 2, 1];

/// The statements of [`CHUNKS`], one per size, largest first.
struct Chunked(std::sync::OnceLock<Vec<String>>);

impl Chunked {
    const fn new() -> Self {
        Chunked(std::sync::OnceLock::new())
    }

    /// `head`, then `rows` tuples of `columns` placeholders, then `tail`, for `rows` in [`CHUNKS`].
    fn get(&self, rows: usize, columns: usize, head: &str, tail: &str) -> &str {
        let all = self.0.get_or_init(|| {
            CHUNKS
                .iter()
                .map(|&rows| {
                    let tuples: Vec<String> = (0..rows)
                        .map(|row| {
                            let marks: Vec<String> = (1..=columns).map(|c| format!("${}", row * columns + c)).collect();
                            format!("({})", marks.join(", "))
                        })
                        .collect();
                    format!("{head} {}{tail}", tuples.join(", "))
                })
                .collect()
        });
        let at = CHUNKS.iter().position(|&c| c == rows).expect("a size of CHUNKS");
        &all[at]
    }
}

/// Records `rows` ops with their results (columns as [`INSERT_OP`]); nothing for a resent op id.
pub(crate) fn insert_ops(rows: usize) -> &'static str {
    static SQL: Chunked = Chunked::new();
    SQL.get(
        rows,
        6,
        "INSERT INTO ops (op_id, device, actor, site, task_id, result) VALUES",
        " ON CONFLICT (actor, op_id) DO NOTHING",
    )
}

/// `rows` audit entries, in order.
pub(crate) fn insert_audits(rows: usize) -> &'static str {
    static SQL: Chunked = Chunked::new();
    SQL.get(
        rows,
        15,
        "INSERT INTO audit (op_id, site, task_id, actor, role, device, server_time, device_time, accepted,
    before, after, reason, action, rule, note) VALUES",
        "",
    )
}

/// `rows` entries of the change feed; each one's sequence number with its task id (a group changes a task once).
pub(crate) fn insert_changes(rows: usize) -> &'static str {
    static SQL: Chunked = Chunked::new();
    SQL.get(
        rows,
        6,
        "INSERT INTO changes (site, task_id, body, zone, assignee, previous_assignee) VALUES",
        " RETURNING seq, task_id",
    )
}

/// A new story; nothing when its id is taken.
pub(crate) const INSERT_STORY: &str =
    "INSERT INTO stories (id, site, author, text, about, task_id, posted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (id) DO NOTHING";

/// Writes a template of the site; nothing when the id is another site's.
pub(crate) const UPSERT_TEMPLATE: &str =
    "INSERT INTO templates (id, site, title, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body,
    updated_at = excluded.updated_at, updated_by = excluded.updated_by
    WHERE templates.site = excluded.site";

/// A site's own common purposes (a JSON array), if it has any.
pub(crate) const SITE_PURPOSES: &str = "SELECT items FROM purposes WHERE site = $1";

/// Replaces a site's common purposes.
pub(crate) const UPSERT_PURPOSES: &str =
    "INSERT INTO purposes (site, items) VALUES ($1, $2) ON CONFLICT (site) DO UPDATE SET items = excluded.items";

/// The notes kept with a site's morning pack of a day (a JSON object), who wrote them last and when.
pub(crate) const MORNING_NOTES: &str =
    "SELECT body, updated_by, updated_at FROM morning_notes WHERE site = $1 AND day = $2";

/// Replaces the notes kept with a site's morning pack of a day.
pub(crate) const UPSERT_MORNING_NOTES: &str =
    "INSERT INTO morning_notes (site, day, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (site, day) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,
    updated_at = excluded.updated_at";

/// Every task of a site's visitor case.
pub(crate) const CASE_TASKS: &str = "SELECT id, body FROM tasks WHERE site = $1 AND case_id = $2 ORDER BY id";

/// How a site's visitor case was closed.
pub(crate) const CASE_CLOSURE: &str =
    "SELECT closed_at, closed_by, score, comment FROM case_closures WHERE site = $1 AND case_id = $2";

/// A visitor case's close, only while none of its tasks is open (statuses other than `$7` and `$8`) and it was not
/// closed already: checked and written in one statement, so a task opened meanwhile is not closed over.
pub(crate) const CLOSE_CASE: &str = "INSERT INTO case_closures (site, case_id, closed_at, closed_by, score, comment)
    SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS
    (SELECT 1 FROM tasks WHERE site = $1 AND case_id = $2 AND status NOT IN ($7, $8))
    ON CONFLICT (site, case_id) DO NOTHING";

/// How many sites there are (none: an empty store).
pub(crate) const COUNT_SITES: &str = "SELECT COUNT(*) FROM sites";

/// A site (seed).
pub(crate) const INSERT_SITE: &str =
    "INSERT INTO sites (id, name, kind, time_zone, opening_hours) VALUES ($1, $2, $3, $4, $5)";

/// A zone (seed).
pub(crate) const INSERT_ZONE: &str = "INSERT INTO zones (id, site, name, floor) VALUES ($1, $2, $3, $4)";

/// A member of staff (seed).
pub(crate) const INSERT_STAFF: &str =
    "INSERT INTO staff (id, site, zone, role, display_name, code_salt, code_hash, demo_code)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/// A task (seed).
pub(crate) const INSERT_TASK: &str =
    "INSERT INTO tasks (id, site, zone, status, assignee, version, body, closed_at, case_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// The change feed's entry of a seeded task.
pub(crate) const INSERT_SEED_CHANGE: &str =
    "INSERT INTO changes (site, task_id, body, zone, assignee) VALUES ($1, $2, $3, $4, $5)";

/// A like (seed).
pub(crate) const INSERT_LIKE: &str = "INSERT INTO story_likes (story, staff) VALUES ($1, $2)";

/// Every site.
pub(crate) const SITES: &str = "SELECT id, name, kind, time_zone FROM sites ORDER BY id";
pub(crate) const OPENING_HOURS: &str = "SELECT id, opening_hours FROM sites WHERE opening_hours IS NOT NULL";

/// Every zone, by site and floor.
pub(crate) const ZONES: &str = "SELECT id, site, name, floor FROM zones ORDER BY site, floor, id";

/// Every member of staff.
pub(crate) const ALL_STAFF: &str = "SELECT * FROM staff";

/// One member of staff.
pub(crate) const STAFF_BY_ID: &str = "SELECT * FROM staff WHERE id = $1";

/// Counts a sign-in attempt of person `$1` (empty: anyone) from source `$2` before its code is compared, in one
/// statement (attempts that arrive together are counted one after another). While a pause runs (`locked_until`
/// after now, `$3`) nothing changes; after a pause, or when the count began before `$4`, it starts again at 1; an
/// attempt past `$5` in the count is not compared and pauses until `$6`.
pub(crate) const BEGIN_ATTEMPT: &str = "INSERT INTO login_counts AS c (staff, source, count, since, locked_until)
    VALUES ($1, $2, 1, $3, CASE WHEN 1 > $5 THEN $6 ELSE NULL END)
    ON CONFLICT (staff, source) DO UPDATE SET
    count = CASE WHEN c.locked_until > $3 THEN c.count
        WHEN c.locked_until IS NOT NULL OR c.since < $4 THEN 1 ELSE c.count + 1 END,
    since = CASE WHEN c.locked_until > $3 THEN c.since
        WHEN c.locked_until IS NOT NULL OR c.since < $4 THEN $3 ELSE c.since END,
    locked_until = CASE WHEN c.locked_until > $3 THEN c.locked_until
        WHEN (CASE WHEN c.locked_until IS NOT NULL OR c.since < $4 THEN 1 ELSE c.count + 1 END) > $5 THEN $6
        ELSE NULL END
    RETURNING count, locked_until";

/// Pauses the attempts of `$2` from `$3` until `$1` (the last attempt allowed failed), unless a right code cleared
/// the count below `$4` meanwhile.
pub(crate) const PAUSE_ATTEMPTS: &str =
    "UPDATE login_counts SET locked_until = $1 WHERE staff = $2 AND source = $3 AND count >= $4";

/// Forgets the count of `$1`'s attempts from `$2` (a right code).
pub(crate) const CLEAR_ATTEMPTS: &str = "DELETE FROM login_counts WHERE staff = $1 AND source = $2";

/// Takes one attempt back from the count of source `$1` over everyone (it was a right code), unless it is paused.
pub(crate) const FORGIVE_ATTEMPT: &str = "UPDATE login_counts SET count = count - 1
    WHERE staff = '' AND source = $1 AND count > 0 AND locked_until IS NULL";

/// What device `$3`'s clock showed at its last push: behind the server's by `$1` ms, at `$2`.
pub(crate) const NOTE_DEVICE_CLOCK: &str = "UPDATE devices SET clock_behind_ms = $1, seen_at = $2 WHERE id = $3";

/// Ends every pause and count of source `$1` (a device), for everyone.
pub(crate) const UNLOCK_SOURCE: &str = "DELETE FROM login_counts WHERE source = $1";

/// Ends every pause and count of person `$1` (a supervisor's unlock); the pauses they had.
pub(crate) const UNLOCK: &str = "DELETE FROM login_counts WHERE staff = $1 RETURNING locked_until";

/// A person's personal code, stored anew (salt `$1`, hash `$2`).
pub(crate) const SET_CODE: &str = "UPDATE staff SET code_salt = $1, code_hash = $2 WHERE id = $3";

/// A new session.
pub(crate) const INSERT_SESSION: &str =
    "INSERT INTO sessions (token_hash, staff, device, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";

/// A session by its token's hash.
pub(crate) const SESSION: &str = "SELECT staff, expires_at, revoked, device FROM sessions WHERE token_hash = $1";

/// A session with the person it signs in (the columns of [`SESSION`] and of `staff`).
pub(crate) const SIGNED_IN: &str = "SELECT s.staff, s.expires_at, s.revoked, s.device, p.id, p.site, p.zone, p.role,
    p.display_name, p.code_salt, p.code_hash, p.demo_code, p.active
    FROM sessions s JOIN staff p ON p.id = s.staff WHERE s.token_hash = $1";

/// Ends a session (once).
pub(crate) const REVOKE_SESSION: &str = "UPDATE sessions SET revoked = 1 WHERE token_hash = $1 AND revoked = 0";

/// An enrolled device.
pub(crate) const INSERT_DEVICE: &str =
    "INSERT INTO devices (id, site, name, key_hash, enrolled_by, enrolled_at, revoked_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING";

/// One device.
pub(crate) const DEVICE: &str = "SELECT * FROM devices WHERE id = $1";

/// A site's devices, newest first.
pub(crate) const SITE_DEVICES: &str = "SELECT * FROM devices WHERE site = $1 ORDER BY enrolled_at DESC, id";

/// Withdraws a device of the site (once).
pub(crate) const REVOKE_DEVICE: &str =
    "UPDATE devices SET revoked_at = $1 WHERE id = $2 AND site = $3 AND revoked_at IS NULL";

/// Ends every session opened on a device; their token hashes.
pub(crate) const REVOKE_DEVICE_SESSIONS: &str =
    "UPDATE sessions SET revoked = 1 WHERE device = $1 AND revoked = 0 RETURNING token_hash";

/// A site's open tasks.
pub(crate) const OPEN_TASKS: &str = "SELECT id, body FROM tasks WHERE site = $1 AND status NOT IN ($2, $3) ORDER BY id";

/// One task.
pub(crate) const TASK: &str = "SELECT id, body FROM tasks WHERE id = $1";

/// The recorded result of person `$1`'s op `$2` and the task `$3` (its `body`), each when there is one, in one read.
pub(crate) const OP_AND_TASK: &str = "SELECT (SELECT result FROM ops WHERE actor = $1 AND op_id = $2) AS result,
    (SELECT body FROM tasks WHERE id = $3) AS body";

/// The recorded result of a person's op.
pub(crate) const OP_RESULT: &str = "SELECT result FROM ops WHERE actor = $1 AND op_id = $2";

/// A created task; nothing when the id exists (decided again).
pub(crate) const CREATE_TASK: &str =
    "INSERT INTO tasks (id, site, zone, status, assignee, version, body, closed_at, case_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (id) DO NOTHING";

/// Changed tasks, `rows` at once, each row `(id, zone, status, assignee, version, body, expected version, closed_at,
/// actor, op id)`: each written only if still at the version read (first writer wins) and its op is not recorded yet
/// (a resend) — ops' first writes, which write nothing for an op that cannot apply. The ids of the tasks written. The
/// rows are of distinct tasks; a row names its columns `columnN` (both stores name a `VALUES` list's columns so).
pub(crate) fn update_tasks(rows: usize) -> &'static str {
    static SQL: Chunked = Chunked::new();
    SQL.get(
        rows,
        10,
        "UPDATE tasks SET zone = v.column2, status = v.column3, assignee = v.column4, version = v.column5,
        body = v.column6, closed_at = v.column8 FROM (VALUES",
        ") AS v WHERE tasks.id = v.column1 AND tasks.version = v.column7
        AND NOT EXISTS (SELECT 1 FROM ops WHERE ops.actor = v.column9 AND ops.op_id = v.column10) RETURNING tasks.id",
    )
}

/// Tasks ops create, `rows` at once, each row the columns of [`INSERT_TASK`] then the actor and the op id: each
/// written only if its id is free and its op is not recorded yet (a resend) — ops' first writes, which write nothing
/// for an op that cannot apply. The ids of the tasks written.
pub(crate) fn create_tasks_by_op(rows: usize) -> &'static str {
    static SQL: Chunked = Chunked::new();
    SQL.get(
        rows,
        11,
        "INSERT INTO tasks (id, site, zone, status, assignee, version, body, closed_at, case_id)
        SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9
        FROM (VALUES",
        ") AS v WHERE NOT EXISTS (SELECT 1 FROM ops WHERE ops.actor = v.column10 AND ops.op_id = v.column11)
        ON CONFLICT (id) DO NOTHING RETURNING id",
    )
}

/// Whether a task id is taken.
pub(crate) const TASK_EXISTS: &str = "SELECT COUNT(*) FROM tasks WHERE id = $1";

/// A page of the change feed within a scope, up to `$8` (the store's `feed_end`): `$4` everything, else the zone `$5`
/// or the person `$6`/`$7` (mirrors `FeedScope::sees`).
pub(crate) const CHANGES: &str = "SELECT seq, task_id, body FROM changes WHERE site = $1 AND seq > $2 AND seq <= $8
    AND ($4 OR zone = $5 OR assignee = $6 OR previous_assignee = $7)
    ORDER BY seq LIMIT $3";

/// A page of the site's audit log after entry `$2` up to `$10` (the store's `audit_end`), each with its actor's name,
/// narrowed by whichever of person `$4`, task `$5`, kind of action `$6`, period `[$7, $8)` and accepted only (`$9`) is
/// given.
pub(crate) const AUDIT_PAGE: &str = "SELECT audit.*, staff.display_name AS actor_name FROM audit
    LEFT JOIN staff ON staff.id = audit.actor
    WHERE audit.site = $1 AND audit.id > $2 AND audit.id <= $10
    AND ($4 IS NULL OR audit.actor = $4) AND ($5 IS NULL OR audit.task_id = $5) AND ($6 IS NULL OR audit.action = $6)
    AND ($7 IS NULL OR audit.server_time >= $7) AND ($8 IS NULL OR audit.server_time < $8)
    AND (NOT $9 OR audit.accepted = 1)
    ORDER BY audit.id LIMIT $3";

/// [`AUDIT_PAGE`] narrowed to the task `$5` (given): read through the task's own index, not the site's whole log.
pub(crate) const AUDIT_TASK_PAGE: &str = "SELECT audit.*, staff.display_name AS actor_name FROM audit
    LEFT JOIN staff ON staff.id = audit.actor
    WHERE audit.task_id = $5 AND audit.site = $1 AND audit.id > $2 AND audit.id <= $10
    AND ($4 IS NULL OR audit.actor = $4) AND ($6 IS NULL OR audit.action = $6)
    AND ($7 IS NULL OR audit.server_time >= $7) AND ($8 IS NULL OR audit.server_time < $8)
    AND (NOT $9 OR audit.accepted = 1)
    ORDER BY audit.id LIMIT $3";

/// A site's tasks closed in `[$2, $3)`.
pub(crate) const CLOSED_TASKS: &str =
    "SELECT id, body FROM tasks WHERE site = $1 AND closed_at >= $2 AND closed_at < $3 ORDER BY closed_at, id";

/// Each site's retention period, in days.
pub(crate) const RETENTION_DAYS: &str = "SELECT id, retention_days FROM sites";

/// Up to `$3` tasks of site `$1` closed at or before `$2` whose personal data is still there, oldest first.
pub(crate) const DUE_FOR_ERASURE: &str = "SELECT id, body FROM tasks
    WHERE site = $1 AND closed_at <= $2 AND erased_at IS NULL ORDER BY closed_at, id LIMIT $3";

/// Every stored copy of one task: its changes, its audit rows, its ops' answers.
pub(crate) const TASK_CHANGES: &str = "SELECT seq, body FROM changes WHERE task_id = $1";
pub(crate) const TASK_AUDIT: &str = "SELECT id, before, after FROM audit WHERE task_id = $1";
pub(crate) const TASK_OPS: &str = "SELECT actor, op_id, result FROM ops WHERE task_id = $1";

/// The erased copies written back.
pub(crate) const ERASE_TASK: &str =
    "UPDATE tasks SET body = $1, erased_at = $2, case_id = NULL WHERE id = $3 AND erased_at IS NULL";
/// The comment of the erased task's case's rating (the visitor's words) goes with it; the score stays.
pub(crate) const ERASE_CASE_COMMENT: &str = "UPDATE case_closures SET comment = NULL WHERE site = $1 AND case_id = $2";
pub(crate) const ERASE_CHANGE: &str = "UPDATE changes SET body = $1 WHERE seq = $2";
pub(crate) const ERASE_AUDIT: &str = "UPDATE audit SET before = $1, after = $2, note = NULL WHERE id = $3";
pub(crate) const ERASE_OP: &str = "UPDATE ops SET result = $1 WHERE actor = $2 AND op_id = $3";

/// A story as it was posted, to compare with a resend.
pub(crate) const POSTED_STORY: &str = "SELECT site, author, text, about, task_id, posted_at FROM stories WHERE id = $1";

/// A like of a story of the site (once).
pub(crate) const LIKE: &str =
    "INSERT INTO story_likes (story, staff) SELECT id, $2 FROM stories WHERE id = $1 AND site = $3
    ON CONFLICT (story, staff) DO NOTHING";

/// Takes back a like of a story of the site.
pub(crate) const UNLIKE: &str = "DELETE FROM story_likes WHERE story = $1 AND staff = $2
    AND story IN (SELECT id FROM stories WHERE id = $1 AND site = $3)";

/// A site's answer templates.
pub(crate) const SITE_TEMPLATES: &str = "SELECT id, title, body, updated_at, updated_by FROM templates WHERE site = $1";

/// Removes a template of the site.
pub(crate) const DELETE_TEMPLATE: &str = "DELETE FROM templates WHERE id = $1 AND site = $2";

/// The stories as the reader `$2` sees them (with the authors' and thanked colleagues' names and the likes), of the
/// site `$1`, where `$filter` holds for `s` (the stories).
macro_rules! stories_where {
    ($filter:literal) => {
        concat!(
            "SELECT s.id, s.author, a.display_name AS author_name, s.text, s.about, b.display_name AS about_name,
                s.task_id, s.posted_at,
                (SELECT COUNT(*) FROM story_likes l WHERE l.story = s.id) AS likes,
                (SELECT COUNT(*) FROM story_likes l WHERE l.story = s.id AND l.staff = $2) AS liked
             FROM stories s JOIN staff a ON a.id = s.author LEFT JOIN staff b ON b.id = s.about
             WHERE s.site = $1 AND ",
            $filter
        )
    };
}

/// One story, `$3`.
pub(crate) const STORY: &str = stories_where!("s.id = $3");

/// The newest stories posted at or after `$3`, at most `$4`.
pub(crate) const STORIES_SINCE: &str =
    stories_where!("s.posted_at >= $3 ORDER BY s.posted_at DESC, s.id DESC LIMIT $4");

/// Site administration (see `store::admin`). A new site; a zone (new, or renamed when it is the site's own); a new
/// member of staff; each a row or none when the id is taken.
pub(crate) const ADMIN_NEW_SITE: &str = "INSERT INTO sites (id, name, kind, time_zone, opening_hours, retention_days,
    code_digits) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING";
pub(crate) const ADMIN_SITE: &str = "UPDATE sites SET name = $1, time_zone = $2, opening_hours = $3,
    retention_days = $4, code_digits = $5 WHERE id = $6";
pub(crate) const ADMIN_ZONE: &str = "INSERT INTO zones (id, site, name, floor) VALUES ($1, $2, $3, $4)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, floor = excluded.floor WHERE zones.site = excluded.site";
pub(crate) const ADMIN_NEW_STAFF: &str = "INSERT INTO staff (id, site, zone, role, display_name, code_salt, code_hash,
    demo_code, active) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 1) ON CONFLICT (id) DO NOTHING";
pub(crate) const ADMIN_STAFF: &str =
    "UPDATE staff SET display_name = $1, role = $2, zone = $3, active = $4 WHERE id = $5 AND site = $6";
/// A deactivated person's sessions end; their token hashes.
pub(crate) const END_STAFF_SESSIONS: &str =
    "UPDATE sessions SET revoked = 1 WHERE staff = $1 AND revoked = 0 RETURNING token_hash";
pub(crate) const ADMIN_LOG_INSERT: &str =
    "INSERT INTO admin_log (site, actor, at, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)";
/// Every site's settings.
pub(crate) const SITE_SETTINGS: &str = "SELECT id, opening_hours, retention_days, code_digits FROM sites";
/// A site's staff, by name.
pub(crate) const STAFF_OF: &str = "SELECT * FROM staff WHERE site = $1 ORDER BY display_name, id";
/// The people of site `$1` paused somewhere after `$2`, with their latest pause.
pub(crate) const PAUSED: &str = "SELECT c.staff, MAX(c.locked_until) AS until FROM login_counts c
    JOIN staff s ON s.id = c.staff WHERE s.site = $1 AND c.locked_until > $2 GROUP BY c.staff";
/// A page of the administration log, of one site or of all.
pub(crate) const ADMIN_LOG_SITE: &str = "SELECT * FROM admin_log WHERE site = $1 AND id > $2 ORDER BY id LIMIT $3";
pub(crate) const ADMIN_LOG_ALL: &str = "SELECT * FROM admin_log WHERE id > $1 ORDER BY id LIMIT $2";

/// A live ticket (`$1` its hash) for session `$2`, good until `$3`; and the tickets that ran out before `$4`.
pub(crate) const INSERT_TICKET: &str =
    "INSERT INTO live_tickets (ticket_hash, token_hash, expires_at) VALUES ($1, $2, $3)";
pub(crate) const DROP_OLD_TICKETS: &str = "DELETE FROM live_tickets WHERE expires_at <= $1";
/// Uses ticket `$1` up, if it is still good at `$2`: its session's token hash.
pub(crate) const REDEEM_TICKET: &str =
    "DELETE FROM live_tickets WHERE ticket_hash = $1 AND expires_at > $2 RETURNING token_hash";
