//! The morning meeting's notes: the day's goals and the people to thank a supervisor keeps with the pack of a day —
//! the real server over each store, driven through the real client, on the demo data.

use crate::common;
use floordesk_client::Client;
use floordesk_domain::{SiteClock, StaffId, ValidationError};
use floordesk_protocol::{
    ApiError, ErrorCode, LoginRequest, MorningNotesDraft, Problem, Thanks, MAX_MORNING_GOALS, MAX_MORNING_LINE_CHARS,
    MAX_MORNING_THANKS,
};
use floordesk_server::now;

async fn token(client: &Client, id: &str, code: &str) -> String {
    client.login(&LoginRequest::new(StaffId::new(id).unwrap(), code)).await.unwrap().token
}

fn thanks(staff: &str, for_what: &str) -> Thanks {
    Thanks { staff: StaffId::new(staff).unwrap(), for_what: for_what.into() }
}

/// A refusal of `code` whose words hold `words`.
fn refused<T: std::fmt::Debug>(result: Result<T, ApiError>, code: ErrorCode, words: &str) -> ApiError {
    let error = result.expect_err("should be refused");
    assert_eq!(error.code, code, "{error:?}");
    assert!(error.message.contains(words), "{:?} does not say {words:?}", error.message);
    error
}

both_stores!(
    a_supervisor_keeps_the_days_goals_and_thanks_with_the_morning_pack_and_nobody_else_does,
    |db| async move {
        let server = common::boot(db, true, None, None).await;
        let c = &server.client;
        let (anna, maria, tatiana) =
            (token(c, "anna", "1111").await, token(c, "maria", "4444").await, token(c, "tatiana", "0000").await);
        let today = SiteClock::new("UTC").unwrap().date_of(now());
        let day = (today - chrono::Duration::days(1)).to_string();

        // Nothing written yet: empty lists, nobody named.
        let empty = c.morning_notes(&maria, &day).await.unwrap();
        assert_eq!((empty.day.as_str(), empty.goals.len(), empty.thanks.len()), (day.as_str(), 0, 0));
        assert_eq!((empty.updated_by, empty.updated_at), (None, None));
        // Only who runs the morning meeting reads or writes them.
        refused(c.morning_notes(&anna, &day).await, ErrorCode::Forbidden, "");
        let draft = MorningNotesDraft {
            goals: vec![" Встречать каждого у входа ".into(), "Ждать не дольше 10 минут".into()],
            thanks: vec![thanks("anna", " за помощь с коляской "), thanks("igor", "за спокойствие в очереди")],
        };
        refused(c.put_morning_notes(&anna, &day, &draft).await, ErrorCode::Forbidden, "");

        // Kept trimmed, with who wrote them and when, and read back the same.
        let before = now();
        let kept = c.put_morning_notes(&maria, &day, &draft).await.unwrap();
        assert_eq!(kept.goals, ["Встречать каждого у входа", "Ждать не дольше 10 минут"]);
        assert_eq!(kept.thanks, [thanks("anna", "за помощь с коляской"), thanks("igor", "за спокойствие в очереди")]);
        assert_eq!(kept.updated_by.as_ref().map(StaffId::as_str), Some("maria"));
        assert!(kept.updated_at.is_some_and(|at| at >= before));
        assert_eq!(c.morning_notes(&maria, &day).await.unwrap(), kept);
        // Another day, another site: their own.
        assert!(c.morning_notes(&maria, &today.to_string()).await.unwrap().goals.is_empty());
        assert!(c.morning_notes(&tatiana, &day).await.unwrap().goals.is_empty(), "the emergency centre's own notes");
        // Replaced whole.
        let fewer = MorningNotesDraft { goals: vec!["Одна цель".into()], thanks: Vec::new() };
        let replaced = c.put_morning_notes(&maria, &day, &fewer).await.unwrap();
        assert_eq!((replaced.goals.len(), replaced.thanks.len()), (1, 0));

        // Refused in words, nothing half-applied: a blank or long line, too many goals, someone of another site, a day
        // that is not a date, has not come or is more than a year back, a control character.
        let bad = |goals: Vec<String>, thanks: Vec<Thanks>| MorningNotesDraft { goals, thanks };
        let field = |e: ApiError| match e.problem {
            Some(Problem::Field {
                error: ValidationError::Empty { field } | ValidationError::TooLong { field, .. },
            }) => field.to_string(),
            other => panic!("not a field's problem: {other:?}"),
        };
        let e = refused(
            c.put_morning_notes(&maria, &day, &bad(vec!["  ".into()], vec![])).await,
            ErrorCode::BadRequest,
            "goal",
        );
        assert_eq!(field(e), "goals");
        let long = "Ж".repeat(MAX_MORNING_LINE_CHARS + 1);
        let e = refused(
            c.put_morning_notes(&maria, &day, &bad(vec![], vec![thanks("anna", &long)])).await,
            ErrorCode::BadRequest,
            "thanked for",
        );
        assert_eq!(field(e), "for_what");
        let eleven: Vec<String> = (0..=MAX_MORNING_GOALS).map(|n| format!("Цель {n}")).collect();
        refused(
            c.put_morning_notes(&maria, &day, &bad(eleven, vec![])).await,
            ErrorCode::BadRequest,
            "at most 10 goals",
        );
        let elsewhere = refused(
            c.put_morning_notes(&maria, &day, &bad(vec![], vec![thanks("dmitry", "за смену")])).await,
            ErrorCode::BadRequest,
            "your site",
        );
        assert_eq!(elsewhere.problem, Some(Problem::ColleagueElsewhere));
        let later = (today + chrono::Duration::days(2)).to_string();
        let long_ago = (today - chrono::Duration::days(400)).to_string();
        for (when, words) in
            [("2026-13-01", "YYYY-MM-DD"), ("вчера", "YYYY-MM-DD"), (&later, "not come"), (&long_ago, "year")]
        {
            refused(c.put_morning_notes(&maria, when, &fewer).await, ErrorCode::BadRequest, words);
            refused(c.morning_notes(&maria, when).await, ErrorCode::BadRequest, words);
        }
        let control = c.put_morning_notes(&maria, &day, &bad(vec!["Цель\u{7}".into()], vec![])).await;
        let control = control.expect_err("refused");
        assert_eq!(control.code, ErrorCode::BadRequest);
        assert!(matches!(control.problem, Some(Problem::Field { error: ValidationError::ControlCharacters { .. } })));
        // A goal or a thanks is one line: a line break would make two of it on the form.
        let split: [(Vec<String>, Vec<Thanks>); 2] =
            [(vec!["Первая\nвторая".into()], vec![]), (vec![], vec![thanks("anna", "за\r\nвсё")])];
        for (goals, thanked) in split {
            let e =
                refused(c.put_morning_notes(&maria, &day, &bad(goals, thanked)).await, ErrorCode::BadRequest, "line");
            assert!(matches!(e.problem, Some(Problem::Field { error: ValidationError::ControlCharacters { .. } })));
        }
        // At most 20 people to thank (one may be thanked twice, for two things).
        let many: Vec<Thanks> = (0..=MAX_MORNING_THANKS).map(|n| thanks("anna", &format!("за дело {n}"))).collect();
        refused(
            c.put_morning_notes(&maria, &day, &bad(vec![], many.clone())).await,
            ErrorCode::BadRequest,
            "20 people",
        );
        assert_eq!(c.morning_notes(&maria, &day).await.unwrap(), replaced, "nothing half-applied");
        let twenty = bad(vec![], many[..MAX_MORNING_THANKS].to_vec());
        assert_eq!(c.put_morning_notes(&maria, &day, &twenty).await.unwrap().thanks.len(), MAX_MORNING_THANKS);
        // Tomorrow (a site east of UTC is already there) and a year back are days a pack may have.
        let tomorrow = (today + chrono::Duration::days(1)).to_string();
        c.put_morning_notes(&maria, &tomorrow, &fewer).await.unwrap();
        let year_back = (today - chrono::Duration::days(366)).to_string();
        assert!(c.morning_notes(&maria, &year_back).await.unwrap().goals.is_empty());
    }
);
