//! `GET /api/v1/kpi/csv`: every table of the indicators report as one CSV file a programme's spreadsheet opens as
//! it is — UTF-8 with a byte-order mark (so Excel reads Cyrillic), `;` between fields (as Russian Excel expects), a
//! blank line between tables, decimals with the language's sign, and headings and names in Russian or English. The
//! figures are the JSON report's ([`super::kpi::report`]), under the same rules of whose.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use floordesk_domain::{KpiCell, KpiReport, ProblemKind, SiteKind, StaffId, TaskKind, Timestamp, ZoneId};
use floordesk_protocol::admin::{SiteKpi, SiteKpiList};
use floordesk_protocol::KpiQuery;

use crate::auth::Authenticated;
use crate::error::AppError;
use crate::http::extract::{needs, ApiQuery, Permitted};
use crate::state::AppState;
use crate::store::Store;

/// `GET /api/v1/kpi/csv?…&lang=ru`: the report as CSV.
pub async fn kpi_csv<S: Store>(
    State(state): State<AppState<S>>,
    who: Authenticated,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Result<Response, AppError> {
    let report = super::kpi::report(&state, &who, &query).await?;
    let places = state.places();
    let people = state.staff_names().await?;
    let names = Names {
        ru: query.lang.as_deref() != Some("en"),
        zones: places.zones.iter().map(|(id, z)| (id.clone(), z.name.clone())).collect(),
        people,
    };
    let (first, last) =
        (day(report.from, report.utc_offset_minutes), day(report.to.plus_minutes(-1), report.utc_offset_minutes));
    let file = format!("attachment; filename=\"floordesk-kpi-{first}-{last}.csv\"");
    let headers = [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)];
    Ok((headers, render(&report, &names)).into_response())
}

/// `GET /api/v1/admin/kpi/csv?…&lang=ru`: every site's indicators side by side as CSV (city administrators).
pub async fn sites_kpi_csv<S: Store>(
    State(state): State<AppState<S>>,
    Permitted(_, _): Permitted<needs::ManageSites>,
    ApiQuery(query): ApiQuery<KpiQuery>,
) -> Result<Response, AppError> {
    let list = super::kpi::sites_side_by_side(&state, &query).await?;
    let names = Names { ru: query.lang.as_deref() != Some("en"), zones: HashMap::new(), people: HashMap::new() };
    let file = "attachment; filename=\"floordesk-sites-kpi.csv\"".to_owned();
    let headers = [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)];
    let places = state.places();
    let offset = |s: &SiteKpi| places.sites.get(&s.site).map_or(0, |p| p.calendar.clock.offset_minutes(s.from));
    Ok((headers, render_sites(&list, &names, offset)).into_response())
}

/// The sites side by side: a byte-order mark, a title, then one row per site — its name, kind, first and last day
/// (each by its own clock, `offset` from UTC in minutes), the indicators and the breaches.
pub fn render_sites(list: &SiteKpiList, n: &Names, offset: impl Fn(&SiteKpi) -> i32) -> String {
    let mut out = String::from('\u{feff}');
    line(&mut out, &[n.say("Показатели площадок", "The sites' indicators").to_owned()]);
    let headings = [
        vec![
            n.say("Площадка", "Site").to_owned(),
            n.say("Тип", "Kind").to_owned(),
            n.say("С", "From").to_owned(),
            n.say("По", "To").to_owned(),
        ],
        cell_headings(n),
        vec![n.say("Нарушений стандарта", "Breaches of the standard").to_owned()],
    ]
    .concat();
    let rows = list
        .sites
        .iter()
        .map(|s| {
            let offset = offset(s);
            let kind = match s.kind {
                SiteKind::Polyclinic => n.say("Поликлиника", "Polyclinic"),
                SiteKind::EmergencyCentre => n.say("Приёмное отделение стационара", "Emergency centre"),
                SiteKind::Office => n.say("Офис программы", "Programme office"),
            };
            [
                vec![s.name.clone(), kind.to_owned(), day(s.from, offset), day(s.to.plus_minutes(-1), offset)],
                cell_fields(n, &s.overall),
                vec![s.breaches.to_string()],
            ]
            .concat()
        })
        .collect();
    table(&mut out, n.say("По площадкам", "By site"), &headings, rows);
    out
}

/// How the file names things: its language, and the site's zones and people by id.
pub struct Names {
    pub ru: bool,
    pub zones: HashMap<ZoneId, String>,
    pub people: HashMap<StaffId, String>,
}

impl Names {
    fn say(&self, ru: &'static str, en: &'static str) -> &'static str {
        if self.ru {
            ru
        } else {
            en
        }
    }

    fn zone(&self, id: &ZoneId) -> String {
        self.zones.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn person(&self, id: &StaffId) -> String {
        self.people.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    fn kind(&self, kind: TaskKind) -> &'static str {
        match kind {
            TaskKind::Escort => self.say("Сопровождение", "Escort"),
            TaskKind::AmbulanceArrival => self.say("Бригада СМП", "Ambulance crew"),
            TaskKind::EdRegistration => self.say("Регистрация в приёмном", "ED registration"),
            TaskKind::RelativeMeeting => self.say("Встреча с врачом", "Relative meets doctor"),
            TaskKind::Taxi => self.say("Такси", "Taxi"),
            TaskKind::Childcare => self.say("Присмотр за ребёнком", "Childcare"),
            TaskKind::Routing => self.say("Маршрутизация", "Routing"),
            TaskKind::KioskHelp => self.say("Помощь у инфомата", "Kiosk help"),
            TaskKind::WrittenRequest => self.say("Письменное обращение", "Written request"),
            TaskKind::NonStandard => self.say("Нестандартная ситуация", "Non-standard problem"),
        }
    }

    /// A share in whole percent (none of none: empty).
    fn percent(part: u32, whole: u32) -> String {
        if whole == 0 {
            String::new()
        } else {
            ((u64::from(part) * 100 + u64::from(whole) / 2) / u64::from(whole)).to_string()
        }
    }

    /// Tenths as a decimal with the language's sign: «4,3», "4.3".
    fn tenths(&self, n: u32) -> String {
        format!("{}{}{}", n / 10, self.say(",", "."), n % 10)
    }
}

/// The site's date of a moment, "2026-11-30".
fn day(at: Timestamp, offset_minutes: i32) -> String {
    at.wall_clock(offset_minutes).map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

/// One field: quoted when it holds the separator, a quote or a line break; a text a spreadsheet would take for a
/// formula (`=`, `+`, `-`, `@`, a tab or a carriage return first, unless it is a plain number) is kept as text.
fn field(text: &str) -> String {
    let number = |t: &str| {
        let digits = t.trim_start_matches(['-', '+']);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    };
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number(text) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn line(out: &mut String, fields: &[String]) {
    let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&row.join(";"));
    out.push_str("\r\n");
}

/// The columns of an indicators table, after its first (what the row is of).
fn cell_headings(n: &Names) -> Vec<String> {
    [
        n.say("Закрыто задач", "Tasks closed"),
        n.say("Выполнено", "Done"),
        n.say("Ожидание: медиана, мин", "Wait: median, min"),
        n.say("Ожидание: 90-й процентиль, мин", "Wait: 90th percentile, min"),
        n.say("Начало: оценено", "Start: judged"),
        n.say("Начато вовремя", "Started in time"),
        n.say("Начато вовремя, %", "Started in time, %"),
        n.say("Завершение: оценено", "Finish: judged"),
        n.say("Завершено вовремя", "Finished in time"),
        n.say("Завершено вовремя, %", "Finished in time, %"),
        n.say("Передачи", "Hand-offs"),
        n.say("Сверх лимита передач", "Over the hand-off limit"),
        n.say("Оценок", "Ratings"),
        n.say("Средняя оценка", "Mean rating"),
    ]
    .map(str::to_owned)
    .to_vec()
}

fn cell_fields(n: &Names, c: &KpiCell) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    vec![
        c.tasks.to_string(),
        c.done.to_string(),
        opt(c.wait_p50),
        opt(c.wait_p90),
        c.start_judged.to_string(),
        c.started_in_time.to_string(),
        Names::percent(c.started_in_time, c.start_judged),
        c.finish_judged.to_string(),
        c.finished_in_time.to_string(),
        Names::percent(c.finished_in_time, c.finish_judged),
        c.handoffs.to_string(),
        c.over_handoff_limit.to_string(),
        c.rated().to_string(),
        c.mean_rating_tenths().map(|t| n.tenths(t)).unwrap_or_default(),
    ]
}

/// A titled table of indicator rows, each `(what it is of, its cell)`; nothing for no rows.
fn cell_table(out: &mut String, n: &Names, title: &str, of: &str, rows: Vec<(String, &KpiCell)>) {
    let headings = [vec![of.to_owned()], cell_headings(n)].concat();
    let rows = rows.into_iter().map(|(label, cell)| [vec![label], cell_fields(n, cell)].concat()).collect();
    table(out, title, &headings, rows);
}

/// A titled table after a blank line: its headings, then its rows; nothing for no rows.
fn table(out: &mut String, title: &str, headings: &[String], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        return;
    }
    out.push_str("\r\n");
    line(out, &[title.to_owned()]);
    line(out, headings);
    for row in rows {
        line(out, &row);
    }
}

/// The whole file: a byte-order mark, the report's period, then every table.
pub fn render(r: &KpiReport, n: &Names) -> String {
    let mut out = String::from('\u{feff}');
    let offset = r.utc_offset_minutes;
    line(
        &mut out,
        &[
            n.say("Показатели сервиса", "Service indicators").to_owned(),
            day(r.from, offset),
            day(r.to.plus_minutes(-1), offset),
        ],
    );
    cell_table(
        &mut out,
        n,
        n.say("Итого", "Overall"),
        n.say("Что", "Of"),
        vec![(n.say("Все задачи", "All tasks").to_owned(), &r.overall)],
    );
    let kinds = r.by_kind.iter().map(|k| (n.kind(k.kind).to_owned(), &k.kpi)).collect();
    cell_table(&mut out, n, n.say("По видам задач", "By kind of task"), n.say("Вид", "Kind"), kinds);
    let zones = r.by_zone.iter().map(|z| (n.zone(&z.zone), &z.kpi)).collect();
    cell_table(&mut out, n, n.say("По зонам", "By zone"), n.say("Зона", "Zone"), zones);
    let people = r.by_person.iter().map(|p| (n.person(&p.staff), &p.kpi)).collect();
    cell_table(&mut out, n, n.say("По сотрудникам", "By person"), n.say("Сотрудник", "Person"), people);
    let hours = r.by_hour.iter().map(|h| (format!("{:02}:00–{:02}:00", h.hour, (h.hour + 1) % 24), &h.kpi)).collect();
    cell_table(
        &mut out,
        n,
        n.say("По часам (время площадки)", "By hour (the site's time)"),
        n.say("Час", "Hour"),
        hours,
    );
    let headings = [
        n.say("Задача", "Task"),
        n.say("Вид", "Kind"),
        n.say("Зона", "Zone"),
        n.say("Закрыта", "Closed"),
        n.say("Нарушение", "Breach"),
        n.say("Факт", "Actual"),
        n.say("Норма", "Standard"),
        n.say("Кто вёл", "Held by"),
    ];
    let breaches = r
        .problems
        .iter()
        .map(|p| {
            let (what, actual) = match &p.problem {
                ProblemKind::LateStart { waited } => (n.say("Поздно начато, мин", "Started late, min"), *waited),
                ProblemKind::LateFinish { took } => (n.say("Поздно завершено, мин", "Finished late, min"), *took),
                ProblemKind::TooManyHandoffs { handoffs } => (n.say("Передач", "Hand-offs"), *handoffs),
                ProblemKind::LowRating { score } => (n.say("Низкая оценка", "Low rating"), u32::from(*score)),
            };
            let closed =
                p.closed_at.wall_clock(offset).map_or_else(String::new, |d| d.format("%Y-%m-%d %H:%M").to_string());
            vec![
                p.task.to_string(),
                n.kind(p.kind).to_owned(),
                n.zone(&p.zone),
                closed,
                what.to_owned(),
                actual.to_string(),
                p.standard.map(|s| s.to_string()).unwrap_or_default(),
                p.held_by.as_ref().map(|h| n.person(h)).unwrap_or_default(),
            ]
        })
        .collect();
    table(&mut out, n.say("Нарушения стандарта", "Breaches of the standard"), &headings.map(str::to_owned), breaches);
    let purposes = r.by_purpose.iter().map(|p| vec![p.purpose.clone(), p.helped.to_string()]).collect();
    let headings = [n.say("Цель", "Purpose"), n.say("Помогли", "Helped")];
    table(
        &mut out,
        n.say("Посетители по цели обращения", "Visitors by purpose"),
        &headings.map(str::to_owned),
        purposes,
    );
    let headings = [
        n.say("Зона", "Zone"),
        n.say("Закрыто задач", "Tasks closed"),
        n.say("Созданы правилом", "Made by a rule"),
        n.say("Назначены правилом", "Given by a rule"),
        n.say("Эскалации", "Escalations"),
        n.say("Из них отработано", "Acted on"),
        n.say("До действия: медиана, мин", "To action: median, min"),
        n.say("Минут под наблюдением", "Minutes sampled"),
        n.say("Из них с резервом", "With the reserve kept"),
        n.say("Минут на смене", "Minutes on shift"),
    ];
    let rules = r
        .rules
        .iter()
        .map(|z| {
            vec![
                z.zone.as_ref().map_or_else(|| n.say("Вся площадка", "The whole site").to_owned(), |id| n.zone(id)),
                z.tasks.to_string(),
                z.made_by_rules.to_string(),
                z.given_by_rules.to_string(),
                z.escalations.to_string(),
                z.acted_on.to_string(),
                z.to_action_p50.map(|m| m.to_string()).unwrap_or_default(),
                z.reserve_samples.to_string(),
                z.reserve_kept.to_string(),
                z.staffed_minutes.to_string(),
            ]
        })
        .collect();
    table(&mut out, n.say("Проактивный сервис", "Proactive service"), &headings.map(str::to_owned), rules);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_quoted_only_when_it_must_be_and_never_read_as_a_formula() {
        assert_eq!(field("Вход"), "Вход");
        assert_eq!(field("Зона; этаж 2"), "\"Зона; этаж 2\"");
        assert_eq!(field("«Ромашка» \"А\""), "\"«Ромашка» \"\"А\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-12"), "-12");
        assert_eq!(field("-inf"), "'-inf");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("a\nb"), "\"a\nb\"");
    }
}
