//! Test vectors for the RPM, apk, Maven and Go schemes.

use std::cmp::Ordering::{self, Equal, Greater, Less};

use super::{Scheme, VersionScheme, go, rpmvercmp};

/// Checks every row in both directions.
fn check(scheme: Scheme, rows: &[(&str, &str, Ordering)]) {
    for (a, b, want) in rows {
        let got = scheme
            .compare(a, b)
            .unwrap_or_else(|e| panic!("{scheme}: {a} vs {b}: {e}"));
        assert_eq!(got, *want, "{scheme}: {a} vs {b}");
        let back = scheme.compare(b, a).unwrap();
        assert_eq!(back, want.reverse(), "{scheme}: {b} vs {a}");
    }
}

/// Checks that each version is strictly greater than the one before it.
fn check_increasing(scheme: Scheme, versions: &[&str]) -> usize {
    for w in versions.windows(2) {
        check(scheme, &[(w[0], w[1], Less)]);
    }
    versions.len() - 1
}

fn check_refused(scheme: Scheme, bad: &[&str]) {
    for v in bad {
        assert!(scheme.parse(v).is_err(), "{scheme} accepted {v:?}");
        assert!(scheme.compare(v, "1.0").is_err(), "{scheme} compared {v:?}");
    }
}

/// rpm's `tests/rpmvercmp.at` vectors (rpm ≥ 4.15).
const RPMVERCMP: &[(&str, &str, i8)] = &[
    ("1.0", "1.0", 0),
    ("1.0", "2.0", -1),
    ("2.0", "1.0", 1),
    ("2.0.1", "2.0.1", 0),
    ("2.0", "2.0.1", -1),
    ("2.0.1", "2.0", 1),
    ("2.0.1a", "2.0.1a", 0),
    ("2.0.1a", "2.0.1", 1),
    ("2.0.1", "2.0.1a", -1),
    ("5.5p1", "5.5p1", 0),
    ("5.5p1", "5.5p2", -1),
    ("5.5p2", "5.5p1", 1),
    ("5.5p10", "5.5p10", 0),
    ("5.5p1", "5.5p10", -1),
    ("5.5p10", "5.5p1", 1),
    ("10xyz", "10.1xyz", -1),
    ("10.1xyz", "10xyz", 1),
    ("xyz10", "xyz10", 0),
    ("xyz10", "xyz10.1", -1),
    ("xyz10.1", "xyz10", 1),
    ("xyz.4", "xyz.4", 0),
    ("xyz.4", "8", -1),
    ("8", "xyz.4", 1),
    ("xyz.4", "2", -1),
    ("2", "xyz.4", 1),
    ("5.5p2", "5.6p1", -1),
    ("5.6p1", "5.5p2", 1),
    ("5.6p1", "6.5p1", -1),
    ("6.5p1", "5.6p1", 1),
    ("6.0.rc1", "6.0", 1),
    ("6.0", "6.0.rc1", -1),
    ("10b2", "10a1", 1),
    ("10a2", "10b2", -1),
    ("1.0aa", "1.0aa", 0),
    ("1.0a", "1.0aa", -1),
    ("1.0aa", "1.0a", 1),
    ("10.0001", "10.0001", 0),
    ("10.0001", "10.1", 0),
    ("10.1", "10.0001", 0),
    ("10.0001", "10.0039", -1),
    ("10.0039", "10.0001", 1),
    ("4.999.9", "5.0", -1),
    ("5.0", "4.999.9", 1),
    ("20101121", "20101121", 0),
    ("20101121", "20101122", -1),
    ("20101122", "20101121", 1),
    ("2_0", "2_0", 0),
    ("2.0", "2_0", 0),
    ("2_0", "2.0", 0),
    ("a", "a", 0),
    ("a+", "a+", 0),
    ("a+", "a_", 0),
    ("a_", "a+", 0),
    ("+a", "+a", 0),
    ("+a", "_a", 0),
    ("_a", "+a", 0),
    ("+_", "+_", 0),
    ("_+", "+_", 0),
    ("_+", "_+", 0),
    ("+", "_", 0),
    ("_", "+", 0),
    ("1.0~rc1", "1.0~rc1", 0),
    ("1.0~rc1", "1.0", -1),
    ("1.0", "1.0~rc1", 1),
    ("1.0~rc1", "1.0~rc2", -1),
    ("1.0~rc2", "1.0~rc1", 1),
    ("1.0~rc1~git123", "1.0~rc1~git123", 0),
    ("1.0~rc1~git123", "1.0~rc1", -1),
    ("1.0~rc1", "1.0~rc1~git123", 1),
    ("1.0^", "1.0^", 0),
    ("1.0^", "1.0", 1),
    ("1.0", "1.0^", -1),
    ("1.0^git1", "1.0^git1", 0),
    ("1.0^git1", "1.0", 1),
    ("1.0", "1.0^git1", -1),
    ("1.0^git1", "1.0^git2", -1),
    ("1.0^git2", "1.0^git1", 1),
    ("1.0^git1", "1.01", -1),
    ("1.01", "1.0^git1", 1),
    ("1.0^20160101", "1.0^20160101", 0),
    ("1.0^20160101", "1.0.1", -1),
    ("1.0.1", "1.0^20160101", 1),
    ("1.0^20160101^git1", "1.0^20160101^git1", 0),
    ("1.0^20160102", "1.0^20160101^git1", 1),
    ("1.0^20160101^git1", "1.0^20160102", -1),
    ("1.0~rc1^git1", "1.0~rc1^git1", 0),
    ("1.0~rc1^git1", "1.0~rc1", 1),
    ("1.0~rc1", "1.0~rc1^git1", -1),
    ("1.0^git1~pre", "1.0^git1~pre", 0),
    ("1.0^git1", "1.0^git1~pre", 1),
    ("1.0^git1~pre", "1.0^git1", -1),
];

#[test]
fn rpmvercmp_vectors() {
    for (a, b, want) in RPMVERCMP {
        assert_eq!(rpmvercmp(a, b), want.cmp(&0), "rpmvercmp({a:?}, {b:?})");
    }
    assert!(RPMVERCMP.len() >= 15);
}

#[test]
fn rpm_evr_ordering() {
    check(
        Scheme::Rpm,
        &[
            ("1:1.0-1", "2.0-1", Greater),
            ("0:1.0-1", "1.0-1", Equal),
            ("00:1.0-1", "0:1.0-1", Equal),
            ("2:1.0-1", "10:0.1-1", Less),
            ("1.0-1.el9", "1.0-2.el9", Less),
            ("1.0-10.el9", "1.0-9.el9", Greater),
            ("2.34-60.el9", "2.34-100.el9", Less),
            ("3.0.7-27.el9", "3.0.7-27.el9_4.1", Less),
            ("1.2.3-150400.1.1", "1.2.3-150400.1.10", Less),
            ("1.0~rc1-1", "1.0-1", Less),
            ("1.0^git1-1", "1.0-1", Greater),
            ("1.0-1", "1.0.1-0", Less),
            ("1.0", "1.0-1", Less),
            ("1.1.1k-12.el8_9", "1.1.1k-7.el8_6", Greater),
            ("1:9.0.0-1.el9", "9.0.0-1.el9", Greater),
            ("5.14.0-427.13.1.el9_4", "5.14.0-427.el9", Greater),
        ],
    );
}

#[test]
fn rpm_refuses() {
    check_refused(
        Scheme::Rpm,
        &[
            "", "abc", "a:1.0", ":1.0", "1.0-1-2", "1.0-", "1.0 beta", "n/a", "1.0-r/1", "*",
        ],
    );
}

#[test]
fn apk_ordering() {
    // apk-tools `test/version.data` style pairs.
    check(
        Scheme::Apk,
        &[
            ("2.34", "0.1.0_alpha", Greater),
            ("0.1.0_alpha", "0.1.0_alpha", Equal),
            ("0.1.0_alpha", "0.1.3_alpha", Less),
            ("0.1.0_alpha2", "0.1.0_alpha", Greater),
            ("0.1.0_alpha2", "0.1.0_beta", Less),
            ("0.1.0_beta", "0.1.0_pre", Less),
            ("0.1.0_pre", "0.1.0_rc", Less),
            ("0.1.0_rc", "0.1.0", Less),
            ("0.1.0_rc1", "0.1.0_rc", Greater),
            ("0.1.0", "0.1.0_cvs", Less),
            ("0.1.0_cvs", "0.1.0_svn", Less),
            ("0.1.0_svn", "0.1.0_git", Less),
            ("0.1.0_git", "0.1.0_hg", Less),
            ("0.1.0_hg", "0.1.0_p", Less),
            ("0.1.0_p", "0.1.0_p1", Less),
            ("1.0", "1.0-r1", Less),
            ("1.0-r1", "1.0-r10", Less),
            ("1.0-r9", "1.0-r10", Less),
            ("1.0_p1", "1.0-r5", Greater),
            ("1.0a", "1.0", Greater),
            ("1.0a", "1.0b", Less),
            ("1.0a", "1.0.1", Less),
            ("1.0_rc1", "1.0a", Less),
            ("1.0_alpha_p1", "1.0_alpha", Greater),
            ("1.0_alpha_p1", "1.0_beta", Less),
            ("1.0", "1.0.1", Less),
            ("1.2.10", "1.2.9", Greater),
            ("1.01", "1.1", Less),
            ("1.001", "1.01", Less),
            ("3.0.0_rc1-r0", "3.0.0-r0", Less),
            ("3.1.4-r5", "3.1.4-r5", Equal),
            ("1.1.1k-r0", "1.1.1l-r0", Less),
            ("20230101", "2.1", Greater),
            ("0_git20230101", "0_git20230102", Less),
        ],
    );
}

#[test]
fn apk_refuses() {
    check_refused(
        Scheme::Apk,
        &[
            "", "1.0-1", "1.0_foo", "1.0AB", "1.0ab", "v1.0", "1..0", "1.0.", "1.0-r", "abc",
            "1.0~abc", "1.0 beta", "1.0_rc1a", "*",
        ],
    );
}

#[test]
fn maven_ordering() {
    // ComparableVersionTest: VERSIONS_QUALIFIER and VERSIONS_NUMBER, strictly increasing.
    let q = check_increasing(
        Scheme::Maven,
        &[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ],
    );
    let n = check_increasing(
        Scheme::Maven,
        &[
            "2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b",
            "2.1-c", "2.1-1", "2.1.0.1", "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11",
            "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m",
        ],
    );
    assert!(q + n >= 15);
    // ComparableVersionTest.testVersionsEqual.
    check(
        Scheme::Maven,
        &[
            ("1", "1.0", Equal),
            ("1", "1.0.0", Equal),
            ("1.0", "1.0.0", Equal),
            ("1", "1-0", Equal),
            ("1", "1.0-0", Equal),
            ("1.0", "1.0-0", Equal),
            ("1a", "1-a", Equal),
            ("1a", "1.0-a", Equal),
            ("1a", "1.0.0-a", Equal),
            ("1.0a", "1-a", Equal),
            ("1.0.0a", "1-a", Equal),
            ("1x", "1-x", Equal),
            ("1x", "1.0.0-x", Equal),
            ("1ga", "1", Equal),
            ("1release", "1", Equal),
            ("1final", "1", Equal),
            ("1cr", "1rc", Equal),
            ("1a1", "1-alpha-1", Equal),
            ("1b2", "1-beta-2", Equal),
            ("1m3", "1-milestone-3", Equal),
            ("1X", "1x", Equal),
            ("1A", "1a", Equal),
            ("1GA", "1", Equal),
            ("1.0.0-FINAL", "1", Equal),
            ("1-RELEASE", "1.0", Equal),
            ("1.0-CR1", "1.0-RC1", Equal),
        ],
    );
    // Typical advisory bounds.
    check(
        Scheme::Maven,
        &[
            ("2.14.1", "2.15.0", Less),
            ("2.15.0-rc1", "2.15.0", Less),
            ("2.17.0", "2.3.2", Greater),
            ("5.3.18.RELEASE", "5.3.18", Equal),
            ("4.1.94.Final", "4.1.100.Final", Less),
            ("1.0-SNAPSHOT", "1.0", Less),
            ("1.0-SNAPSHOT", "1.0-rc1", Greater),
            ("31.1-jre", "31.1-android", Greater),
            ("32.0.0-jre", "31.1-jre", Greater),
        ],
    );
}

#[test]
fn maven_refuses() {
    check_refused(
        Scheme::Maven,
        &[
            "",
            "RELEASE",
            "LATEST",
            "${project.version}",
            "[1.0,2.0)",
            "1.0 beta",
            "n/a",
            "*",
        ],
    );
}

#[test]
fn go_ordering() {
    // SemVer 2.0 §11 precedence list, with Go's `v` prefix.
    let spec = check_increasing(
        Scheme::Go,
        &[
            "v1.0.0-alpha",
            "v1.0.0-alpha.1",
            "v1.0.0-alpha.beta",
            "v1.0.0-beta",
            "v1.0.0-beta.2",
            "v1.0.0-beta.11",
            "v1.0.0-rc.1",
            "v1.0.0",
            "v1.0.1",
            "v1.1.0",
            "v1.9.0",
            "v1.10.0",
            "v2.0.0",
        ],
    );
    assert!(spec >= 12);
    // Pseudo-versions (cmd/go "Pseudo-versions"): vX.0.0-yyyymmddhhmmss-hash,
    // vX.Y.(Z+1)-0.yyyymmddhhmmss-hash and vX.Y.Z-pre.0.yyyymmddhhmmss-hash.
    check(
        Scheme::Go,
        &[
            (
                "v0.0.0-20191109021931-daa7c04131f5",
                "v0.0.0-20200101000000-aaaaaaaaaaaa",
                Less,
            ),
            ("v0.0.0-20191109021931-daa7c04131f5", "v0.1.0", Less),
            ("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0", Less),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", Greater),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", Less),
            (
                "v1.2.4-0.20191109021931-daa7c04131f5",
                "v1.2.4-0.20200101000000-aaaaaaaaaaaa",
                Less,
            ),
            ("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4-pre", Less),
            (
                "v1.2.4-pre.0.20191109021931-daa7c04131f5",
                "v1.2.4-pre",
                Greater,
            ),
            ("v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4", Less),
            ("v2.0.0+incompatible", "v2.0.0", Equal),
            ("v2.1.0+incompatible", "v2.0.0+incompatible", Greater),
            (
                "v2.0.1-0.20191109021931-daa7c04131f5+incompatible",
                "v2.0.0+incompatible",
                Greater,
            ),
            ("v1.2", "v1.2.0", Equal),
            ("v1", "v1.0.0", Equal),
            ("1.9.0", "v1.9.0", Equal),
            (
                "0.0.0-20220314234659-1baeb1ce4c0b",
                "0.0.0-20220315160706-3147a52a75dd",
                Less,
            ),
        ],
    );
}

#[test]
fn go_refuses() {
    check_refused(
        Scheme::Go,
        &[
            "",
            "v1.2.3.4",
            "v01.2.3",
            "v1.02.3",
            "v1.2-pre",
            "v1.2+build",
            "vX",
            "master",
            "latest",
            "v1.0.0-01",
            "v1.0.0-",
            "1da177e4c3f4",
            "v1.2.3 beta",
            "V1.2.3",
        ],
    );
    // `x/mod/semver` itself requires the `v`.
    assert!(go::parse("1.2.3", true).is_err());
    assert!(go::parse("v1.2.3", true).is_ok());
}

#[test]
fn ecosystem_and_purl_mapping() {
    for (eco, want) in [
        ("Red Hat", Scheme::Rpm),
        ("Red Hat:enterprise_linux:9::appstream", Scheme::Rpm),
        ("Rocky Linux:9", Scheme::Rpm),
        ("AlmaLinux:8", Scheme::Rpm),
        ("SUSE:Linux Enterprise Server 15 SP5", Scheme::Rpm),
        ("openSUSE:Tumbleweed", Scheme::Rpm),
        ("Mageia:9", Scheme::Rpm),
        ("Alpine:v3.19", Scheme::Apk),
        ("Wolfi", Scheme::Apk),
        ("Chainguard", Scheme::Apk),
        ("Maven", Scheme::Maven),
        ("Go", Scheme::Go),
        ("crates.io", Scheme::Semver),
        ("npm", Scheme::Npm),
        ("PyPI", Scheme::Pep440),
        ("Ubuntu:22.04:LTS", Scheme::Debian),
        ("RubyGems", Scheme::Generic),
    ] {
        assert_eq!(Scheme::for_ecosystem(eco), want, "{eco}");
    }
    for (ty, want) in [
        ("rpm", Scheme::Rpm),
        ("apk", Scheme::Apk),
        ("maven", Scheme::Maven),
        ("golang", Scheme::Go),
        ("deb", Scheme::Debian),
        ("gem", Scheme::Generic),
    ] {
        assert_eq!(Scheme::for_purl_type(ty), want, "{ty}");
    }
}
