//! Article 14 reporting clocks: both streams, summer-time changes in Europe/Berlin, month ends,
//! catalogue-driven limits, errors.

use cra62443_catalog::{Catalog, bundled_sources};
use cra62443_cvd::{ClockError, ClockReport, Kind, ReportKind, Status, clocks};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::bundled().expect("bundled catalogue"))
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").unwrap()
}

fn due(report: &ClockReport, which: ReportKind) -> Option<Timestamp> {
    report
        .deadlines
        .iter()
        .find(|d| d.report == which)
        .unwrap()
        .due_at
}

fn deadline(report: &ClockReport, which: ReportKind) -> &cra62443_cvd::Deadline {
    report.deadlines.iter().find(|d| d.report == which).unwrap()
}

#[test]
fn exploited_vulnerability_in_utc() {
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-10-01T10:00:00Z"),
        Some(ts("2026-10-05T08:15:00Z")),
        None,
        TimeZone::UTC,
    )
    .unwrap();
    assert_eq!(r.kind, Kind::ExploitedVulnerability);
    assert_eq!(r.stream, "actively-exploited-vulnerability");
    assert_eq!(r.time_zone, "UTC");
    let reports: Vec<ReportKind> = r.deadlines.iter().map(|d| d.report).collect();
    assert_eq!(
        reports,
        [
            ReportKind::EarlyWarning,
            ReportKind::Notification,
            ReportKind::FinalReport
        ]
    );
    assert_eq!(
        due(&r, ReportKind::EarlyWarning),
        Some(ts("2026-10-02T10:00:00Z"))
    );
    assert_eq!(
        due(&r, ReportKind::Notification),
        Some(ts("2026-10-04T10:00:00Z"))
    );
    assert_eq!(
        due(&r, ReportKind::FinalReport),
        Some(ts("2026-10-19T08:15:00Z"))
    );
    for d in &r.deadlines {
        assert_eq!(d.status, Status::Due);
        assert!(!d.contents.is_empty());
        assert!(d.recipients.contains("CSIRT") && d.recipients.contains("ENISA"));
        assert!(d.recipients.contains("single reporting platform"));
        assert!(catalog().get(&d.catalog_id).is_some());
        assert!(d.basis.starts_with("Article 14(2)"));
    }
    let ids: Vec<&str> = r.deadlines.iter().map(|d| d.catalog_id.as_str()).collect();
    assert_eq!(ids, ["cra:art-14.2a", "cra:art-14.2b", "cra:art-14.2c"]);
    assert_eq!(deadline(&r, ReportKind::FinalReport).time_limit, "P14D");
    assert_eq!(
        deadline(&r, ReportKind::FinalReport).time_limit_text,
        "14 days"
    );
    assert_eq!(
        deadline(&r, ReportKind::FinalReport).starts_at,
        Some(ts("2026-10-05T08:15:00Z"))
    );
    assert_eq!(r.applies_from.as_deref(), Some("2026-09-11"));
    assert_eq!(r.applies_at_awareness, Some(true));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("2026-09-11") && n.contains("69(3)"))
    );
    assert_eq!(
        deadline(&r, ReportKind::Notification).due_local.as_deref(),
        Some("2026-10-04T10:00:00+00:00")
    );
}

#[test]
fn exploited_vulnerability_without_mitigation_is_pending() {
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-10-01T10:00:00Z"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.status, Status::Pending);
    assert_eq!(f.due_at, None);
    assert_eq!(f.due_local, None);
    assert_eq!(f.starts_at, None);
    assert!(
        f.notes
            .iter()
            .any(|n| n.contains("corrective or mitigating"))
    );
    assert_eq!(deadline(&r, ReportKind::EarlyWarning).status, Status::Due);
}

#[test]
fn hours_are_elapsed_time_across_the_end_of_summer_time() {
    // Summer time ends in Berlin on Sunday 25 October 2026 at 03:00 CEST (-> 02:00 CET).
    let aware = ts("2026-10-24T12:00:00+02:00");
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        aware,
        None,
        None,
        berlin(),
    )
    .unwrap();
    let ew = deadline(&r, ReportKind::EarlyWarning);
    assert_eq!(ew.due_at, Some(ts("2026-10-25T10:00:00Z")));
    assert_eq!(ew.due_local.as_deref(), Some("2026-10-25T11:00:00+01:00"));
    let n = deadline(&r, ReportKind::Notification);
    assert_eq!(n.due_local.as_deref(), Some("2026-10-27T11:00:00+01:00"));
    assert_eq!(
        n.due_at.unwrap().duration_since(aware),
        SignedDuration::from_hours(72)
    );
}

#[test]
fn days_are_calendar_days_across_the_end_of_summer_time() {
    let aware = ts("2026-10-20T09:00:00+02:00");
    let mitigation = ts("2026-10-22T10:00:00+02:00");
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        aware,
        Some(mitigation),
        None,
        berlin(),
    )
    .unwrap();
    let f = deadline(&r, ReportKind::FinalReport);
    // Same wall-clock time 14 days later, now in CET: 337 elapsed hours.
    assert_eq!(f.due_local.as_deref(), Some("2026-11-05T10:00:00+01:00"));
    assert_eq!(f.due_at, Some(ts("2026-11-05T09:00:00Z")));
    assert_eq!(
        f.due_at.unwrap().duration_since(mitigation),
        SignedDuration::from_hours(14 * 24 + 1)
    );
    // In UTC the same computation gives exactly 336 hours.
    let utc = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        aware,
        Some(mitigation),
        None,
        TimeZone::UTC,
    )
    .unwrap();
    assert_eq!(
        due(&utc, ReportKind::FinalReport),
        Some(ts("2026-11-05T08:00:00Z"))
    );
}

#[test]
fn start_of_summer_time_in_march() {
    // Summer time starts in Berlin on Sunday 28 March 2027 at 02:00 CET (-> 03:00 CEST).
    let aware = ts("2027-03-27T12:00:00+01:00");
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        aware,
        Some(ts("2027-03-27T18:30:00+01:00")),
        None,
        berlin(),
    )
    .unwrap();
    let ew = deadline(&r, ReportKind::EarlyWarning);
    assert_eq!(ew.due_at, Some(ts("2027-03-28T11:00:00Z")));
    assert_eq!(ew.due_local.as_deref(), Some("2027-03-28T13:00:00+02:00"));
    let n = deadline(&r, ReportKind::Notification);
    assert_eq!(n.due_local.as_deref(), Some("2027-03-30T13:00:00+02:00"));
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.due_local.as_deref(), Some("2027-04-10T18:30:00+02:00"));
    assert_eq!(
        f.due_at
            .unwrap()
            .duration_since(ts("2027-03-27T18:30:00+01:00")),
        SignedDuration::from_hours(14 * 24 - 1)
    );
}

#[test]
fn a_calendar_deadline_in_the_spring_gap_moves_past_it() {
    // 02:30 on 28 March 2027 does not exist in Berlin; the deadline is the instant after the gap.
    let mitigation = ts("2027-03-14T02:30:00+01:00");
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2027-03-14T01:00:00+01:00"),
        Some(mitigation),
        None,
        berlin(),
    )
    .unwrap();
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.due_local.as_deref(), Some("2027-03-28T03:30:00+02:00"));
    assert_eq!(f.due_at, Some(ts("2027-03-28T01:30:00Z")));
}

#[test]
fn a_calendar_deadline_in_the_autumn_fold_takes_the_earlier_instant() {
    // 02:30 on 25 October 2026 happens twice in Berlin; the earlier (CEST) one is the deadline.
    let mitigation = ts("2026-10-11T02:30:00+02:00");
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-10-11T01:00:00+02:00"),
        Some(mitigation),
        None,
        berlin(),
    )
    .unwrap();
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.due_local.as_deref(), Some("2026-10-25T02:30:00+02:00"));
}

#[test]
fn severe_incident_with_notification_submitted() {
    let aware = ts("2026-10-08T12:00:00+02:00");
    let notified = ts("2026-10-10T12:00:00+02:00");
    let r = clocks(
        catalog(),
        Kind::SevereIncident,
        aware,
        None,
        Some(notified),
        berlin(),
    )
    .unwrap();
    let ids: Vec<&str> = r.deadlines.iter().map(|d| d.catalog_id.as_str()).collect();
    assert_eq!(ids, ["cra:art-14.4a", "cra:art-14.4b", "cra:art-14.4c"]);
    assert_eq!(r.stream, "severe-incident");
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.status, Status::Due);
    assert_eq!(f.time_limit, "P1M");
    assert_eq!(f.time_limit_text, "1 month");
    assert_eq!(f.starts_at, Some(notified));
    // One calendar month later, across the end of summer time: same wall-clock time.
    assert_eq!(f.due_local.as_deref(), Some("2026-11-10T12:00:00+01:00"));
    assert_eq!(f.due_at, Some(ts("2026-11-10T11:00:00Z")));
    let n = deadline(&r, ReportKind::Notification);
    assert!(n.notes.iter().any(|t| t.contains("within the deadline")));
    for d in &r.deadlines {
        assert!(d.basis.starts_with("Article 14(4)"));
    }
}

#[test]
fn severe_incident_without_notification_is_estimated_from_the_notification_deadline() {
    let aware = ts("2026-12-29T10:00:00Z");
    let r = clocks(
        catalog(),
        Kind::SevereIncident,
        aware,
        None,
        None,
        TimeZone::UTC,
    )
    .unwrap();
    let n = deadline(&r, ReportKind::Notification);
    assert_eq!(n.due_at, Some(ts("2027-01-01T10:00:00Z")));
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.status, Status::Estimated);
    assert_eq!(f.starts_at, n.due_at);
    assert_eq!(f.due_at, Some(ts("2027-02-01T10:00:00Z")));
    assert!(f.notes.iter().any(|t| t.contains("Estimated")));
}

#[test]
fn one_month_after_the_31st_ends_on_the_last_day_of_the_shorter_month() {
    let cases = [
        // 31 January + 1 month: 28 February (2027 is not a leap year) …
        ("2027-01-31T10:00:00+01:00", "2027-02-28T10:00:00+01:00"),
        // … and 29 February in a leap year.
        ("2028-01-31T10:00:00+01:00", "2028-02-29T10:00:00+01:00"),
        // 31 March + 1 month = 30 April, across the start of summer time.
        ("2027-03-31T08:00:00+02:00", "2027-04-30T08:00:00+02:00"),
        // 31 August + 1 month = 30 September.
        ("2026-08-31T23:30:00+02:00", "2026-09-30T23:30:00+02:00"),
        // 28 February + 1 month = 28 March (not the end of March).
        ("2027-02-28T12:00:00+01:00", "2027-03-28T12:00:00+02:00"),
    ];
    for (notified, expected_local) in cases {
        let notified = ts(notified);
        let r = clocks(
            catalog(),
            Kind::SevereIncident,
            notified,
            None,
            Some(notified),
            berlin(),
        )
        .unwrap();
        assert_eq!(
            deadline(&r, ReportKind::FinalReport).due_local.as_deref(),
            Some(expected_local),
            "notified {notified}"
        );
    }
}

#[test]
fn month_end_of_an_estimated_final_report() {
    // Awareness on 28 January; notification due 31 January; final report estimated 28 February.
    let r = clocks(
        catalog(),
        Kind::SevereIncident,
        ts("2027-01-28T09:30:00+01:00"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    assert_eq!(
        deadline(&r, ReportKind::Notification).due_local.as_deref(),
        Some("2027-01-31T09:30:00+01:00")
    );
    let f = deadline(&r, ReportKind::FinalReport);
    assert_eq!(f.status, Status::Estimated);
    assert_eq!(f.due_local.as_deref(), Some("2027-02-28T09:30:00+01:00"));
}

#[test]
fn late_notification_is_noted() {
    let r = clocks(
        catalog(),
        Kind::SevereIncident,
        ts("2026-10-01T00:00:00Z"),
        None,
        Some(ts("2026-10-05T02:30:00Z")),
        TimeZone::UTC,
    )
    .unwrap();
    let n = deadline(&r, ReportKind::Notification);
    assert!(
        n.notes
            .iter()
            .any(|t| t.contains("26 h 30 min after the deadline")),
        "{:?}",
        n.notes
    );
}

#[test]
fn mitigation_is_ignored_for_a_severe_incident() {
    let r = clocks(
        catalog(),
        Kind::SevereIncident,
        ts("2026-10-01T00:00:00Z"),
        Some(ts("2026-10-02T00:00:00Z")),
        None,
        TimeZone::UTC,
    )
    .unwrap();
    assert_eq!(r.mitigation_at, None);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("mitigation_at was ignored"))
    );
}

#[test]
fn awareness_before_article_14_applies_is_flagged() {
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-09-10T21:00:00Z"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    // 23:00 on 10 September in Berlin: the day before application.
    assert_eq!(r.applies_at_awareness, Some(false));
    assert!(r.notes.iter().any(|n| n.contains("did not yet apply")));
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-09-10T22:00:00Z"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    // Midnight of 11 September in Berlin.
    assert_eq!(r.applies_at_awareness, Some(true));
}

#[test]
fn inconsistent_times_are_errors() {
    let err = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-10-02T00:00:00Z"),
        Some(ts("2026-10-01T23:59:59Z")),
        None,
        TimeZone::UTC,
    )
    .unwrap_err();
    assert!(matches!(err, ClockError::MitigationBeforeAwareness { .. }));
    assert!(err.to_string().contains("mitigation_at"));

    let err = clocks(
        catalog(),
        Kind::SevereIncident,
        ts("2026-10-02T00:00:00Z"),
        None,
        Some(ts("2026-10-01T00:00:00Z")),
        TimeZone::UTC,
    )
    .unwrap_err();
    assert!(matches!(err, ClockError::NotifiedBeforeAwareness { .. }));
    assert!(err.to_string().contains("notified_at"));

    // Equal times are fine: a mitigation available at the moment of awareness.
    let t = ts("2026-10-02T00:00:00Z");
    assert!(
        clocks(
            catalog(),
            Kind::ExploitedVulnerability,
            t,
            Some(t),
            Some(t),
            TimeZone::UTC
        )
        .is_ok()
    );
}

#[test]
fn deadlines_beyond_the_supported_range_are_errors() {
    let err = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("9999-12-30T12:00:00Z"),
        None,
        None,
        TimeZone::UTC,
    )
    .unwrap_err();
    assert!(matches!(err, ClockError::OutOfRange { .. }), "{err}");
}

/// A catalogue built from the bundled sources with `cra.yaml` edited.
fn edited_catalog(edit: impl Fn(String) -> String) -> Catalog {
    let sources: Vec<_> = bundled_sources()
        .into_iter()
        .map(|mut s| {
            if s.name.ends_with("cra.yaml") {
                s.text = edit(s.text);
            }
            s
        })
        .collect();
    Catalog::from_sources(&sources).expect("edited catalogue loads")
}

#[test]
fn time_limits_come_from_the_catalogue() {
    let catalog = edited_catalog(|t| {
        let t = t.replacen("time_limit: \"PT24H\"", "time_limit: \"PT12H\"", 1);
        t.replacen("time_limit: \"P14D\"", "time_limit: \"P7D\"", 1)
    });
    let r = clocks(
        &catalog,
        Kind::ExploitedVulnerability,
        ts("2026-10-01T00:00:00Z"),
        Some(ts("2026-10-01T00:00:00Z")),
        None,
        TimeZone::UTC,
    )
    .unwrap();
    assert_eq!(
        due(&r, ReportKind::EarlyWarning),
        Some(ts("2026-10-01T12:00:00Z"))
    );
    assert_eq!(
        due(&r, ReportKind::FinalReport),
        Some(ts("2026-10-08T00:00:00Z"))
    );
    assert_eq!(deadline(&r, ReportKind::EarlyWarning).time_limit, "PT12H");
}

#[test]
fn unusable_catalogue_attributes_are_errors() {
    let catalog =
        edited_catalog(|t| t.replacen("time_limit: \"PT72H\"", "time_limit: \"soon\"", 1));
    let err = clocks(
        &catalog,
        Kind::ExploitedVulnerability,
        ts("2026-10-01T00:00:00Z"),
        None,
        None,
        TimeZone::UTC,
    )
    .unwrap_err();
    match err {
        ClockError::BadAttribute { id, attribute, .. } => {
            assert_eq!(id, "cra:art-14.2b");
            assert_eq!(attribute, "time_limit");
        }
        other => panic!("{other}"),
    }

    let catalog = edited_catalog(|t| {
        t.replacen(
            "stream: \"severe-incident\"",
            "stream: \"something-else\"",
            1,
        )
    });
    let err = clocks(
        &catalog,
        Kind::SevereIncident,
        ts("2026-10-01T00:00:00Z"),
        None,
        None,
        TimeZone::UTC,
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            ClockError::BadAttribute {
                attribute: "stream",
                ..
            }
        ),
        "{err}"
    );

    let catalog = edited_catalog(|t| {
        t.replacen(
            "clock_starts: \"awareness\"",
            "clock_starts: \"full moon\"",
            1,
        )
    });
    let err = clocks(
        &catalog,
        Kind::ExploitedVulnerability,
        ts("2026-10-01T00:00:00Z"),
        None,
        None,
        TimeZone::UTC,
    )
    .unwrap_err();
    assert!(
        matches!(
            &err,
            ClockError::BadAttribute {
                attribute: "clock_starts",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn json_contract() {
    let r = clocks(
        catalog(),
        Kind::ExploitedVulnerability,
        ts("2026-10-24T12:00:00+02:00"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "exploited-vulnerability");
    assert_eq!(v["aware_at"], "2026-10-24T10:00:00Z");
    let d = v["deadlines"].as_array().unwrap();
    assert_eq!(d.len(), 3);
    assert_eq!(d[0]["report"], "early-warning");
    assert_eq!(d[0]["due_at"], "2026-10-25T10:00:00Z");
    assert_eq!(d[1]["report"], "notification");
    assert_eq!(d[1]["due_at"], "2026-10-27T10:00:00Z");
    assert_eq!(d[2]["report"], "final-report");
    assert!(d[2]["due_at"].is_null());
    assert_eq!(d[2]["status"], "pending");
    assert_eq!(d[0]["status"], "due");
    assert_eq!(d[0]["due_local"], "2026-10-25T11:00:00+01:00");
    assert_eq!(d[0]["catalog_id"], "cra:art-14.2a");
    assert_eq!(d[0]["basis"], "Article 14(2)(a)");
    assert!(d[0]["contents"].as_array().is_some_and(|c| !c.is_empty()));
    assert_eq!(v["time_zone"], "Europe/Berlin");
    assert_eq!(v["applies_from"], "2026-09-11");

    let s = clocks(
        catalog(),
        Kind::SevereIncident,
        ts("2026-10-24T12:00:00+02:00"),
        None,
        None,
        berlin(),
    )
    .unwrap();
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["kind"], "severe-incident");
    assert_eq!(v["deadlines"][2]["status"], "estimated");
    assert_eq!(v["deadlines"][2]["due_at"], "2026-11-27T10:00:00Z");
}

const ZONES: [&str; 6] = [
    "UTC",
    "Europe/Berlin",
    "Europe/Lisbon",
    "Europe/Helsinki",
    "America/New_York",
    "Australia/Sydney",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Early warning and notification are exactly 24 and 72 elapsed hours after awareness; the
    /// final report of an exploited vulnerability is 14 calendar days after the mitigation, so
    /// within an hour of 336 elapsed hours, and never before the notification clock's start.
    #[test]
    fn clock_invariants(
        aware_s in 1_780_000_000i64..1_950_000_000,
        delay_s in 0i64..60 * 86_400,
        notify_s in 0i64..10 * 86_400,
        zone in 0usize..ZONES.len(),
    ) {
        let tz = TimeZone::get(ZONES[zone]).unwrap();
        let aware = Timestamp::from_second(aware_s).unwrap();
        let mitigation = Timestamp::from_second(aware_s + delay_s).unwrap();
        let r = clocks(catalog(), Kind::ExploitedVulnerability, aware, Some(mitigation), None, tz.clone()).unwrap();
        prop_assert_eq!(due(&r, ReportKind::EarlyWarning).unwrap().duration_since(aware), SignedDuration::from_hours(24));
        prop_assert_eq!(due(&r, ReportKind::Notification).unwrap().duration_since(aware), SignedDuration::from_hours(72));
        let f = due(&r, ReportKind::FinalReport).unwrap();
        let elapsed = f.duration_since(mitigation).as_secs();
        prop_assert!((336 * 3600 - 3600..=336 * 3600 + 3600).contains(&elapsed), "elapsed {elapsed}");
        for d in &r.deadlines {
            prop_assert_eq!(d.due_local.as_deref().map(|s| s.parse::<Timestamp>().unwrap()), d.due_at);
        }

        let notified = Timestamp::from_second(aware_s + notify_s).unwrap();
        let s = clocks(catalog(), Kind::SevereIncident, aware, None, Some(notified), tz).unwrap();
        let f = due(&s, ReportKind::FinalReport).unwrap();
        let days = f.duration_since(notified).as_secs() as f64 / 86_400.0;
        prop_assert!((27.9..=31.05).contains(&days), "days {days}");
    }
}
