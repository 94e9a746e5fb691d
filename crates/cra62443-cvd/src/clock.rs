//! EU CRA Article 14 reporting clocks.
//!
//! A manufacturer that becomes aware of an actively exploited vulnerability contained in its
//! product (Art. 14(1)-(2)), or of a severe incident having an impact on the security of the
//! product (Art. 14(3)-(4)), owes three reports, each sent simultaneously to the CSIRT designated
//! as coordinator and to ENISA through the single reporting platform (Art. 16):
//!
//! | report | actively exploited vulnerability | severe incident |
//! |---|---|---|
//! | early warning | 24 h after awareness (`cra:art-14.2a`) | 24 h after awareness (`cra:art-14.4a`) |
//! | notification | 72 h after awareness (`cra:art-14.2b`) | 72 h after awareness (`cra:art-14.4b`) |
//! | final report | 14 days after a corrective or mitigating measure is available (`cra:art-14.2c`) | one month after the notification was submitted (`cra:art-14.4c`) |
//!
//! The table is documentation only: [`clocks`] reads each time limit (`time_limit`, an ISO 8601
//! duration), the event that starts it (`clock_starts`) and the recipients from the catalogue
//! entry's attributes, and checks that the entry's `stream` and `report` attributes are the ones
//! expected.
//!
//! # Arithmetic
//!
//! Hours are exact elapsed time: 72 hours after 12:00 on the Saturday before the end of summer
//! time is 11:00 local time on the Tuesday. Days and months are calendar arithmetic in the time
//! zone given: 14 days after 10:00 on 20 October is 10:00 on 3 November, local time, even though
//! 337 hours have elapsed. A month added to 31 January ends on the last day of February. A local
//! time that falls twice (autumn) resolves to the earlier instant, one that does not exist
//! (spring) to the instant after the gap.
//!
//! The times are a plain reading of Article 14 ("within 24 hours", "no later than 14 days
//! after"). The EU's general rules on computing periods (Regulation (EEC, Euratom) No 1182/71)
//! can end a period later, for example at the end of a day; they are not applied, so the times
//! shown are never later than the legal end of the period.

use std::fmt;

use cra62443_catalog::Catalog;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp, ZonedDateTime};
use serde::{Serialize, Serializer};

/// What the manufacturer became aware of: which of the two Article 14 reporting streams runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// An actively exploited vulnerability contained in the product (Art. 14(1)-(2)).
    ExploitedVulnerability,
    /// A severe incident having an impact on the security of the product (Art. 14(3)-(5)).
    SevereIncident,
}

impl Kind {
    /// Both kinds.
    pub const ALL: [Kind; 2] = [Kind::ExploitedVulnerability, Kind::SevereIncident];

    /// The kebab-case name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ExploitedVulnerability => "exploited-vulnerability",
            Kind::SevereIncident => "severe-incident",
        }
    }

    /// The value of the catalogue attribute `stream` on this kind's entries.
    pub fn stream(self) -> &'static str {
        match self {
            Kind::ExploitedVulnerability => "actively-exploited-vulnerability",
            Kind::SevereIncident => "severe-incident",
        }
    }

    /// A short description for people.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::ExploitedVulnerability => {
                "actively exploited vulnerability contained in the product"
            }
            Kind::SevereIncident => {
                "severe incident having an impact on the security of the product"
            }
        }
    }

    /// The catalogue entries of this kind's three reports, in order.
    pub fn catalog_ids(self) -> [(ReportKind, &'static str); 3] {
        match self {
            Kind::ExploitedVulnerability => [
                (ReportKind::EarlyWarning, "cra:art-14.2a"),
                (ReportKind::Notification, "cra:art-14.2b"),
                (ReportKind::FinalReport, "cra:art-14.2c"),
            ],
            Kind::SevereIncident => [
                (ReportKind::EarlyWarning, "cra:art-14.4a"),
                (ReportKind::Notification, "cra:art-14.4b"),
                (ReportKind::FinalReport, "cra:art-14.4c"),
            ],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One of the three Article 14 reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// The early warning (Art. 14(2)(a), 14(4)(a)).
    EarlyWarning,
    /// The vulnerability or incident notification (Art. 14(2)(b), 14(4)(b)).
    Notification,
    /// The final report (Art. 14(2)(c), 14(4)(c)).
    FinalReport,
}

impl ReportKind {
    /// The kebab-case name used in JSON and as the catalogue attribute `report`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::EarlyWarning => "early-warning",
            ReportKind::Notification => "notification",
            ReportKind::FinalReport => "final-report",
        }
    }
}

impl fmt::Display for ReportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How certain a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Fixed by the facts given.
    Due,
    /// Computed from an assumed start: the incident notification has not been submitted yet,
    /// so its deadline stands in for the submission time. Submitting earlier moves the
    /// deadline earlier.
    Estimated,
    /// The clock has not started: no corrective or mitigating measure is available yet.
    Pending,
}

impl Status {
    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Due => "due",
            Status::Estimated => "estimated",
            Status::Pending => "pending",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One report's deadline.
///
/// JSON (stable names, more may be added): `report`, `due_at` (RFC 3339 UTC, `null` while
/// pending), `due_local` (RFC 3339 with the offset of the time zone in force then), `status`,
/// `basis`, `catalog_id`, `title`, `time_limit`, `time_limit_text`, `clock_starts`, `starts_at`, `contents`,
/// `recipients`, `notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Which report.
    pub report: ReportKind,
    /// When the report is due, or `None` while the clock has not started.
    #[serde(serialize_with = "ser_opt_ts")]
    pub due_at: Option<Timestamp>,
    /// The same instant in the user's time zone, RFC 3339 with offset
    /// (`2026-10-27T11:00:00+01:00`).
    pub due_local: Option<String>,
    /// How certain the deadline is.
    pub status: Status,
    /// The article the deadline comes from (`Article 14(2)(a)`), from the catalogue entry.
    pub basis: String,
    /// The catalogue entry (`cra:art-14.2a`).
    pub catalog_id: String,
    /// The catalogue entry's title.
    pub title: String,
    /// The time limit as the catalogue gives it (ISO 8601 duration, `PT24H`, `P14D`, `P1M`).
    pub time_limit: String,
    /// The time limit in words (`24 hours`, `14 days`, `1 month`).
    pub time_limit_text: String,
    /// The event that starts the clock, as the catalogue gives it (`awareness`, …).
    pub clock_starts: String,
    /// When the clock started (or is assumed to start), if known.
    #[serde(serialize_with = "ser_opt_ts")]
    pub starts_at: Option<Timestamp>,
    /// What the report must contain (summary in our own words of Art. 14(2) and (4)).
    pub contents: Vec<String>,
    /// Who receives the report, from the catalogue entry.
    pub recipients: String,
    /// Caveats for this report.
    pub notes: Vec<String>,
}

/// The three deadlines of one Article 14 reporting stream, with the facts they rest on.
///
/// JSON contract (stable, more fields may be added): `{kind, aware_at, deadlines: [{report,
/// due_at}]}` where `report` is `early-warning`, `notification` or `final-report` and `due_at`
/// is RFC 3339 UTC or `null` (final report of an exploited vulnerability while no mitigation is
/// available). See [`Deadline`] for the other fields of each deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClockReport {
    /// Which stream.
    pub kind: Kind,
    /// When the manufacturer became aware (RFC 3339 UTC).
    #[serde(serialize_with = "ser_ts")]
    pub aware_at: Timestamp,
    /// When a corrective or mitigating measure became available, if it has.
    #[serde(serialize_with = "ser_opt_ts")]
    pub mitigation_at: Option<Timestamp>,
    /// When the notification was submitted, if it has been.
    #[serde(serialize_with = "ser_opt_ts")]
    pub notified_at: Option<Timestamp>,
    /// The time zone of `due_local` and of calendar arithmetic (IANA name, or `UTC±hh:mm`).
    pub time_zone: String,
    /// Early warning, notification, final report, in this order.
    pub deadlines: Vec<Deadline>,
    /// The catalogue's stream name (`actively-exploited-vulnerability`, `severe-incident`).
    pub stream: String,
    /// The date from which Article 14 applies (ISO date), from the catalogue's key dates or the
    /// entries' `applies_from` attribute.
    pub applies_from: Option<String>,
    /// Whether Article 14 applied at `aware_at` (`None` when the date is unknown).
    pub applies_at_awareness: Option<bool>,
    /// Caveats for the whole report.
    pub notes: Vec<String>,
}

fn ser_ts<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(ts)
}

fn ser_opt_ts<S: Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match ts {
        Some(ts) => s.collect_str(ts),
        None => s.serialize_none(),
    }
}

/// Why the clocks could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A catalogue entry the clocks need is missing.
    #[error("catalogue entry {id} is missing; the Article 14 clocks are read from it")]
    MissingEntry {
        /// The entry's ID.
        id: String,
    },
    /// A catalogue entry lacks an attribute or has a value the clocks cannot use.
    #[error("catalogue entry {id}: attribute `{attribute}` {problem}")]
    BadAttribute {
        /// The entry's ID.
        id: String,
        /// The attribute.
        attribute: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The mitigation was said to be available before the manufacturer became aware.
    #[error(
        "mitigation_at ({mitigation_at}) is before aware_at ({aware_at}); a corrective or mitigating measure for the reported vulnerability cannot be available before awareness"
    )]
    MitigationBeforeAwareness {
        /// When the manufacturer became aware.
        aware_at: Timestamp,
        /// When the mitigation was said to be available.
        mitigation_at: Timestamp,
    },
    /// The notification was said to be submitted before the manufacturer became aware.
    #[error(
        "notified_at ({notified_at}) is before aware_at ({aware_at}); the notification cannot be submitted before awareness"
    )]
    NotifiedBeforeAwareness {
        /// When the manufacturer became aware.
        aware_at: Timestamp,
        /// When the notification was said to be submitted.
        notified_at: Timestamp,
    },
    /// A deadline lies outside the range of representable times.
    #[error("the {report} deadline lies outside the supported range of times: {message}")]
    OutOfRange {
        /// Which report.
        report: ReportKind,
        /// The underlying error.
        message: String,
    },
}

/// The event that starts a clock, decoded from the catalogue attribute `clock_starts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClockStart {
    Awareness,
    Mitigation,
    NotificationSubmitted,
}

impl ClockStart {
    fn parse(value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        if v == "awareness" {
            Some(Self::Awareness)
        } else if v.contains("corrective") || v.contains("mitigating") {
            Some(Self::Mitigation)
        } else if v.contains("notification") {
            Some(Self::NotificationSubmitted)
        } else {
            None
        }
    }
}

/// What each report must contain: our own summary of cra.md §3.5 (Art. 14(2) and (4)).
fn contents(kind: Kind, report: ReportKind) -> &'static [&'static str] {
    match (kind, report) {
        (Kind::ExploitedVulnerability, ReportKind::EarlyWarning) => &[
            "That an actively exploited vulnerability has been found in the product",
            "Where applicable, the Member States in which the product has been made available",
        ],
        (Kind::ExploitedVulnerability, ReportKind::Notification) => &[
            "General information about the product with digital elements concerned",
            "The general nature of the exploit and of the vulnerability concerned",
            "Corrective or mitigating measures already taken, and those users can take",
            "How sensitive the manufacturer considers the notified information to be",
        ],
        (Kind::ExploitedVulnerability, ReportKind::FinalReport) => &[
            "A description of the vulnerability, including its severity and impact",
            "Where available, information on any malicious actor that exploited or is exploiting it",
            "Details of the security update or other corrective measures made available to remedy it",
        ],
        (Kind::SevereIncident, ReportKind::EarlyWarning) => &[
            "Whether the incident is suspected to have been caused by unlawful or malicious acts",
            "Where applicable, the Member States in which the product has been made available",
        ],
        (Kind::SevereIncident, ReportKind::Notification) => &[
            "The nature of the incident",
            "An initial assessment of the incident",
            "Corrective or mitigating measures already taken, and those users can take",
            "How sensitive the manufacturer considers the notified information to be",
        ],
        (Kind::SevereIncident, ReportKind::FinalReport) => &[
            "A detailed description of the incident, including its severity and impact",
            "The type of threat or root cause that is likely to have triggered the incident",
            "Mitigation measures applied and ongoing",
        ],
    }
}

/// A human label for a time zone: its IANA name, or `UTC±hh:mm` for a fixed offset.
pub fn time_zone_label(tz: &TimeZone) -> String {
    if let Some(name) = tz.iana_name() {
        return name.to_string();
    }
    match tz.to_fixed_offset() {
        Ok(offset) if offset.seconds() == 0 => "UTC".to_string(),
        Ok(offset) => format!("UTC{offset}"),
        Err(_) => "unnamed time zone".to_string(),
    }
}

/// RFC 3339 with the offset in force in `tz` at `ts` (`2026-10-27T11:00:00+01:00`).
pub fn format_local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}

fn attribute<'a>(catalog: &'a Catalog, id: &str, name: &'static str) -> Result<&'a str, Error> {
    let req = catalog
        .get(id)
        .ok_or_else(|| Error::MissingEntry { id: id.to_string() })?;
    req.attributes
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| Error::BadAttribute {
            id: id.to_string(),
            attribute: name,
            problem: "is missing".to_string(),
        })
}

/// The date Article 14 applies from and its legal basis: the entries' `applies_from` attribute,
/// with the basis of the CRA key date of that day; without the attribute, the key date whose
/// event names Article 14 as applying.
fn applies_from(catalog: &Catalog, ids: &[(ReportKind, &str)]) -> Option<(String, Option<String>)> {
    let key_dates = catalog
        .document("cra")
        .map(|d| d.key_dates.as_slice())
        .unwrap_or_default();
    let attr = ids
        .iter()
        .filter_map(|(_, id)| catalog.get(id))
        .find_map(|req| req.attributes.get("applies_from").cloned());
    match attr {
        Some(date) => {
            let basis = key_dates
                .iter()
                .find(|kd| kd.date == date)
                .map(|kd| kd.basis.clone());
            Some((date, basis))
        }
        None => key_dates
            .iter()
            .find(|kd| kd.event.starts_with("Article 14") && kd.event.contains("apply"))
            .map(|kd| (kd.date.clone(), Some(kd.basis.clone()))),
    }
}

/// A time limit for people: `PT24H` → `24 hours`, `P1M` → `1 month`.
pub fn describe_span(span: &Span) -> String {
    let parts = [
        (i64::from(span.get_years()), "year"),
        (i64::from(span.get_months()), "month"),
        (i64::from(span.get_weeks()), "week"),
        (i64::from(span.get_days()), "day"),
        (i64::from(span.get_hours()), "hour"),
        (span.get_minutes(), "minute"),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n != 0)
        .map(|(n, unit)| format!("{n} {unit}{}", if n.abs() == 1 { "" } else { "s" }))
        .collect();
    if words.is_empty() {
        span.to_string()
    } else {
        words.join(" ")
    }
}

/// Computes the three Article 14 deadlines for `kind`.
///
/// * `aware_at`: when the manufacturer became aware of the exploited vulnerability or the
///   severe incident; starts the early-warning and notification clocks.
/// * `mitigation_at`: when a corrective or mitigating measure became available (exploited
///   vulnerability only; starts the final-report clock, which is [`Status::Pending`] without
///   it). Ignored for a severe incident.
/// * `notified_at`: when the notification was submitted (severe incident: starts the
///   final-report clock; without it the notification deadline stands in and the final report
///   is [`Status::Estimated`]). For both kinds it is compared with the notification deadline.
/// * `tz`: the time zone for calendar arithmetic (days, months) and for `due_local`.
///
/// The time limits, clock starts and recipients come from the catalogue entries
/// `cra:art-14.2a/2b/2c` or `cra:art-14.4a/4b/4c`.
///
/// # Errors
///
/// [`Error::MitigationBeforeAwareness`] / [`Error::NotifiedBeforeAwareness`] for inconsistent
/// input; [`Error::MissingEntry`] / [`Error::BadAttribute`] when the catalogue lacks what the
/// clocks need; [`Error::OutOfRange`] for deadlines beyond the year 9999.
pub fn clocks(
    catalog: &Catalog,
    kind: Kind,
    aware_at: Timestamp,
    mitigation_at: Option<Timestamp>,
    notified_at: Option<Timestamp>,
    tz: TimeZone,
) -> Result<ClockReport, Error> {
    if let Some(m) = mitigation_at
        && m < aware_at
    {
        return Err(Error::MitigationBeforeAwareness {
            aware_at,
            mitigation_at: m,
        });
    }
    let ignored_mitigation = kind == Kind::SevereIncident && mitigation_at.is_some();
    let mitigation_at = match kind {
        Kind::ExploitedVulnerability => mitigation_at,
        Kind::SevereIncident => None,
    };
    if let Some(n) = notified_at
        && n < aware_at
    {
        return Err(Error::NotifiedBeforeAwareness {
            aware_at,
            notified_at: n,
        });
    }

    let ids = kind.catalog_ids();
    let tz_label = time_zone_label(&tz);
    let mut deadlines: Vec<Deadline> = Vec::with_capacity(3);
    let mut notification_due: Option<Timestamp> = None;

    for (report, id) in ids {
        let entry = catalog
            .get(id)
            .ok_or_else(|| Error::MissingEntry { id: id.to_string() })?;
        check_attr(catalog, id, "stream", kind.stream())?;
        check_attr(catalog, id, "report", report.as_str())?;
        let limit_text = attribute(catalog, id, "time_limit")?;
        let limit: Span = limit_text.parse().map_err(|e| Error::BadAttribute {
            id: id.to_string(),
            attribute: "time_limit",
            problem: format!("{limit_text:?} is not an ISO 8601 duration: {e}"),
        })?;
        if limit.is_negative() || limit.is_zero() {
            return Err(Error::BadAttribute {
                id: id.to_string(),
                attribute: "time_limit",
                problem: format!("{limit_text:?} is not a positive duration"),
            });
        }
        let starts_text = attribute(catalog, id, "clock_starts")?;
        let start_kind = ClockStart::parse(starts_text).ok_or_else(|| Error::BadAttribute {
            id: id.to_string(),
            attribute: "clock_starts",
            problem: format!(
                "{starts_text:?} names no event the clocks know (awareness, corrective or mitigating measure, notification)"
            ),
        })?;
        let recipients = entry.attributes.get("recipients").cloned().unwrap_or_else(|| {
            "CSIRT designated as coordinator and ENISA, via the single reporting platform (Art. 16)"
                .to_string()
        });

        let mut notes = Vec::new();
        let (start, status) = match start_kind {
            ClockStart::Awareness => (Some(aware_at), Status::Due),
            ClockStart::Mitigation => match mitigation_at {
                Some(m) => (Some(m), Status::Due),
                None => {
                    notes.push(
                        "Pending: the clock starts when a corrective or mitigating measure is available; give its time (mitigation_at) once one is."
                            .to_string(),
                    );
                    (None, Status::Pending)
                }
            },
            ClockStart::NotificationSubmitted => match (notified_at, notification_due) {
                (Some(n), _) => (Some(n), Status::Due),
                (None, Some(due)) => {
                    notes.push(format!(
                        "Estimated: the notification has not been submitted, so this assumes it is submitted at its deadline ({due}); submitting it earlier moves this deadline earlier."
                    ));
                    (Some(due), Status::Estimated)
                }
                (None, None) => {
                    notes.push(
                        "Pending: the clock starts when the notification is submitted; give its time (notified_at) once it is."
                            .to_string(),
                    );
                    (None, Status::Pending)
                }
            },
        };
        let due_at = match start {
            Some(s) => Some(add_limit(s, limit, &tz).map_err(|e| Error::OutOfRange {
                report,
                message: e.to_string(),
            })?),
            None => None,
        };
        match report {
            ReportKind::EarlyWarning => notes.push(format!(
                "Due \"without undue delay and in any event within\" {}: the time shown is the outer limit.",
                describe_span(&limit)
            )),
            ReportKind::Notification => {
                notes.push("The time shown is the outer limit.".to_string());
                notes.push(
                    "Not needed where the relevant information has already been provided."
                        .to_string(),
                );
            }
            ReportKind::FinalReport => notes.push(
                "Not needed where the relevant information has already been provided.".to_string(),
            ),
        }
        if report == ReportKind::Notification {
            notification_due = due_at;
            if let (Some(n), Some(due)) = (notified_at, due_at) {
                if n > due {
                    notes.push(format!(
                        "Submitted at {n}, {} after the deadline.",
                        describe_delay(n, due)
                    ));
                } else {
                    notes.push(format!("Submitted at {n}, within the deadline."));
                }
            }
        }
        deadlines.push(Deadline {
            report,
            due_at,
            due_local: due_at.map(|d| format_local(d, &tz)),
            status,
            basis: entry.reference.clone(),
            catalog_id: id.to_string(),
            title: entry.title.clone(),
            time_limit: limit_text.to_string(),
            time_limit_text: describe_span(&limit),
            clock_starts: starts_text.to_string(),
            starts_at: start,
            contents: contents(kind, report)
                .iter()
                .map(|s| s.to_string())
                .collect(),
            recipients,
            notes,
        });
    }

    let mut notes = Vec::new();
    let applies = applies_from(catalog, &ids);
    let mut applies_at_awareness = None;
    if let Some((date, basis)) = &applies {
        let basis = basis
            .as_deref()
            .map(|b| format!(" ({b})"))
            .unwrap_or_default();
        notes.push(format!(
            "Article 14 reporting obligations apply from {date}{basis}, also to products placed on the market before 11 December 2027."
        ));
        if let Ok(d) = date.parse::<jiff::civil::Date>()
            && let Ok(start) = d.to_zoned_datetime(tz.clone())
        {
            let applies_now = aware_at >= start.timestamp();
            applies_at_awareness = Some(applies_now);
            if !applies_now {
                notes.push(format!(
                    "aware_at is before {date}: the Article 14 reporting obligations did not yet apply at that time."
                ));
            }
        }
    }
    notes.push(format!(
        "Hours are counted as exact elapsed time; days and months as calendar days and months in {tz_label}."
    ));
    notes.push(
        "The times are a plain reading of Article 14. The EU's general rules on computing periods (Regulation (EEC, Euratom) No 1182/71) can end a period later (for example at the end of a day); they are not applied, so the times shown are the earlier, safe reading."
            .to_string(),
    );
    notes.push(
        "Each report goes simultaneously to the CSIRT designated as coordinator (of the Member State of the main establishment; otherwise per Art. 14(7): authorised representative, importer, distributor, most users) and to ENISA, through the single reporting platform (Art. 16).".to_string(),
    );
    if ignored_mitigation {
        notes.push(
            "mitigation_at was ignored: for a severe incident the final report runs from the submission of the notification, not from a mitigation."
                .to_string(),
        );
    }

    Ok(ClockReport {
        kind,
        aware_at,
        mitigation_at,
        notified_at,
        time_zone: tz_label,
        deadlines,
        stream: kind.stream().to_string(),
        applies_from: applies.map(|(d, _)| d),
        applies_at_awareness,
        notes,
    })
}

fn check_attr(
    catalog: &Catalog,
    id: &str,
    name: &'static str,
    expected: &str,
) -> Result<(), Error> {
    let value = attribute(catalog, id, name)?;
    if value != expected {
        return Err(Error::BadAttribute {
            id: id.to_string(),
            attribute: name,
            problem: format!("is {value:?}, expected {expected:?}"),
        });
    }
    Ok(())
}

/// Adds a catalogue time limit to a start instant: time units (hours …) as exact elapsed time,
/// calendar units (days, weeks, months, years) in civil time in `tz`.
fn add_limit(start: Timestamp, limit: Span, tz: &TimeZone) -> Result<Timestamp, jiff::Error> {
    let zoned: ZonedDateTime = start.to_zoned_datetime(tz.clone());
    Ok(zoned.checked_add(limit)?.timestamp())
}

fn describe_delay(later: Timestamp, earlier: Timestamp) -> String {
    let secs = later.as_second() - earlier.as_second();
    let hours = secs / 3600;
    let minutes = (secs % 3600) / 60;
    if hours > 0 {
        format!("{hours} h {minutes} min")
    } else {
        format!("{minutes} min")
    }
}
