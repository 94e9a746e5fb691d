//! OSV range evaluation, exactly per the OSV schema.
//!
//! For one `affected[]` entry and one package version:
//!
//! 1. The explicit `versions` list is checked first (string equality, or equality in the
//!    ecosystem's scheme when both sides parse).
//! 2. Each `SEMVER` / `ECOSYSTEM` range is evaluated on its own: its events are sorted by
//!    version (`introduced: "0"` first; on equal versions `introduced` < `last_affected` <
//!    `fixed` < `limit`) and walked as in the OSV reference algorithm — `introduced` (or `"0"`)
//!    at or below the version makes it vulnerable, a `fixed` at or below the version makes it
//!    not vulnerable, a `last_affected` strictly below the version makes it not vulnerable.
//!    Several introduced/fixed pairs in one range are handled by the walk. A `limit` at or
//!    below the version puts the version outside the range.
//! 3. `GIT` ranges are not evaluated (offline there is no commit graph); they count only
//!    through the enumerated `versions`.
//!
//! A version (of the package or of an event) that the scheme cannot parse makes the range
//! *indeterminate*; the result is affected if any range or the list says so, else
//! indeterminate if any range was indeterminate or nothing could be evaluated, else not
//! affected.

use std::cmp::Ordering;

use crate::model::{Affected, Event, Range, RangeKind};
use crate::version::{ParsedVersion, Scheme, VersionScheme};

/// The result of evaluating a version against advisory data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The version is affected; the evidence says why.
    Affected(String),
    /// The version is not affected.
    NotAffected,
    /// It cannot be decided; the reason says why.
    Indeterminate(String),
}

impl Verdict {
    /// Whether this is [`Verdict::Affected`].
    pub fn is_affected(&self) -> bool {
        matches!(self, Verdict::Affected(_))
    }

    /// The verdict with ` (note)` after its evidence or reason.
    pub fn annotated(self, note: &str) -> Verdict {
        match self {
            Verdict::Affected(e) => Verdict::Affected(format!("{e} ({note})")),
            Verdict::Indeterminate(e) => Verdict::Indeterminate(format!("{e} ({note})")),
            Verdict::NotAffected => Verdict::NotAffected,
        }
    }
}

/// Evaluates one OSV `affected[]` entry for `version`.
pub fn evaluate(affected: &Affected, version: &str) -> Verdict {
    let scheme = Scheme::for_ecosystem(&affected.ecosystem);
    let parsed_target = scheme.parse(version).ok();
    for listed in &affected.versions {
        let equal = listed == version
            || match (&parsed_target, scheme.parse(listed)) {
                (Some(t), Ok(l)) => *t == l,
                _ => false,
            };
        if equal {
            return Verdict::Affected(format!(
                "{version} is listed in the affected versions of {} ({})",
                affected.name, affected.ecosystem
            ));
        }
    }
    let mut indeterminate: Vec<String> = Vec::new();
    let mut evaluated = !affected.versions.is_empty();
    for range in &affected.ranges {
        let range_scheme = match range.kind {
            RangeKind::Git => continue,
            // Go advisories use SEMVER ranges; Go's ordering ignores `+incompatible`.
            RangeKind::Semver if scheme == Scheme::Go => Scheme::Go,
            RangeKind::Semver => Scheme::Semver,
            RangeKind::Ecosystem => scheme,
        };
        evaluated = true;
        match evaluate_range(range, range_scheme, version) {
            Verdict::Affected(e) => return Verdict::Affected(e),
            Verdict::Indeterminate(r) => indeterminate.push(r),
            Verdict::NotAffected => {}
        }
    }
    if !indeterminate.is_empty() {
        return Verdict::Indeterminate(indeterminate.join("; "));
    }
    if !evaluated {
        let reason = if affected.ranges.is_empty() {
            "the advisory lists neither ranges nor versions".to_string()
        } else {
            "the advisory has only GIT ranges and no enumerated versions (needs the commit graph)"
                .to_string()
        };
        return Verdict::Indeterminate(reason);
    }
    Verdict::NotAffected
}

/// Order of events at the same version. `fixed X` before `introduced X`, so adjacent
/// intervals `[a, X)` and `[X, b)` (PYSEC-2022-42972, PYSEC-2022-236) leave X affected; an
/// empty written pair `introduced X, fixed X` (some RustSec records) is removed before
/// sorting, so it cannot read as "affected from X on".
fn event_rank(e: &Event) -> u8 {
    match e {
        Event::Fixed(_) => 0,
        Event::Introduced(_) => 1,
        Event::LastAffected(_) => 2,
        Event::Limit(_) => 3,
    }
}

/// Evaluates one non-GIT range in `scheme`.
pub fn evaluate_range(range: &Range, scheme: Scheme, version: &str) -> Verdict {
    let target = match scheme.parse(version) {
        Ok(t) => t,
        Err(e) => return Verdict::Indeterminate(e.to_string()),
    };
    // `None` stands for introduced "0": below every version.
    let mut events: Vec<(Option<ParsedVersion>, &Event)> = Vec::with_capacity(range.events.len());
    for event in &range.events {
        let v = event.version();
        if matches!(event, Event::Introduced(_)) && v == "0" {
            events.push((None, event));
            continue;
        }
        match scheme.parse(v) {
            Ok(p) => events.push((Some(p), event)),
            Err(e) => return Verdict::Indeterminate(format!("range event: {e}")),
        }
    }
    // Empty pairs as written: `introduced X` directly followed by `fixed X`.
    let mut i = 0;
    while i + 1 < events.len() {
        let empty = matches!(events[i].1, Event::Introduced(_))
            && matches!(events[i + 1].1, Event::Fixed(_))
            && events[i].0.is_some()
            && events[i].0 == events[i + 1].0;
        if empty {
            events.drain(i..i + 2);
        } else {
            i += 1;
        }
    }
    events.sort_by(|(a, ea), (b, eb)| {
        let by_version = match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(y),
        };
        by_version.then_with(|| event_rank(ea).cmp(&event_rank(eb)))
    });
    for (v, event) in &events {
        if let (Event::Limit(_), Some(limit)) = (event, v)
            && target >= *limit
        {
            return Verdict::NotAffected;
        }
    }
    let mut vulnerable = false;
    let mut since: Option<&Event> = None;
    for (v, event) in &events {
        match event {
            Event::Introduced(_) => {
                if v.as_ref().is_none_or(|iv| target >= *iv) {
                    vulnerable = true;
                    since = Some(event);
                }
            }
            Event::Fixed(_) => {
                if v.as_ref().is_some_and(|fv| target >= *fv) {
                    vulnerable = false;
                }
            }
            Event::LastAffected(_) => {
                if v.as_ref().is_some_and(|lv| target > *lv) {
                    vulnerable = false;
                }
            }
            Event::Limit(_) => {}
        }
    }
    if !vulnerable {
        return Verdict::NotAffected;
    }
    let intro = since.map(Event::version).unwrap_or("0");
    let upper = events
        .iter()
        .filter(|(v, e)| {
            !matches!(e, Event::Introduced(_))
                && v.as_ref().is_some_and(|v| match e {
                    Event::LastAffected(_) => *v >= target,
                    _ => *v > target,
                })
        })
        .map(|(_, e)| match e {
            Event::Fixed(v) => format!(", fixed {v}"),
            Event::LastAffected(v) => format!(", last affected {v}"),
            Event::Limit(v) => format!(", limit {v}"),
            Event::Introduced(_) => String::new(),
        })
        .next()
        .unwrap_or_default();
    let kind = match range.kind {
        RangeKind::Semver => "SEMVER",
        RangeKind::Ecosystem => "ECOSYSTEM",
        RangeKind::Git => "GIT",
    };
    Verdict::Affected(format!(
        "{version} is in {kind} range [introduced {intro}{upper}] ({} ordering)",
        scheme.name()
    ))
}

/// The `fixed` versions of the non-GIT ranges of `affected`, in source order.
pub fn fixed_versions(affected: &Affected) -> Vec<String> {
    affected
        .ranges
        .iter()
        .filter(|r| r.kind != RangeKind::Git)
        .flat_map(|r| r.events.iter())
        .filter_map(|e| match e {
            Event::Fixed(v) => Some(v.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aff(eco: &str, kind: RangeKind, events: Vec<Event>, versions: &[&str]) -> Affected {
        Affected {
            ecosystem: eco.into(),
            name: "pkg".into(),
            purl: None,
            ranges: vec![Range {
                kind,
                repo: None,
                events,
            }],
            versions: versions.iter().map(|s| s.to_string()).collect(),
        }
    }
    use Event::*;
    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn multiple_introduced_fixed_pairs_in_one_range() {
        // Deliberately unsorted events.
        let a = aff(
            "crates.io",
            RangeKind::Semver,
            vec![
                Introduced(s("2.0.0")),
                Fixed(s("1.2.0")),
                Introduced(s("0")),
                Fixed(s("2.1.3")),
            ],
            &[],
        );
        assert!(evaluate(&a, "1.1.9").is_affected());
        assert_eq!(evaluate(&a, "1.2.0"), Verdict::NotAffected);
        assert_eq!(evaluate(&a, "1.9.9"), Verdict::NotAffected);
        assert!(evaluate(&a, "2.0.0").is_affected());
        assert!(evaluate(&a, "2.1.2").is_affected());
        assert_eq!(evaluate(&a, "2.1.3"), Verdict::NotAffected);
        assert_eq!(evaluate(&a, "3.0.0"), Verdict::NotAffected);
    }

    /// PYSEC-2022-42972 (apache-iotdb) writes two adjacent intervals, `[0.13.0, 0.13.1)` and
    /// `[0.13.1, 0.13.4)` in its shape; versions at and after the shared bound stay affected.
    #[test]
    fn adjacent_intervals_share_a_bound() {
        let a = aff(
            "PyPI",
            RangeKind::Ecosystem,
            vec![
                Introduced(s("0.13.0")),
                Fixed(s("0.13.1")),
                Introduced(s("0.13.1")),
                Fixed(s("0.13.4")),
            ],
            &[],
        );
        assert!(evaluate(&a, "0.13.0").is_affected());
        assert!(evaluate(&a, "0.13.1").is_affected());
        assert!(evaluate(&a, "0.13.3").is_affected());
        assert_eq!(evaluate(&a, "0.13.4"), Verdict::NotAffected);
    }

    /// Some RustSec records (arrow2, rustls) carry an empty pair `introduced X, fixed X`
    /// next to their real interval: it affects nothing.
    #[test]
    fn empty_written_pair_affects_nothing() {
        let a = aff(
            "crates.io",
            RangeKind::Semver,
            vec![
                Introduced(s("0")),
                Fixed(s("0.7.1")),
                Introduced(s("0.8.0")),
                Fixed(s("0.8.0")),
            ],
            &[],
        );
        assert!(evaluate(&a, "0.7.0").is_affected());
        assert_eq!(evaluate(&a, "0.8.0"), Verdict::NotAffected);
        assert_eq!(evaluate(&a, "0.9.0"), Verdict::NotAffected);
    }

    #[test]
    fn last_affected_is_inclusive() {
        let a = aff(
            "PyPI",
            RangeKind::Ecosystem,
            vec![Introduced(s("1.0")), LastAffected(s("1.4"))],
            &[],
        );
        assert_eq!(evaluate(&a, "0.9"), Verdict::NotAffected);
        assert!(evaluate(&a, "1.4").is_affected());
        assert!(evaluate(&a, "1.4.0").is_affected());
        assert_eq!(evaluate(&a, "1.4.1"), Verdict::NotAffected);
        assert!(evaluate(&a, "1.4rc1").is_affected());
    }

    #[test]
    fn dedicated_schemes_in_ranges() {
        let rpm = aff(
            "Red Hat:enterprise_linux:9",
            RangeKind::Ecosystem,
            vec![Introduced(s("0")), Fixed(s("1:3.0.7-27.el9"))],
            &[],
        );
        assert!(evaluate(&rpm, "1:3.0.7-25.el9").is_affected());
        assert!(evaluate(&rpm, "3.0.7-99.el9").is_affected()); // epoch 0 < 1
        assert_eq!(evaluate(&rpm, "1:3.0.7-27.el9_4"), Verdict::NotAffected);
        assert!(matches!(
            evaluate(&rpm, "unknown"),
            Verdict::Indeterminate(_)
        ));
        let apk = aff(
            "Alpine:v3.19",
            RangeKind::Ecosystem,
            vec![Introduced(s("0")), Fixed(s("3.1.4-r5"))],
            &[],
        );
        assert!(evaluate(&apk, "3.1.4_rc1-r9").is_affected());
        assert!(evaluate(&apk, "3.1.4-r4").is_affected());
        assert_eq!(evaluate(&apk, "3.1.4_p1-r0"), Verdict::NotAffected);
        assert!(matches!(
            evaluate(&apk, "3.1.4-1"),
            Verdict::Indeterminate(_)
        ));
        let maven = aff(
            "Maven",
            RangeKind::Ecosystem,
            vec![Introduced(s("2.0-beta9")), Fixed(s("2.15.0"))],
            &[],
        );
        assert!(evaluate(&maven, "2.15.0-rc2").is_affected());
        assert!(evaluate(&maven, "2.0-rc1").is_affected());
        assert_eq!(evaluate(&maven, "2.0-alpha1"), Verdict::NotAffected);
        assert_eq!(evaluate(&maven, "2.15.0.Final"), Verdict::NotAffected);
        assert!(matches!(
            evaluate(&maven, "${log4j.version}"),
            Verdict::Indeterminate(_)
        ));
        // Go advisories use SEMVER ranges without the `v`; `+incompatible` is ignored.
        let go = aff(
            "Go",
            RangeKind::Semver,
            vec![
                Introduced(s("0")),
                Fixed(s("0.0.0-20220314234659-1baeb1ce4c0b")),
            ],
            &[],
        );
        assert!(evaluate(&go, "0.0.0-20211202192323-5770296d904e").is_affected());
        assert_eq!(evaluate(&go, "0.1.0"), Verdict::NotAffected);
        let go_inc = aff(
            "Go",
            RangeKind::Semver,
            vec![Introduced(s("0")), Fixed(s("2.0.1+incompatible"))],
            &[],
        );
        assert!(evaluate(&go_inc, "v2.0.0+incompatible").is_affected());
        assert_eq!(evaluate(&go_inc, "2.0.1"), Verdict::NotAffected);
        assert!(evaluate(&go_inc, "v2.0").is_affected()); // shorthand for v2.0.0
        assert!(matches!(
            evaluate(&go_inc, "master"),
            Verdict::Indeterminate(_)
        ));
    }

    #[test]
    fn limit_is_an_upper_bound() {
        let a = aff(
            "npm",
            RangeKind::Ecosystem,
            vec![Introduced(s("0")), Limit(s("2.0.0"))],
            &[],
        );
        assert!(evaluate(&a, "1.9.9").is_affected());
        assert_eq!(evaluate(&a, "2.0.0"), Verdict::NotAffected);
        assert_eq!(evaluate(&a, "2.0.1"), Verdict::NotAffected);
    }

    #[test]
    fn versions_list_is_checked_first_and_git_only_through_it() {
        let a = aff(
            "OSS-Fuzz",
            RangeKind::Git,
            vec![Introduced(s("8a667072")), Fixed(s("9b12ab34"))],
            &["5.38", "5.39"],
        );
        assert!(evaluate(&a, "5.39").is_affected());
        assert_eq!(evaluate(&a, "5.40"), Verdict::NotAffected);
        let no_list = aff(
            "OSS-Fuzz",
            RangeKind::Git,
            vec![Introduced(s("8a667072"))],
            &[],
        );
        assert!(matches!(
            evaluate(&no_list, "5.39"),
            Verdict::Indeterminate(_)
        ));
        // PEP 440 equality through the list: 1.0 == 1.0.0
        let py = aff(
            "PyPI",
            RangeKind::Ecosystem,
            vec![Introduced(s("5.0"))],
            &["1.0.0"],
        );
        assert!(evaluate(&py, "1.0").is_affected());
    }

    #[test]
    fn unparseable_version_is_indeterminate_never_clean() {
        let a = aff(
            "crates.io",
            RangeKind::Semver,
            vec![Introduced(s("0")), Fixed(s("1.0.0"))],
            &[],
        );
        assert!(matches!(evaluate(&a, "custom"), Verdict::Indeterminate(_)));
        let bad_event = aff(
            "PyPI",
            RangeKind::Ecosystem,
            vec![Introduced(s("0")), Fixed(s("not a version"))],
            &[],
        );
        assert!(matches!(
            evaluate(&bad_event, "1.0"),
            Verdict::Indeterminate(_)
        ));
        let nothing = Affected {
            ecosystem: "PyPI".into(),
            name: "x".into(),
            ..Affected::default()
        };
        assert!(matches!(
            evaluate(&nothing, "1.0"),
            Verdict::Indeterminate(_)
        ));
    }

    #[test]
    fn semver_prerelease_is_inside_the_range() {
        // semver::VersionReq would exclude pre-releases; OSV ordering does not.
        let a = aff(
            "crates.io",
            RangeKind::Semver,
            vec![Introduced(s("0.0.0-0")), Fixed(s("1.0.0"))],
            &[],
        );
        assert!(evaluate(&a, "1.0.0-rc.1").is_affected());
        assert!(evaluate(&a, "0.5.0").is_affected());
        assert_eq!(fixed_versions(&a), vec!["1.0.0".to_string()]);
    }
}
