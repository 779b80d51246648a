//! Staff from the file a personnel department exports: one person a line — full name, position, zone, personal
//! number — comma- or semicolon-separated (as a spreadsheet saves it), with or without a header line. The plan says,
//! line by line, who would be added, changed or left as they are, and what is wrong with each line that cannot be
//! taken; applying it twice changes nothing the second time. People missing from the file are left alone.

use serde::{Deserialize, Serialize};

use crate::validation::{has_control, MAX_TEXT_CHARS};
use crate::{Role, SiteId, StaffId, ZoneId};

/// The most lines one file may hold.
pub const MAX_IMPORT_LINES: usize = 2_000;

/// The largest file, in bytes.
pub const MAX_IMPORT_BYTES: usize = 512 * 1024;

/// A member of a site's staff as the import sees them (the site is the import's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The personal number.
    pub id: StaffId,
    pub display_name: String,
    pub role: Role,
    /// The zone an administrator covers.
    pub zone: Option<ZoneId>,
}

/// What is wrong with a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum LineError {
    /// Not four columns (full name, position, zone, personal number), or an unclosed quote.
    Columns { found: usize },
    /// The personal number is missing or is not letters, digits, - and _ (at most 64).
    PersonalNumber { value: String },
    /// The full name is missing, too long, or holds control characters.
    Name,
    /// A position that is none of administrator, coordinator, supervisor.
    Position { value: String },
    /// A zone the site does not have.
    Zone { value: String },
    /// An administrator needs a zone.
    ZoneNeeded,
    /// The same personal number on an earlier line.
    Repeated { first_line: u32 },
    /// The number belongs to someone of another site.
    OtherSite,
    /// A role the importer may not give (a supervisor importing a supervisor).
    NotYours,
}

/// What importing a line does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LineOutcome {
    /// A new person (who gets a personal code).
    Add { person: Person },
    /// Someone already here whose name, position or zone changes, or who was deactivated and comes back.
    Change { before: Person, after: Person },
    /// Someone already here, as the file says.
    Same { person: Person },
    /// Not taken.
    Refused { error: LineError },
}

/// One line of the file and what importing it does (`{"line": 3, "outcome": "add", "person": {…}}`; serde cannot
/// refuse unknown fields beside a flattened one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ImportLine {
    /// The line's number in the file, from 1.
    pub line: u32,
    #[serde(flatten)]
    pub outcome: LineOutcome,
}

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FileError {
    #[error("the file holds no one")]
    Empty,
    #[error("the file has {lines} lines; import at most {MAX_IMPORT_LINES} at once")]
    TooManyLines { lines: usize },
    #[error("the file is {bytes} bytes; import at most {MAX_IMPORT_BYTES} at once")]
    TooLarge { bytes: usize },
}

/// The site an import goes into: who imports, its zones (id and name), and who is on its staff now (with whether
/// they are active).
#[derive(Debug, Clone, Copy)]
pub struct ImportInto<'a> {
    pub importer: (Role, &'a SiteId),
    pub site: &'a SiteId,
    pub zones: &'a [(ZoneId, String)],
    /// Everyone with a personal number the file might name: this site's staff and anyone elsewhere.
    pub staff: &'a [(SiteId, Person, bool)],
}

/// The plan for `file`, line by line.
///
/// # Errors
/// The file is empty, too large or too long.
pub fn plan_import(file: &str, into: ImportInto<'_>) -> Result<Vec<ImportLine>, FileError> {
    if file.len() > MAX_IMPORT_BYTES {
        return Err(FileError::TooLarge { bytes: file.len() });
    }
    let file = file.strip_prefix('\u{feff}').unwrap_or(file);
    let separator = if file.lines().next().is_some_and(|l| l.contains(';')) { ';' } else { ',' };
    let mut rows: Vec<(u32, Option<Vec<String>>)> = Vec::new();
    for (n, line) in file.lines().enumerate() {
        if !line.trim().is_empty() {
            rows.push((u32::try_from(n + 1).unwrap_or(u32::MAX), split(line, separator)));
        }
    }
    if rows.first().is_some_and(|(_, r)| r.as_ref().is_some_and(|fields| is_header(fields))) {
        rows.remove(0);
    }
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    if rows.len() > MAX_IMPORT_LINES {
        return Err(FileError::TooManyLines { lines: rows.len() });
    }
    let mut seen: Vec<(StaffId, u32)> = Vec::new();
    Ok(rows
        .into_iter()
        .map(|(line, fields)| {
            let outcome = match plan_line(fields, &into, &seen) {
                Ok(outcome) => {
                    if let LineOutcome::Add { person }
                    | LineOutcome::Change { after: person, .. }
                    | LineOutcome::Same { person } = &outcome
                    {
                        seen.push((person.id.clone(), line));
                    }
                    outcome
                }
                Err(error) => LineOutcome::Refused { error },
            };
            ImportLine { line, outcome }
        })
        .collect())
}

fn plan_line(
    fields: Option<Vec<String>>,
    into: &ImportInto<'_>,
    seen: &[(StaffId, u32)],
) -> Result<LineOutcome, LineError> {
    let fields = fields.ok_or(LineError::Columns { found: 0 })?;
    let [name, position, zone, number] =
        <[String; 4]>::try_from(fields).map_err(|f| LineError::Columns { found: f.len() })?;
    let id = StaffId::new(number.clone()).map_err(|_| LineError::PersonalNumber { value: number })?;
    if let Some((_, first_line)) = seen.iter().find(|(s, _)| *s == id) {
        return Err(LineError::Repeated { first_line: *first_line });
    }
    if name.is_empty() || name.chars().count() > MAX_TEXT_CHARS || has_control(&name) {
        return Err(LineError::Name);
    }
    let role = role_of_position(&position).ok_or(LineError::Position { value: position })?;
    if !into.importer.0.manages(into.importer.1, role, into.site) {
        return Err(LineError::NotYours);
    }
    let zone = if zone.is_empty() {
        None
    } else {
        let wanted = zone.to_lowercase();
        let found =
            into.zones.iter().find(|(id, name)| id.as_str().to_lowercase() == wanted || name.to_lowercase() == wanted);
        Some(found.map(|(id, _)| id.clone()).ok_or(LineError::Zone { value: zone })?)
    };
    if role == Role::Administrator && zone.is_none() {
        return Err(LineError::ZoneNeeded);
    }
    let person = Person { id, display_name: name, role, zone: if role == Role::Administrator { zone } else { None } };
    Ok(match into.staff.iter().find(|(_, p, _)| p.id == person.id) {
        None => LineOutcome::Add { person },
        Some((site, _, _)) if site != into.site => return Err(LineError::OtherSite),
        Some((_, before, _)) if !into.importer.0.manages(into.importer.1, before.role, into.site) => {
            return Err(LineError::NotYours)
        }
        Some((_, before, active)) if *before == person && *active => LineOutcome::Same { person },
        Some((_, before, _)) => LineOutcome::Change { before: before.clone(), after: person },
    })
}

/// The role a position names, in Russian or English, as personnel departments write it ("Администратор зала",
/// "Старший администратор — супервайзер", "Coordinator"); a senior administrator or coordinator is still one.
#[must_use]
pub fn role_of_position(position: &str) -> Option<Role> {
    let p = position.to_lowercase();
    if p.contains("супервайзер") || p.contains("супервизор") || p.contains("supervisor") {
        Some(Role::Supervisor)
    } else if p.contains("координатор") || p.contains("coordinator") {
        Some(Role::Coordinator)
    } else if p.contains("администратор") || p.contains("administrator") {
        Some(Role::Administrator)
    } else {
        None
    }
}

/// A header line: it names the columns rather than a person.
fn is_header(fields: &[String]) -> bool {
    fields.iter().any(|f| {
        let f = f.to_lowercase();
        ["фио", "ф.и.о", "full name", "должность", "position", "табельн", "personal number"]
            .iter()
            .any(|h| f.contains(h))
    })
}

/// The fields of one line, trimmed, quotes (`"…"`, `""` inside) undone; `None` for an unclosed quote.
fn split(line: &str, separator: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == separator && !quoted => fields.push(std::mem::take(&mut field).trim().to_owned()),
            c => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field.trim().to_owned());
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> StaffId {
        StaffId::new(s).unwrap()
    }

    fn zone(s: &str) -> ZoneId {
        ZoneId::new(s).unwrap()
    }

    #[test]
    fn a_personnel_export_is_planned_line_by_line_and_a_second_import_changes_nothing() {
        let poly = SiteId::new("poly-12").unwrap();
        let ed = SiteId::new("ed-1").unwrap();
        let zones = [(zone("poly-12-entrance"), "Вход".to_owned()), (zone("poly-12-f2"), "2 этаж".to_owned())];
        let anna = Person {
            id: id("1001"),
            display_name: "Смирнова Анна Сергеевна".into(),
            role: Role::Administrator,
            zone: Some(zone("poly-12-entrance")),
        };
        let elsewhere =
            Person {
                id: id("2001"), display_name: "Попова Елена".into(), role: Role::Administrator, zone: None
            };
        let staff = [(poly.clone(), anna.clone(), true), (ed.clone(), elsewhere, true)];
        let file = "\u{feff}ФИО;Должность;Зона;Табельный номер\n\
                    Смирнова Анна Сергеевна;Администратор зала;Вход;1001\n\
                    Петров Игорь;администратор;2 этаж;1002\n\
                    \"Кузнецова; Ольга\";Координатор;;1003\n\
                    Сидоров;Администратор;;1004\n\
                    Попова Елена;Администратор;Вход;2001\n\
                    Иванова Мария;Старший администратор — супервайзер;;1005\n\
                    Орлова Вера;Уборщица;Вход;1006\n\
                    Петров Игорь;Администратор;5 этаж;1007\n\
                    Петров И.;Администратор;2 этаж;1002\n\
                    Без номера;Администратор;Вход;\n\
                    только;два\n";
        let into = ImportInto { importer: (Role::Supervisor, &poly), site: &poly, zones: &zones, staff: &staff };
        let plan = plan_import(file, into).unwrap();
        let outcomes: Vec<(u32, &LineOutcome)> = plan.iter().map(|l| (l.line, &l.outcome)).collect();
        assert_eq!(outcomes[0], (2, &LineOutcome::Same { person: anna.clone() }));
        let igor = Person {
            id: id("1002"),
            display_name: "Петров Игорь".into(),
            role: Role::Administrator,
            zone: Some(zone("poly-12-f2")),
        };
        assert_eq!(outcomes[1], (3, &LineOutcome::Add { person: igor }));
        let olga =
            Person {
                id: id("1003"), display_name: "Кузнецова; Ольга".into(), role: Role::Coordinator, zone: None
            };
        assert_eq!(outcomes[2], (4, &LineOutcome::Add { person: olga }), "a quoted field keeps its separator");
        let refused = |error| LineOutcome::Refused { error };
        assert_eq!(outcomes[3], (5, &refused(LineError::ZoneNeeded)));
        assert_eq!(outcomes[4], (6, &refused(LineError::OtherSite)));
        assert_eq!(outcomes[5], (7, &refused(LineError::NotYours)), "a supervisor does not make supervisors");
        assert_eq!(outcomes[6], (8, &refused(LineError::Position { value: "Уборщица".into() })));
        assert_eq!(outcomes[7], (9, &refused(LineError::Zone { value: "5 этаж".into() })));
        assert_eq!(outcomes[8], (10, &refused(LineError::Repeated { first_line: 3 })));
        assert_eq!(outcomes[9], (11, &refused(LineError::PersonalNumber { value: String::new() })));
        assert_eq!(outcomes[10], (12, &refused(LineError::Columns { found: 2 })));
        // A city administrator may bring in the supervisor; a changed name is a change.
        let renamed = file.replace("Смирнова Анна Сергеевна;", "Смирнова-Петрова Анна Сергеевна;");
        let city = SiteId::new("city").unwrap();
        let into = ImportInto { importer: (Role::CityAdmin, &city), ..into };
        let plan = plan_import(&renamed, into).unwrap();
        assert!(
            matches!(&plan[0].outcome, LineOutcome::Change { before, after } if *before == anna && after.display_name.starts_with("Смирнова-Петрова"))
        );
        assert!(matches!(&plan[5].outcome, LineOutcome::Add { person } if person.role == Role::Supervisor));
        // A supervisor may not turn a fellow supervisor into an administrator by a file.
        let boss =
            Person { id: id("1009"), display_name: "Морозова Т.".into(), role: Role::Supervisor, zone: None };
        let with_boss = [(poly.clone(), boss, true)];
        let demoted = plan_import(
            "Морозова Т.,Администратор,Вход,1009",
            ImportInto { importer: (Role::Supervisor, &poly), staff: &with_boss, ..into },
        )
        .unwrap();
        assert_eq!(demoted[0].outcome, LineOutcome::Refused { error: LineError::NotYours });
        assert_eq!(role_of_position("Старший координатор"), Some(Role::Coordinator));
        // Someone deactivated who is in the file comes back.
        let gone = [(poly.clone(), anna.clone(), false)];
        let plan = plan_import("Смирнова Анна Сергеевна,Администратор,Вход,1001", ImportInto { staff: &gone, ..into })
            .unwrap();
        assert!(matches!(&plan[0].outcome, LineOutcome::Change { .. }), "{plan:?}");
    }

    #[test]
    fn a_file_that_is_empty_too_long_or_too_large_is_refused_whole() {
        let site = SiteId::new("poly-12").unwrap();
        let into = ImportInto { importer: (Role::Supervisor, &site), site: &site, zones: &[], staff: &[] };
        assert_eq!(plan_import("ФИО,Должность,Зона,Табельный номер\n\n", into), Err(FileError::Empty));
        let long = "А,Координатор,,1\n".repeat(MAX_IMPORT_LINES + 1);
        assert_eq!(plan_import(&long, into), Err(FileError::TooManyLines { lines: MAX_IMPORT_LINES + 1 }));
        let large = "x".repeat(MAX_IMPORT_BYTES + 1);
        assert_eq!(plan_import(&large, into), Err(FileError::TooLarge { bytes: MAX_IMPORT_BYTES + 1 }));
    }
}
