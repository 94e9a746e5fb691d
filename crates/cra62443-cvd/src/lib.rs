//! Coordinated vulnerability disclosure (CVD) and incident reporting for the EU Cyber Resilience
//! Act (Regulation (EU) 2024/2847).
//!
//! # What it does
//!
//! * **Article 14 reporting clocks** ([`clocks`]): for an actively exploited vulnerability or a
//!   severe incident, the deadlines of the early warning, the notification and the final report.
//!   The time limits, the event that starts each clock and the recipients are read from the
//!   catalogue entries `cra:art-14.2a`…`cra:art-14.4c` (attributes `time_limit`,
//!   `clock_starts`, `stream`, `report`, `recipients`), never hard-coded. Hours are exact elapsed
//!   time; days and months are calendar arithmetic in the user's time zone, so a change to or
//!   from summer time between the start and the deadline is handled.
//! * **security.txt linter** ([`securitytxt::lint`], [`securitytxt::lint_path`]): checks an
//!   RFC 9116 file, plain or OpenPGP cleartext-signed, and reports *every* finding with its line,
//!   a stable kebab-case [`securitytxt::Code`], a severity and the CRA / prEN 40000-1-3 catalogue
//!   IDs it bears on (Annex I Part II (5) CVD policy, (6) contact address, Annex II (2) single
//!   point of contact, PT3 preparation clauses).
//! * **CLI pieces** ([`cli`]) for the `cra62443` binary: `report-clock` and `securitytxt check`.
//!
//! # Example
//!
//! ```
//! use cra62443_cvd::{Kind, ReportKind, Status, clocks};
//! use jiff::{Timestamp, tz::TimeZone};
//!
//! let catalog = cra62443_catalog::Catalog::bundled().unwrap();
//! let aware: Timestamp = "2026-10-24T12:00:00+02:00".parse()?;
//! let report = clocks(
//!     &catalog,
//!     Kind::ExploitedVulnerability,
//!     aware,
//!     None,
//!     None,
//!     TimeZone::get("Europe/Berlin")?,
//! )?;
//! let notification = &report.deadlines[1];
//! assert_eq!(notification.report, ReportKind::Notification);
//! // 72 elapsed hours, across the end of summer time on 25 October 2026.
//! assert_eq!(notification.due_at.unwrap().to_string(), "2026-10-27T10:00:00Z");
//! assert_eq!(notification.due_local.as_deref(), Some("2026-10-27T11:00:00+01:00"));
//! // No corrective or mitigating measure yet: the final report's clock has not started.
//! assert_eq!(report.deadlines[2].status, Status::Pending);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```
//! use cra62443_cvd::securitytxt::{Code, LintOptions, lint};
//!
//! let text = "Contact: security@example.com\nExpires: 2027-01-01T00:00:00Z\n";
//! let report = lint(text, &LintOptions::new("2026-11-01T00:00:00Z".parse()?));
//! let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
//! assert!(codes.contains(&Code::InvalidUri)); // no mailto: scheme
//! assert!(codes.contains(&Code::MissingPolicy));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod clock;
pub mod securitytxt;

pub use clock::{ClockReport, Deadline, Error as ClockError, Kind, ReportKind, Status, clocks};

/// The `jiff` crate this library's API uses ([`jiff::Timestamp`], [`jiff::tz::TimeZone`]), so
/// callers need not pin the same version themselves.
pub use jiff;
