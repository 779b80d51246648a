//! The KPI report, good stories and the knowledge base: the real server over each store, driven through the real
//! client, on the demo data.

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{
    ProblemKind, SiteCalendar, SiteClock, StaffId, StoryId, TaskId, TaskKind, TemplateId, Timestamp, ValidationError,
    WRITTEN_RESOLVE_WORKING_DAYS,
};
use floordesk_protocol::{
    ApiError, ErrorCode, KpiQuery, LoginRequest, NewStory, Problem, Purposes, TemplateDraft, MAX_KPI_SPAN_MS,
    MAX_STORY_CHARS, MAX_TEMPLATE_BODY_CHARS, MAX_TEMPLATE_TITLE_CHARS,
};
use floordesk_server::{demo, now};

fn staff(id: &str) -> StaffId {
    StaffId::new(id).unwrap()
}

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(staff(id), code)).await.unwrap().token
}

/// Fails unless `result` is a 400 saying `field` holds a control character, as a typed problem.
fn control<T: std::fmt::Debug>(result: Result<T, ApiError>, field: &str) {
    let error = result.expect_err("should be refused");
    assert_eq!(error.code, ErrorCode::BadRequest, "{error:?}");
    let expected = ValidationError::ControlCharacters { field: field.to_owned().into() };
    assert_eq!(error.problem, Some(Problem::Field { error: expected }), "{error:?}");
}

/// Fails unless `error` is a refusal of `code` whose message says `words`.
fn refused<T: std::fmt::Debug>(result: Result<T, ApiError>, code: ErrorCode, words: &str) {
    let error = result.expect_err("should be refused");
    assert_eq!(error.code, code, "{error:?}");
    assert!(error.message.contains(words), "{:?} does not say {words:?}", error.message);
}

fn yesterday() -> KpiQuery {
    let (from, to) = demo::yesterday(now());
    KpiQuery { utc_offset_minutes: demo::MOSCOW_UTC_OFFSET_MINUTES, ..KpiQuery::period(from, to) }
}

both_stores!(a_supervisor_sees_yesterdays_indicators_of_their_own_site, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let report = c.kpi(&maria, &yesterday()).await.unwrap();
    let expected: Vec<_> = demo::closed_tasks(now()).into_iter().filter(|t| t.site.as_str() == "poly-12").collect();
    assert_eq!(report.overall.tasks as usize, expected.len());
    assert_eq!(
        (Some(report.from), Some(report.to), report.utc_offset_minutes),
        (yesterday().from, yesterday().to, 180)
    );
    // Asked by the site's days, the same: yesterday is the site's, whatever clock the reader has.
    assert_eq!(c.kpi(&maria, &KpiQuery::days(-1, 0)).await.unwrap(), report);
    assert!(report.problems.iter().any(|p| matches!(p.problem, ProblemKind::TooManyHandoffs { handoffs: 3 })));
    assert!(report.problems.iter().all(|p| p.task.as_str().starts_with("t-poly-")), "only her site's tasks");
    assert!(!report.by_hour.is_empty());
    assert!(report.by_hour.iter().all(|h| (8..20).contains(&h.hour)), "Moscow hours of the shift");
    // Another site's supervisor sees their own.
    let tatiana = token(c, "tatiana", "0000").await;
    let ed = c.kpi(&tatiana, &yesterday()).await.unwrap();
    assert!(ed.problems.iter().all(|p| p.task.as_str().starts_with("t-ed-")));
    assert!(ed.overall.tasks > 0);
    // Today nothing has closed yet.
    assert_eq!(c.kpi(&maria, &KpiQuery::days(0, 1)).await.unwrap().overall.tasks, 0);
});

both_stores!(kpi_is_the_sites_for_a_supervisor_and_ones_own_for_anyone_else_over_a_sensible_period, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let anna = token(c, "anna", "1111").await;
    let sergey = token(c, "sergey", "8888").await;
    let maria = token(c, "maria", "4444").await;
    // The supervisor sees every person's figures; an administrator only her own, and nobody else's anywhere.
    let site = c.kpi(&maria, &yesterday()).await.unwrap();
    assert!(site.by_person.len() > 1, "{:?}", site.by_person);
    let own = c.kpi(&anna, &yesterday()).await.unwrap();
    let annas: Vec<_> = demo::closed_tasks(now())
        .into_iter()
        .filter(|t| t.assignee.as_ref().is_some_and(|a| a.as_str() == "anna"))
        .collect();
    assert!(!annas.is_empty());
    assert_eq!(own.overall.tasks as usize, annas.len());
    assert_eq!(own.by_person.iter().map(|p| p.staff.as_str()).collect::<Vec<_>>(), ["anna"]);
    let in_site = site.by_person.iter().find(|p| p.staff.as_str() == "anna").unwrap();
    assert_eq!(own.by_person[0].kpi, in_site.kpi, "her own figures are those the supervisor sees for her");
    assert!(own.problems.iter().all(|p| p.held_by.as_ref().is_some_and(|h| h.as_str() == "anna")));
    assert!(own.rules.is_empty());
    let coordinator = c.kpi(&sergey, &yesterday()).await.unwrap();
    assert!(coordinator.by_person.iter().all(|p| p.staff.as_str() == "sergey"));
    refused(c.kpi("forged", &yesterday()).await, ErrorCode::Unauthorized, "sign in");
    let q = yesterday();
    let backwards = KpiQuery { from: q.to, to: q.from, ..q.clone() };
    refused(c.kpi(&maria, &KpiQuery::days(0, -1)).await, ErrorCode::BadRequest, "start before it ends");
    refused(c.kpi(&maria, &KpiQuery::days(-400, 0)).await, ErrorCode::BadRequest, "day_from and day_to");
    let half = KpiQuery { day_to: None, ..KpiQuery::days(-1, 0) };
    refused(c.kpi(&maria, &half).await, ErrorCode::BadRequest, "day_from and day_to");
    let both = KpiQuery { from: q.from, to: q.to, ..KpiQuery::days(-1, 0) };
    refused(c.kpi(&maria, &both).await, ErrorCode::BadRequest, "not both");
    refused(c.kpi(&maria, &backwards).await, ErrorCode::BadRequest, "start before it ends");
    let empty = KpiQuery { to: q.from, ..q.clone() };
    refused(c.kpi(&maria, &empty).await, ErrorCode::BadRequest, "start before it ends");
    let long = KpiQuery { from: Some(Timestamp(q.to.unwrap().0 - MAX_KPI_SPAN_MS - 1)), ..q.clone() };
    refused(c.kpi(&maria, &long).await, ErrorCode::BadRequest, "at most 92 days");
    let quarter = KpiQuery { from: Some(Timestamp(q.to.unwrap().0 - MAX_KPI_SPAN_MS)), ..q.clone() };
    assert!(c.kpi(&maria, &quarter).await.unwrap().overall.tasks > 0, "92 days exactly is allowed");
    let klingon = KpiQuery { lang: Some("tlh".into()), ..q.clone() };
    refused(c.kpi_csv(&maria, &klingon).await, ErrorCode::BadRequest, "ru or en");
    for offset in [841, -841, i32::MIN] {
        let odd = KpiQuery { utc_offset_minutes: offset, ..q.clone() };
        refused(c.kpi(&maria, &odd).await, ErrorCode::BadRequest, "utc_offset_minutes");
    }
    // A reader far east is still answered in the site's hours.
    let far_east = KpiQuery { utc_offset_minutes: 840, ..q.clone() };
    assert_eq!(c.kpi(&maria, &far_east).await.unwrap().utc_offset_minutes, 180);
});

/// The rows of the CSV table titled `title`: each row's fields, headings first.
fn csv_table(csv: &str, title: &str) -> Vec<Vec<String>> {
    let mut lines = csv.split("\r\n").skip_while(|l| *l != title).skip(1);
    let mut rows = Vec::new();
    for line in lines.by_ref() {
        if line.is_empty() {
            break;
        }
        rows.push(line.split(';').map(|f| f.trim_matches('"').to_owned()).collect());
    }
    rows
}

both_stores!(the_indicators_export_as_csv_with_the_same_figures_as_the_json, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let query = KpiQuery::days(-1, 0);
    let report = c.kpi(&maria, &query).await.unwrap();
    // Raw: a byte-order mark for Excel, `;` between fields, a file to save.
    let (status, raw) =
        common::raw_with(&server.base, "GET", "/api/v1/kpi/csv?day_from=-1&day_to=0", &format!("Bearer {maria}"), "")
            .await;
    assert_eq!(status, 200, "{raw}");
    let lower = raw.to_lowercase();
    assert!(lower.contains("content-type: text/csv; charset=utf-8"), "{raw}");
    assert!(lower.contains("content-disposition: attachment; filename=\"floordesk-kpi-"), "{raw}");
    let body = &raw[raw.find("\r\n\r\n").unwrap() + 4..];
    assert!(
        body.trim_start_matches(|c: char| c.is_ascii_hexdigit() || c == '\r' || c == '\n').starts_with('\u{feff}'),
        "{body:?}"
    );
    let csv = c.kpi_csv(&maria, &query).await.unwrap();
    let overall = csv_table(&csv, "Итого");
    assert_eq!(overall[0][0..3], ["Что", "Закрыто задач", "Выполнено"]);
    let n = |v: u32| v.to_string();
    let o = &report.overall;
    assert_eq!(
        overall[1][1..],
        [
            n(o.tasks),
            n(o.done),
            o.wait_p50.map(n).unwrap_or_default(),
            o.wait_p90.map(n).unwrap_or_default(),
            n(o.start_judged),
            n(o.started_in_time),
            overall[1][7].clone(),
            n(o.finish_judged),
            n(o.finished_in_time),
            overall[1][10].clone(),
            n(o.handoffs),
            n(o.over_handoff_limit),
            n(o.rated()),
            o.mean_rating_tenths().map(|t| format!("{},{}", t / 10, t % 10)).unwrap_or_default(),
        ]
    );
    // Every kind, zone and person row carries the JSON's figures.
    let kinds = csv_table(&csv, "По видам задач");
    assert_eq!(kinds.len() - 1, report.by_kind.len());
    for (row, kind) in kinds[1..].iter().zip(&report.by_kind) {
        assert_eq!(
            (row[1].clone(), row[6].clone(), row[8].clone()),
            (n(kind.kpi.tasks), n(kind.kpi.started_in_time), n(kind.kpi.finish_judged))
        );
    }
    let zones = csv_table(&csv, "По зонам");
    assert_eq!(zones.len() - 1, report.by_zone.len());
    assert!(zones[1..].iter().any(|r| r[0] == "Вход и инфоматы"), "zones by name: {zones:?}");
    let total: u32 = zones[1..].iter().map(|r| r[1].parse::<u32>().unwrap()).sum();
    assert_eq!(total, report.overall.tasks);
    let people = csv_table(&csv, "По сотрудникам");
    assert!(people[1..].iter().any(|r| r[0] == "Анна Смирнова"), "people by name: {people:?}");
    let breaches = csv_table(&csv, "Нарушения стандарта");
    assert_eq!(breaches.len() - 1, report.problems.len());
    for (row, p) in breaches[1..].iter().zip(&report.problems) {
        assert_eq!(row[0], p.task.as_str());
        assert_eq!(row[6], p.standard.map(n).unwrap_or_default());
    }
    // In English on request; an administrator's file is her own figures.
    let english = c.kpi_csv(&maria, &KpiQuery { lang: Some("en".into()), ..query.clone() }).await.unwrap();
    assert_eq!(csv_table(&english, "Overall")[1][1], n(o.tasks));
    let anna = token(c, "anna", "1111").await;
    let hers = c.kpi_csv(&anna, &query).await.unwrap();
    assert_eq!(
        csv_table(&hers, "По сотрудникам")[1..].iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["Анна Смирнова"]
    );
});

both_stores!(a_city_administrator_sees_every_site_side_by_side_with_the_sites_own_figures, |db| async move {
    let dir = tempfile::tempdir().unwrap();
    let url = common::fresh_url(db, dir.path()).await;
    let config = common::config(url, true);
    let server = common::boot_config(config.clone(), dir).await;
    let city = floordesk_server::admin::create_city_admin(&config, "city-1", "Городской администратор").await.unwrap();
    let c = &server.client;
    let city = token(c, "city-1", &city.code).await;
    let query = KpiQuery::days(-1, 0);
    let all = c.sites_kpi(&city, &query).await.unwrap();
    let ids: Vec<_> = all.sites.iter().map(|s| s.site.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    for (site, supervisor, code) in [("poly-12", "maria", "4444"), ("ed-1", "tatiana", "0000")] {
        let own = c.kpi(&token(c, supervisor, code).await, &query).await.unwrap();
        let row = all.sites.iter().find(|s| s.site.as_str() == site).unwrap();
        assert_eq!(row.overall, own.overall, "{site}: the same figures as the site's own report");
        assert_eq!(row.breaches as usize, own.problems.len());
        assert_eq!((row.from, row.to), (own.from, own.to), "{site}: its own days");
        assert!(row.overall.tasks > 0);
    }
    let maria = token(c, "maria", "4444").await;
    refused(c.sites_kpi(&maria, &query).await, ErrorCode::Forbidden, "");
    refused(c.sites_kpi(&city, &KpiQuery::days(0, -1)).await, ErrorCode::BadRequest, "start before it ends");

    // The same figures as CSV, parsed back: a BOM, `;`, a row per site by name with its own days.
    let csv = c.sites_kpi_csv(&city, &query).await.unwrap();
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let lines: Vec<Vec<&str>> =
        csv.trim_start_matches('\u{feff}').split("\r\n").map(|l| l.split(';').collect()).collect();
    assert_eq!(lines[0], ["Показатели площадок"]);
    let heading = lines.iter().position(|l| l.first() == Some(&"Площадка")).expect("the table's headings");
    let column = |name: &str| lines[heading].iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name}"));
    for row in &all.sites {
        let line = lines.iter().find(|l| l.first() == Some(&row.name.as_str())).expect("a row per site");
        assert_eq!(line[column("Закрыто задач")], row.overall.tasks.to_string(), "{}", row.name);
        assert_eq!(line[column("Начато вовремя")], row.overall.started_in_time.to_string());
        assert_eq!(line[column("Завершено вовремя")], row.overall.finished_in_time.to_string());
        assert_eq!(line[column("Нарушений стандарта")], row.breaches.to_string());
        assert_eq!(line[column("Передачи")], row.overall.handoffs.to_string());
        assert_eq!(line[column("С")], line[column("По")], "{}: yesterday is one day of its own", row.name);
    }
    let english = c.sites_kpi_csv(&city, &KpiQuery { lang: Some("en".into()), ..query.clone() }).await.unwrap();
    assert!(english.contains("The sites' indicators") && english.contains("Site;Kind;From;To;Tasks closed"));
    refused(c.sites_kpi_csv(&maria, &query).await, ErrorCode::Forbidden, "");
});

fn new_story(id: &str, text: &str) -> NewStory {
    NewStory {
        id: StoryId::new(id).unwrap(),
        text: text.into(),
        about: Some(staff("olga")),
        task: Some(TaskId::new("t-poly-routing-1").unwrap()),
    }
}

both_stores!(a_story_is_posted_once_seen_by_the_site_and_liked_once_per_person, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let anna = token(c, "anna", "1111").await;
    let igor = token(c, "igor", "2222").await;
    let dmitry = token(c, "dmitry", "5555").await;
    let before = now();
    let story = new_story("s-anna-1", "  Ольга проводила пациента к неврологу и подождала с ним.  ");
    let posted = c.post_story(&anna, &story).await.unwrap();
    assert_eq!(posted.text, "Ольга проводила пациента к неврологу и подождала с ним.", "trimmed");
    assert_eq!((posted.author.as_str(), posted.author_name.as_str()), ("anna", "Анна Смирнова"));
    assert_eq!(posted.about_name.as_deref(), Some("Ольга Кузнецова"));
    assert_eq!((posted.likes, posted.liked), (0, false));
    // Sent again (the answer was lost): the same story, posted once.
    assert_eq!(c.post_story(&anna, &story).await.unwrap(), posted);
    let other = NewStory { text: "Совсем другая история".into(), ..story.clone() };
    let conflict = c.post_story(&anna, &other).await.unwrap_err();
    assert!(conflict.message.contains("already posted with the id s-anna-1"), "{conflict:?}");
    // Igor, on the same site, sees it first; Dmitry, at the emergency centre, does not.
    let seen = c.stories(&igor, None).await.unwrap().stories;
    assert_eq!(seen[0].id, posted.id);
    assert_eq!(seen.iter().filter(|s| s.id == posted.id).count(), 1);
    assert!(seen.iter().any(|s| s.id.as_str() == "s-poly-1"), "the demo's stories too");
    assert_eq!(c.stories(&igor, Some(before)).await.unwrap().stories, vec![posted.clone()], "since a moment");
    let elsewhere = c.stories(&dmitry, None).await.unwrap().stories;
    assert!(elsewhere.iter().all(|s| s.id != posted.id));
    assert!(elsewhere.iter().any(|s| s.id.as_str() == "s-ed-1"));
    refused(c.like_story(&dmitry, &posted.id, true).await, ErrorCode::NotFound, "no story s-anna-1");
    // Likes: once per person, taken back once.
    for _ in 0..2 {
        let liked = c.like_story(&igor, &posted.id, true).await.unwrap();
        assert_eq!((liked.likes, liked.liked), (1, true));
    }
    let by_anna = c.like_story(&anna, &posted.id, true).await.unwrap();
    assert_eq!((by_anna.likes, by_anna.liked), (2, true));
    for _ in 0..2 {
        let unliked = c.like_story(&igor, &posted.id, false).await.unwrap();
        assert_eq!((unliked.likes, unliked.liked), (1, false));
    }
    let listed = c.stories(&igor, Some(before)).await.unwrap().stories;
    assert_eq!((listed[0].likes, listed[0].liked), (1, false));
    refused(c.like_story(&igor, &StoryId::new("s-none").unwrap(), true).await, ErrorCode::NotFound, "no story");
});

both_stores!(a_story_needs_words_and_its_colleague_and_task_from_the_same_site, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let anna = token(c, "anna", "1111").await;
    refused(c.post_story(&anna, &new_story("s-1", "   ")).await, ErrorCode::BadRequest, "1 to 1000 characters");
    let long = "а".repeat(MAX_STORY_CHARS + 1);
    refused(c.post_story(&anna, &new_story("s-1", &long)).await, ErrorCode::BadRequest, "1 to 1000 characters");
    let exactly = c.post_story(&anna, &new_story("s-2", &"а".repeat(MAX_STORY_CHARS))).await.unwrap();
    assert_eq!(exactly.text.chars().count(), MAX_STORY_CHARS);
    let about_elsewhere = NewStory { about: Some(staff("dmitry")), ..new_story("s-3", "Спасибо") };
    refused(c.post_story(&anna, &about_elsewhere).await, ErrorCode::BadRequest, "colleague to thank");
    let about_nobody = NewStory { about: Some(staff("nobody")), ..new_story("s-3", "Спасибо") };
    refused(c.post_story(&anna, &about_nobody).await, ErrorCode::BadRequest, "colleague to thank");
    let task_elsewhere =
        NewStory { task: Some(TaskId::new("t-ed-escort-1").unwrap()), ..new_story("s-3", "Спасибо") };
    refused(c.post_story(&anna, &task_elsewhere).await, ErrorCode::BadRequest, "linked task");
    let no_task = NewStory { task: Some(TaskId::new("t-none").unwrap()), ..new_story("s-3", "Спасибо") };
    refused(c.post_story(&anna, &no_task).await, ErrorCode::BadRequest, "linked task");
    assert_eq!(c.post_story(&anna, &no_task).await.unwrap_err().problem, Some(Problem::TaskNotHere));
    assert_eq!(c.post_story(&anna, &about_nobody).await.unwrap_err().problem, Some(Problem::ColleagueElsewhere));
    let plain = NewStory { about: None, task: None, ..new_story("s-3", "Спасибо смене") };
    let posted = c.post_story(&anna, &plain).await.unwrap();
    assert_eq!((posted.about, posted.about_name, posted.task), (None, None, None));
    // A supervisor and a coordinator post too.
    let maria = token(c, "maria", "4444").await;
    c.post_story(&maria, &NewStory { about: None, task: None, ..new_story("s-4", "Отличная смена") }).await.unwrap();
    refused(c.post_story("forged", &plain).await, ErrorCode::Unauthorized, "sign in");
});

fn draft(title: &str, body: &str) -> TemplateDraft {
    TemplateDraft { title: title.into(), body: body.into() }
}

both_stores!(supervisors_write_the_knowledge_base_and_everyone_on_the_site_reads_it, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let anna = token(c, "anna", "1111").await;
    let tatiana = token(c, "tatiana", "0000").await;
    let seeded = c.templates(&anna).await.unwrap().templates;
    assert!(seeded.len() >= 8);
    assert!(seeded.windows(2).all(|w| w[0].title <= w[1].title), "by title");
    assert!(seeded.iter().any(|t| t.title.contains("справку")));
    let id = TemplateId::new("tpl-pharmacy").unwrap();
    let written = c.put_template(&maria, &id, &draft("  Где аптека?  ", "Аптека — 1 этаж, у выхода.")).await.unwrap();
    assert_eq!((written.title.as_str(), written.updated_by.as_str()), ("Где аптека?", "maria"));
    let read = c.templates(&anna).await.unwrap().templates;
    assert_eq!(read.len(), seeded.len() + 1);
    assert!(read.contains(&written));
    let changed = c.put_template(&maria, &id, &draft("Где аптека?", "Аптека — 1 этаж, справа.")).await.unwrap();
    assert!(changed.updated_at >= written.updated_at);
    let read = c.templates(&anna).await.unwrap().templates;
    assert_eq!(read.len(), seeded.len() + 1, "replaced, not added");
    assert!(read.contains(&changed));
    // The emergency centre has its own knowledge base, and cannot take this one over.
    assert!(c.templates(&tatiana).await.unwrap().templates.iter().all(|t| t.id != id));
    let taken = c.put_template(&tatiana, &id, &draft("Чужой", "Нет")).await.unwrap_err();
    assert!(taken.message.contains("belongs to another site"), "{taken:?}");
    refused(c.delete_template(&tatiana, &id).await, ErrorCode::NotFound, "no answer template tpl-pharmacy");
    c.delete_template(&maria, &id).await.unwrap();
    assert_eq!(c.templates(&anna).await.unwrap().templates, seeded);
    refused(c.delete_template(&maria, &id).await, ErrorCode::NotFound, "no answer template");
});

both_stores!(only_supervisors_change_templates_and_only_with_sensible_text, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let maria = token(c, "maria", "4444").await;
    let anna = token(c, "anna", "1111").await;
    let sergey = token(c, "sergey", "8888").await;
    let id = TemplateId::new("tpl-poly-xray").unwrap();
    for who in [&anna, &sergey] {
        refused(c.put_template(who, &id, &draft("Рентген", "1 этаж")).await, ErrorCode::Forbidden, "supervisor");
        refused(c.delete_template(who, &id).await, ErrorCode::Forbidden, "supervisor");
    }
    assert!(c.templates(&sergey).await.unwrap().templates.iter().all(|t| t.id != id), "another site's");
    refused(c.put_template(&maria, &id, &draft(" ", "1 этаж")).await, ErrorCode::BadRequest, "the question");
    // What was wrong travels as a code too, for the app to say in its reader's language.
    let blank = c.put_template(&maria, &id, &draft(" ", "1 этаж")).await.unwrap_err().problem;
    assert_eq!(blank, Some(Problem::Field { error: ValidationError::Empty { field: "title".into() } }));
    let long = c.put_template(&maria, &id, &draft("Рентген", &"о".repeat(MAX_TEMPLATE_BODY_CHARS + 1))).await;
    let max = MAX_TEMPLATE_BODY_CHARS;
    let expected = ValidationError::TooLong { field: "body".into(), max, len: max + 1 };
    assert_eq!(long.unwrap_err().problem, Some(Problem::Field { error: expected }));
    let title = "в".repeat(MAX_TEMPLATE_TITLE_CHARS + 1);
    refused(c.put_template(&maria, &id, &draft(&title, "1 этаж")).await, ErrorCode::BadRequest, "the question");
    refused(c.put_template(&maria, &id, &draft("Рентген", "")).await, ErrorCode::BadRequest, "the answer");
    let body = "о".repeat(MAX_TEMPLATE_BODY_CHARS + 1);
    refused(c.put_template(&maria, &id, &draft("Рентген", &body)).await, ErrorCode::BadRequest, "the answer");
    let longest = draft(&"в".repeat(MAX_TEMPLATE_TITLE_CHARS), &"о".repeat(MAX_TEMPLATE_BODY_CHARS));
    c.put_template(&maria, &id, &longest).await.unwrap();
    let unchanged = c.templates(&anna).await.unwrap().templates;
    assert_eq!(unchanged.iter().find(|t| t.id == id).unwrap().body, longest.body);
});

both_stores!(a_sites_indicators_are_in_its_own_time_zone_whoever_reads_them, |db| async move {
    // The emergency centre is moved to Vladivostok (UTC+10); its supervisor's readers sit in Moscow and far east.
    let now = now();
    let mut seed = demo::seed(now, &common::code_key());
    for site in &mut seed.sites {
        if site.id.as_str() == "ed-1" {
            site.time_zone = "Asia/Vladivostok".into();
        }
    }
    let server = common::boot(db, false, None, Some(seed.clone())).await;
    let c = &server.client;
    let tatiana = token(c, "tatiana", "0000").await;
    let from_moscow = KpiQuery { utc_offset_minutes: 180, ..KpiQuery::days(-6, 1) };
    let from_far_east = KpiQuery { utc_offset_minutes: 600, ..KpiQuery::days(-6, 1) };
    let seen_in_moscow = c.kpi(&tatiana, &from_moscow).await.unwrap();
    assert_eq!(c.kpi(&tatiana, &from_far_east).await.unwrap(), seen_in_moscow, "the same hours for every reader");
    assert_eq!(seen_in_moscow.utc_offset_minutes, 600);
    let clock = SiteClock::new("Asia/Vladivostok").unwrap();
    assert_eq!(clock.date_of(seen_in_moscow.from).and_hms_opt(0, 0, 0), seen_in_moscow.from.wall_clock(600));
    // The domain's report over the same tasks, with Vladivostok's hours.
    let closed: Vec<_> = seed.tasks.iter().filter(|t| t.site.as_str() == "ed-1").cloned().collect();
    let expected = floordesk_domain::KpiReport::compute(
        &floordesk_domain::DeadlineTable::standard(),
        &closed,
        seen_in_moscow.from,
        seen_in_moscow.to,
        600,
    )
    .with_rules(&closed, &std::collections::BTreeMap::new(), &std::collections::BTreeMap::new());
    assert!(expected.overall.tasks > 0);
    assert_eq!(seen_in_moscow, expected);
    // The polyclinic stays on Moscow's clock.
    let maria = token(c, "maria", "4444").await;
    assert_eq!(c.kpi(&maria, &KpiQuery::days(-1, 0)).await.unwrap().utc_offset_minutes, 180);
});

both_stores!(written_requests_are_resolved_within_the_sites_own_working_days, |db| async move {
    // The polyclinic keeps its own hours, with a sanitary day tomorrow; the emergency centre keeps its kind's (every
    // day) and moves to Yekaterinburg (UTC+5).
    let now = now();
    let mut seed = demo::seed(now, &common::code_key());
    let tomorrow = SiteClock::default().date_of(now).succ_opt().unwrap();
    let poly = floordesk_domain::SiteId::new("poly-12").unwrap();
    seed.opening_hours.get_mut(&poly).expect("the demo polyclinic keeps its own hours").days_off = vec![tomorrow];
    for site in seed.sites.iter_mut().filter(|s| s.id != poly) {
        site.time_zone = "Asia/Yekaterinburg".into();
    }
    let server = common::boot(db, false, None, Some(seed.clone())).await;
    let c = &server.client;
    let expected =
        SiteCalendar { clock: SiteClock::default(), hours: seed.opening_hours[&poly].clone() }.working_days(now);
    let maria = token(c, "maria", "4444").await;
    let list = c.tasks(&maria).await.unwrap();
    assert_eq!(list.deadlines.calendar(), &expected);
    assert!(!list.deadlines.calendar().works_on(tomorrow), "the sanitary day");
    assert!(list.deadlines.calendar().weekly[6], "this polyclinic works on Sundays, unlike its kind's usual hours");
    let written = list.mine.iter().chain(&list.pool).find(|v| v.task.kind() == TaskKind::WrittenRequest).unwrap();
    let due = list.deadlines.due(&written.task).complete_by.unwrap();
    assert_eq!(due, expected.after(written.task.met_at, WRITTEN_RESOLVE_WORKING_DAYS));
    // The emergency centre works every day, on its own clock.
    let tatiana = token(c, "tatiana", "0000").await;
    let ed = c.tasks(&tatiana).await.unwrap().deadlines;
    assert_eq!((ed.calendar().weekly, ed.calendar().offset_minutes), ([true; 7], 300));
    // A device that keeps its tasks asks for the table alone: each person gets their own site's, as in the list.
    let (asked, alone) = (now, c.deadlines(&tatiana).await.unwrap());
    assert_eq!(alone.deadlines, ed);
    assert!(alone.server_time >= asked && alone.server_time <= floordesk_server::now(), "the server's clock now");
    assert_eq!(c.deadlines(&maria).await.unwrap().deadlines, list.deadlines);
    assert!(ed.calendar().days_off.is_empty());
    assert_eq!(ed.calendar().date_of(now), SiteClock::new("Asia/Yekaterinburg").unwrap().date_of(now));
});

both_stores!(a_supervisor_sets_the_sites_purposes_and_everyone_reads_them, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, maria) = (token(c, "anna", "1111").await, token(c, "maria", "4444").await);
    let usual: Vec<String> = floordesk_domain::common_purposes(floordesk_domain::SiteKind::Polyclinic)
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
    assert_eq!(c.purposes(&anna).await.unwrap().items, usual, "a site without its own list offers its kind's");
    let ours = Purposes { items: vec![" Где кабинет ".into(), "Выписка рецепта".into()] };
    refused(c.put_purposes(&anna, &ours).await, ErrorCode::Forbidden, "");
    let saved = c.put_purposes(&maria, &ours).await.unwrap();
    assert_eq!(saved.items, ["Где кабинет", "Выписка рецепта"], "trimmed");
    assert_eq!(c.purposes(&anna).await.unwrap(), saved, "everyone at the site reads the site's own list");
    // Another site keeps its own (here: its kind's usual ones).
    let dmitry = token(c, "dmitry", "5555").await;
    assert_ne!(c.purposes(&dmitry).await.unwrap(), saved);
    // A list that is empty, too long, repeated or with too long a purpose is refused whole, in words.
    let thirteen: Vec<String> = (0..13).map(|n| format!("Цель {n}")).collect();
    for bad in [vec![], thirteen, vec!["А".into(), "А".into()], vec!["Ж".repeat(61)]] {
        let refusal = c.put_purposes(&maria, &Purposes { items: bad }).await;
        assert_eq!(refusal.as_ref().err().and_then(|e| e.problem.clone()), Some(Problem::Purposes));
        refused(refusal, ErrorCode::BadRequest, "1 to 12 purposes");
    }
    control(c.put_purposes(&maria, &Purposes { items: vec!["a\u{7}".into()] }).await, "items");
    assert_eq!(c.purposes(&anna).await.unwrap(), saved, "nothing half-applied");
});

both_stores!(control_characters_are_refused_in_words_in_every_text_and_id_on_both_stores, |db| async move {
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, maria) = (token(c, "anna", "1111").await, token(c, "maria", "4444").await);
    for bad in ["Спасибо\u{0}", "Спасибо\u{1b}[31m", "\u{7}Анне"] {
        let story = NewStory { id: StoryId::new("s-control").unwrap(), text: bad.into(), about: None, task: None };
        control(c.post_story(&anna, &story).await, "text");
    }
    let template = draft("Рентген\u{0}", "1 этаж");
    control(c.put_template(&maria, &TemplateId::new("tpl-nul").unwrap(), &template).await, "title");
    control(c.enrol_device(&maria, "Пост\u{0}2").await, "name");
    // Inside a push: a task's details, the device's id.
    let task = floordesk_protocol::NewTaskRequest {
        id: TaskId::new("t-control").unwrap(),
        zone: floordesk_domain::ZoneId::new("poly-12-entrance").unwrap(),
        case_id: None,
        priority: floordesk_domain::Priority::Normal,
        details: floordesk_domain::TaskDetails::NonStandard(floordesk_domain::NonStandard {
            description: "Анкета\u{0}".into(),
        }),
        met_at: now(),
    };
    let op = floordesk_protocol::Op {
        id: "op-control".into(),
        device_time: now(),
        base_version: 0,
        change: floordesk_protocol::OpChange::Create { task },
    };
    let push = |device: &str, op| floordesk_protocol::PushRequest {
        protocol: floordesk_protocol::SYNC_PROTOCOL_VERSION,
        device: device.into(),
        ops: vec![op],
        sent_at: None,
    };
    // A bad op is refused by itself; the rest of the push goes through.
    let good = floordesk_protocol::Op {
        id: "op-fine".into(),
        change: floordesk_protocol::OpChange::Act {
            task: TaskId::new("t-poly-routing-1").unwrap(),
            action: floordesk_domain::Action::Claim,
        },
        ..op.clone()
    };
    let both = floordesk_protocol::PushRequest { ops: vec![op.clone(), good], ..push("hh-a", op.clone()) };
    let answered = c.push(&anna, &both).await.unwrap();
    let expected = ValidationError::ControlCharacters { field: "description".to_owned().into() };
    assert!(
        matches!(
            &answered.results[0].outcome,
            floordesk_protocol::Outcome::Rejected { reason: floordesk_protocol::Rejection::Invalid { error }, .. }
                if *error == expected
        ),
        "{answered:?}"
    );
    assert!(matches!(answered.results[1].outcome, floordesk_protocol::Outcome::Accepted { .. }), "{answered:?}");
    control(c.push(&anna, &push("hh\u{0}", op.clone())).await, "device");
    // An op whose id breaks the id rule (a line break would forge a log line) is refused, and nothing is applied.
    let claim = floordesk_protocol::Op {
        id: "op-1\nINFO signed in".into(),
        change: floordesk_protocol::OpChange::Act {
            task: TaskId::new("t-poly-routing-1").unwrap(),
            action: floordesk_domain::Action::Claim,
        },
        ..op
    };
    let answered = c.push(&anna, &push("hh-a", claim)).await.unwrap();
    assert!(
        matches!(
            &answered.results[0].outcome,
            floordesk_protocol::Outcome::Rejected { reason: floordesk_protocol::Rejection::Malformed, .. }
        ),
        "{answered:?}"
    );
    let feed = c.pull(&anna, 0, 1000).await.unwrap().changes;
    assert!(!feed.iter().any(|ch| ch.task.id.as_str() == "t-control"));
    let routing = feed.iter().rev().find(|ch| ch.task.id.as_str() == "t-poly-routing-1").unwrap();
    assert_eq!(routing.task.status, floordesk_domain::TaskStatus::Accepted, "by the good op only");
    assert!(c.stories(&anna, None).await.unwrap().stories.iter().all(|s| s.id.as_str() != "s-control"));
    // A path id with a NUL is no such device (not a database error).
    let (status, body) =
        common::raw_with(&server.base, "DELETE", "/api/v1/devices/dev-%00", &format!("Bearer {maria}"), "").await;
    assert_eq!(status, 404, "{body}");
    // Line breaks and tabs are text.
    let lines = NewStory {
        id: StoryId::new("s-lines").unwrap(),
        text: "Спасибо\nАнне\tи Игорю".into(),
        about: None,
        task: None,
    };
    assert_eq!(c.post_story(&anna, &lines).await.unwrap().text, "Спасибо\nАнне\tи Игорю");
});

/// Runs the retention job on the store the server uses, as of `at`; how many tasks it erased.
async fn sweep_as_of(url: &str, at: Timestamp) -> usize {
    if url.starts_with("sqlite:") {
        let store = floordesk_server::SqliteStore::open(url).await.unwrap();
        floordesk_server::retention::sweep(&store, at).await.unwrap()
    } else {
        let store = floordesk_server::PgStore::open(url).await.unwrap();
        floordesk_server::retention::sweep(&store, at).await.unwrap()
    }
}

both_stores!(retention_erases_a_closed_tasks_personal_data_everywhere_and_the_indicators_stay, |db| async move {
    use floordesk_domain::{Action, Escort, MobilityAid, Priority, Rating, TaskDetails, ERASED};
    use floordesk_protocol::{NewTaskRequest, Op, OpChange, Outcome, PushRequest, SYNC_PROTOCOL_VERSION};
    let server = common::boot(db, true, None, None).await;
    let c = &server.client;
    let (anna, maria) = (token(c, "anna", "1111").await, token(c, "maria", "4444").await);
    let id = TaskId::new("t-retained").unwrap();
    let at = now();
    let create = Op {
        id: "op-ret-1".into(),
        device_time: at,
        base_version: 0,
        change: OpChange::Create {
            task: NewTaskRequest {
                id: id.clone(),
                zone: floordesk_domain::ZoneId::new("poly-12-entrance").unwrap(),
                case_id: None,
                priority: Priority::Normal,
                details: TaskDetails::Escort(Escort {
                    visitor: "Петров П. П.".into(),
                    from: "Вход".into(),
                    to: "Кабинет 214".into(),
                    aid: MobilityAid::Wheelchair,
                    patient_ready: true,
                }),
                met_at: at,
            },
        },
    };
    let act = |n: u32, action: Action| Op {
        id: format!("op-ret-{n}"),
        device_time: at,
        base_version: 0,
        change: OpChange::Act { task: id.clone(), action },
    };
    let rating = Rating::new(5, Some("Спасибо! Петров П. П.".into())).unwrap();
    let ops = vec![
        create.clone(),
        act(2, Action::Claim),
        act(3, Action::Start),
        act(4, Action::Complete { rating: Some(rating) }),
    ];
    let pushed = c
        .push(&anna, &PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "hh-a".into(), ops, sent_at: None })
        .await
        .unwrap();
    assert!(pushed.results.iter().all(|r| matches!(r.outcome, Outcome::Accepted { .. })), "{pushed:?}");
    let report = |token: String| async move { c.kpi(&token, &yesterday()).await.unwrap() };
    let before = report(maria.clone()).await;
    // Not yet: the task closed today; the site keeps personal data 30 days.
    assert_eq!(sweep_as_of(&server.url, at.plus_minutes(28 * 24 * 60)).await, 0);
    let erased = sweep_as_of(&server.url, at.plus_minutes(31 * 24 * 60)).await;
    assert!(erased >= 1, "this task and yesterday's demo tasks: {erased}");
    assert_eq!(sweep_as_of(&server.url, at.plus_minutes(31 * 24 * 60)).await, 0, "once is enough");
    // Every copy: the change feed, the audit log, the first answer to a resent op.
    let feed: Vec<_> =
        c.pull(&maria, 0, 1000).await.unwrap().changes.into_iter().filter(|ch| ch.task.id == id).collect();
    assert_eq!(feed.len(), 4);
    for change in &feed {
        let TaskDetails::Escort(e) = &change.task.details else { panic!("an escort") };
        assert_eq!((e.visitor.as_str(), e.to.as_str()), (ERASED, "Кабинет 214"), "{change:?}");
    }
    let last = &feed[3].task;
    assert_eq!(last.rating.as_ref().map(|r| (r.score(), r.comment())), Some((5, None)));
    let audit = c.audit(&maria, 0, 1000).await.unwrap().entries;
    let mine: Vec<_> = audit.iter().filter(|e| e.task == id).collect();
    assert_eq!(mine.len(), 4);
    let texts = serde_json::to_string(&mine).unwrap();
    assert!(!texts.contains("Петров"), "{texts}");
    let resent = c
        .push(
            &anna,
            &PushRequest { protocol: SYNC_PROTOCOL_VERSION, device: "hh-a".into(), ops: vec![create], sent_at: None },
        )
        .await
        .unwrap();
    assert!(!serde_json::to_string(&resent).unwrap().contains("Петров"), "{resent:?}");
    // The indicators read the same from what remains.
    let after = report(maria).await;
    assert_eq!((after.overall, after.by_kind, after.by_purpose), (before.overall, before.by_kind, before.by_purpose));
});
