//! Test vectors for the RPM, apk, Maven, Go, RubyGems, NuGet and Packagist schemes.

use std::cmp::Ordering::{self, Equal, Greater, Less};

use proptest::prelude::*;

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
        ("RubyGems", Scheme::RubyGems),
        ("NuGet", Scheme::NuGet),
        ("Packagist", Scheme::Packagist),
        ("Hex", Scheme::Generic),
    ] {
        assert_eq!(Scheme::for_ecosystem(eco), want, "{eco}");
    }
    for (ty, want) in [
        ("rpm", Scheme::Rpm),
        ("apk", Scheme::Apk),
        ("maven", Scheme::Maven),
        ("golang", Scheme::Go),
        ("deb", Scheme::Debian),
        ("gem", Scheme::RubyGems),
        ("nuget", Scheme::NuGet),
        ("composer", Scheme::Packagist),
        ("hex", Scheme::Generic),
    ] {
        assert_eq!(Scheme::for_purl_type(ty), want, "{ty}");
    }
}

#[test]
fn rubygems_ordering() {
    // The `Gem::Version` class documentation's example, sorted.
    let doc = check_increasing(
        Scheme::RubyGems,
        &[
            "0.9", "1.0.a.2", "1.0.a10", "1.0.b1", "1.0.b.2", "1.0.b10", "1.0", "1.0.1",
        ],
    );
    // test_gem_version.rb `test_semver`: a `-` pre-release sorts before its release.
    let semver = check_increasing(
        Scheme::RubyGems,
        &[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ],
    );
    assert!(doc + semver >= 12);
    check(
        Scheme::RubyGems,
        &[
            // test_gem_version.rb `test_spaceship`.
            ("1.0", "1.0.0", Equal),
            ("1.0", "1.0.a", Greater),
            ("1.8.2", "0.0.0", Greater),
            ("1.8.2", "1.8.2.a", Greater),
            ("1.8.2.b", "1.8.2.a", Greater),
            ("1.8.2.a", "1.8.2", Less),
            ("1.8.2.a10", "1.8.2.a9", Greater),
            ("0.beta.1", "0.0.beta.1", Equal),
            ("0.0.beta", "0.0.beta.1", Less),
            ("0.0.beta", "0.beta.1", Less),
            ("5.a", "5.0.0.rc2", Less),
            ("5.x", "5.0.0.rc2", Greater),
            // `test_equals2`, `test_hash` and `test_canonical_segments`.
            ("1.2.b1", "1.2.b.1", Equal),
            ("1.2", "1.2.0", Equal),
            ("1.2.pre.1", "1.2.0.pre.1.0", Equal),
            ("1.0.0.a.1.0", "1.a.1", Equal),
            ("1.2.3-1", "1.2.3.pre.1", Equal),
            ("1.0.0-1", "1", Less),
            ("1.0.0-rc1", "1.0.0-rc.1", Equal),
            ("1.freeze.test", "1", Less),
            // The brief's table.
            ("1.0.a", "1.0.b", Less),
            ("1.0.b", "1.0", Less),
            ("1.0", "1.0.1", Less),
            // Letters compare byte-wise (Ruby `String#<=>`): upper case first.
            ("1.0.B", "1.0.a", Less),
            ("1.A", "1", Less),
            // Numbers compare numerically, at any length.
            ("1.10", "1.9", Greater),
            ("1.00010", "1.10", Equal),
            (
                "1.99999999999999999999999",
                "1.99999999999999999999998",
                Greater,
            ),
            // Typical advisory bounds (Rails, Nokogiri).
            ("7.0.8.1", "7.0.8", Greater),
            ("6.1.7.7", "7.0.0", Less),
            ("1.13.10", "1.13.9", Greater),
            ("1.16.0.rc1", "1.16.0", Less),
            ("3.0.0.beta2", "3.0.0.rc1", Less),
        ],
    );
}

#[test]
fn rubygems_refuses() {
    check_refused(
        Scheme::RubyGems,
        &[
            "",
            "junk",
            "1..2",
            "1.2 3.4",
            "1.0\n2.0",
            // test_gem_version.rb, CVE-2013-4287.
            "2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.",
            "v1.0",
            "1.0-",
            "1.0.",
            ".1",
            "1.0_1",
            "1.0+build",
            "a.1",
            "*",
            ">= 1.0",
        ],
    );
}

#[test]
fn nuget_ordering() {
    // SemVer 2.0.0 §11 precedence, which NuGet follows for labels.
    let spec = check_increasing(
        Scheme::NuGet,
        &[
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-Beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.0.1",
            "1.0.1",
        ],
    );
    assert!(spec >= 9);
    check(
        Scheme::NuGet,
        &[
            // The brief's table.
            ("1.0.0-alpha", "1.0.0-Beta", Less),
            ("1.0.0-Beta", "1.0.0", Less),
            ("1.0.0", "1.0.0.0", Equal),
            ("1.0.0", "1.0.0+build", Equal),
            // VersionComparerTests: equal under VersionComparer.Default.
            ("1.0.0-BETA", "1.0.0-beta", Equal),
            ("1.0.0-BETA+AA", "1.0.0-beta+aa", Equal),
            (
                "1.0.0-BETA.X.y.5.77.0+AA",
                "1.0.0-beta.x.y.5.77.0+aa",
                Equal,
            ),
            ("1.0.0", "1.0.0+beta", Equal),
            ("1.0", "1.0.0.0", Equal),
            ("1.0+test", "1.0.0.0", Equal),
            ("1.0.0.1-1.2.A", "1.0.0.1-1.2.a+A", Equal),
            ("1.0.01", "1.0.1.0", Equal),
            // VersionComparerTests: less.
            ("0.0.0", "1.0.0", Less),
            ("1.0.0", "1.1.0", Less),
            ("1.999.9999", "2.1.1", Less),
            ("1.0.0-BETA", "1.0.0-beta2", Less),
            ("1.0.0-beta+AA", "1.0.0+aa", Less),
            ("1.0.0-BETA", "1.0.0-beta.1+AA", Less),
            ("1.0.0-BETA.X.y.5.77.0+AA", "1.0.0-beta.x.y.5.79.0+aa", Less),
            (
                "1.0.0-BETA.X.y.5.79.0+AA",
                "1.0.0-beta.x.y.5.790.0+abc",
                Less,
            ),
            ("1.0", "1.0.0.1", Less),
            ("1.0.0.1-1.2.A", "1.0.0.1-1.2.a.A+A", Less),
            // NuGetVersionTest: operators.
            ("1.0", "1.0.1", Less),
            ("1.23", "1.231", Less),
            ("1.4.5.6", "1.45.6", Less),
            ("1.4.5.6", "1.4.5.60", Less),
            ("1.01", "1.10", Less),
            ("1.01-alpha", "1.10-beta", Less),
            ("1.01.0-RC-1", "1.10.0-rc-2", Less),
            ("1.01-RC-1", "1.01", Less),
            ("1.01", "1.2-preview", Less),
            ("1.23.01", "1.23.1", Equal),
            ("1.6.2-BeTa", "1.6.02-beta", Equal),
            ("1.0.0.0+beta.2", "1.0.0.0+beta.1", Equal),
            ("2", "2.0.0.0", Equal),
            // `int.TryParse` decides what is numeric: past i32 a label is a string.
            ("1.0.0-a.2147483647", "1.0.0-a.2147483648", Less),
            ("1.0.0-a.2147483648", "1.0.0-a.b", Less),
            ("1.0.0-a.-1", "1.0.0-a.0", Less),
        ],
    );
}

#[test]
fn nuget_refuses() {
    // NuGetVersionTest.ParseThrowsIfStringIsNotAValidSemVer, plus `v` and label rules.
    check_refused(
        Scheme::NuGet,
        &[
            "",
            "1beta",
            "1.2Av^c",
            "1.2..",
            "1.2.3.4.5",
            "1.2.3.Beta",
            "So.is.this",
            "1.34.2Alpha",
            "1.4.7-",
            "1.4.7-*",
            "1.4.7+*",
            "1.4.7-AA.01^",
            "1.4.7-A^A",
            "1.4.7+AA.01^",
            "1.2147483648",
            "2147483648.2.3.4",
            "10000000000000000000",
            "1..2",
            "....",
            "..1",
            "-1.1.1.1",
            "1.-1.1.1",
            "1.",
            "1.1.1.1.",
            "1 .",
            "v1.0.0",
            "V1.0.0",
            "1.0.0-01",
            "1.0.0-beta..1",
            "1.0.0+",
            "*",
        ],
    );
}

#[test]
fn packagist_ordering() {
    let brief = check_increasing(
        Scheme::Packagist,
        &[
            "1.0.0-dev",
            "1.0.0-alpha1",
            "1.0.0-beta",
            "1.0.0-RC1",
            "1.0.0",
            "1.0.0-patch1",
            "1.0.1",
        ],
    );
    // SemverTest::sortProvider.
    let sorted = check_increasing(
        Scheme::Packagist,
        &["0.1", "1.0", "2.4.0-alpha", "2.4.0", "3.2.1"],
    );
    assert!(brief + sorted >= 10);
    check(
        Scheme::Packagist,
        &[
            // VersionParserTest::successfulNormalizedVersions: input = normalised form.
            ("1.0.0", "1.0.0.0", Equal),
            ("1.0.0RC1dev", "1.0.0.0-RC1-dev", Equal),
            ("1.0.0-rC15-dev", "1.0.0.0-RC15-dev", Equal),
            ("1.0.0.RC.15-dev", "1.0.0.0-RC15-dev", Equal),
            ("1.0.0-rc1", "1.0.0.0-RC1", Equal),
            ("1.0.0.pl3-dev", "1.0.0.0-patch3-dev", Equal),
            ("1.0-dev", "1.0.0.0-dev", Equal),
            ("0", "0.0.0.0", Equal),
            ("10.4.13beta.2", "10.4.13.0-beta2", Equal),
            ("v1.13.11-beta.0", "1.13.11.0-beta0", Equal),
            ("10.4.13-b", "10.4.13.0-beta", Equal),
            ("10.4.13-b5", "10.4.13.0-beta5", Equal),
            ("v1.0.0", "1.0.0.0", Equal),
            ("2010.01", "2010.01.0.0", Equal),
            ("20100102-203040", "20100102.203040", Equal),
            ("20100102-203040-p1", "20100102.203040-patch1", Equal),
            ("201903.0-p2", "201903.0-patch2", Equal),
            (
                "20100102.x-dev",
                "20100102.9999999.9999999.9999999-dev",
                Equal,
            ),
            ("1.x-dev", "1.9999999.9999999.9999999-dev", Equal),
            ("041.x-dev", "41.9999999.9999999.9999999-dev", Equal),
            ("1.0.0-beta.5+foo", "1.0.0.0-beta5", Equal),
            ("1.0.0+foo", "1.0.0.0", Equal),
            ("1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1", Equal),
            ("1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3", Equal),
            ("1.0.0+foo@dev", "1.0.0.0", Equal),
            ("1.0.0+foo as 2.0", "1.0.0.0", Equal),
            ("00.01.03.04", "0.1.3.4", Equal),
            ("0700", "700.0.0.0", Equal),
            // Stability spellings (`expandStability`) and `version_compare` ranks.
            ("1.0.0-a1", "1.0.0-alpha1", Equal),
            ("1.0.0-b2", "1.0.0-beta2", Equal),
            ("1.0.0-p1", "1.0.0-pl1", Equal),
            ("1.0.0-ALPHA", "1.0.0-alpha", Equal),
            ("1.0.0-stable", "1.0.0", Equal),
            ("1.0.0-alpha", "1.0.0-alpha1", Less),
            ("1.0.0-alpha2", "1.0.0-alpha10", Less),
            ("1.0.0-beta1-dev", "1.0.0-beta1", Less),
            ("1.0.0-alpha-dev", "1.0.0-alpha1-dev", Less),
            ("1.0.0-patch1", "1.0.1", Less),
            ("1.0.0-dev", "0.9.9", Greater),
            ("1.0", "1.0.0", Equal),
            ("V2.3.4", "2.3.4", Equal),
            // SemverTest::satisfiesProviderNegative: a pre-release is below its release.
            ("1.2.3-beta", "1.2.3", Less),
            ("1.0.0beta", "1", Less),
            ("2.0.0beta", "1.9999.9999", Greater),
            // A date version keeps its own length: `2010.01.02` (classical) has a fourth 0.
            ("2010-01-02", "2010.01.02", Less),
            ("20100102", "2.0.0", Greater),
            // Typical advisory bounds (Symfony, Laravel).
            ("v5.4.46", "5.4.47", Less),
            ("6.4.0-BETA1", "6.4.0", Less),
            ("10.48.29", "10.48.3", Greater),
        ],
    );
}

#[test]
fn packagist_refuses() {
    // VersionParserTest::failingNormalizedVersions, plus branches (not ordered by Composer).
    check_refused(
        Scheme::Packagist,
        &[
            "",
            "a",
            "1.0.0-meh",
            "1.0.0.0.0",
            "feature-foo",
            "1.0.0+foo bar",
            "1.0.1-SNAPSHOT",
            "1.0.0<1.0.5-dev",
            "1.0.0-dev<1.0.5-dev",
            "foo bar-dev",
            "1.0 .2",
            " as ",
            "^",
            "~1",
            "^1",
            "1.*",
            "20100102.0.3.4",
            "1.0.0-1",
            "dev-master",
            "master",
            "DEV-FOOBAR",
            "1.0.0 as",
            "*",
        ],
    );
}

/// Checks that `cmp` on the parsed versions is a total order on `versions`.
fn assert_total_order(scheme: Scheme, versions: &[String]) -> Result<(), TestCaseError> {
    let parsed: Vec<_> = versions
        .iter()
        .filter_map(|v| scheme.parse(v).ok())
        .collect();
    for a in &parsed {
        prop_assert_eq!(a.cmp(a), Equal);
        for b in &parsed {
            let ab = a.cmp(b);
            prop_assert_eq!(ab, b.cmp(a).reverse(), "antisymmetry {:?} {:?}", a, b);
            for c in &parsed {
                if ab != Greater && b.cmp(c) != Greater {
                    prop_assert_ne!(a.cmp(c), Greater, "transitivity {:?} {:?} {:?}", a, b, c);
                }
                if ab == Equal {
                    prop_assert_eq!(a.cmp(c), b.cmp(c), "equal {:?} {:?} vs {:?}", a, b, c);
                }
            }
        }
    }
    Ok(())
}

const RUBYGEMS_LIKE: &str =
    "[0-2]{1,2}(\\.[0-2a-cA-C]{1,2}){0,4}(-[0-2a-c-]{1,3}(\\.[0-2a-c]{1,2}){0,2})?";
const NUGET_LIKE: &str = "[0-2]{1,2}(\\.[0-2]{1,2}){0,3}(-[0-2a-cA-C-]{1,3}(\\.[0-2a-cA-C-]{1,3}){0,2})?(\\+[a-z0-9]{1,3})?";
const PACKAGIST_LIKE: &str = "(v?[0-2]{1,2}(\\.[0-2]{1,2}){0,4}|20[0-9]{2}([.:-]?[0-9]{2}){1,4})\
     ([._-]?(alpha|a|beta|b|RC|rc|patch|pl|p|stable|STABLE)([.-]?[0-2]){0,2})?([.-]?dev)?\
     |v?[0-2](\\.([0-2]|x|\\*)){0,3}[.-]?dev";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn new_schemes_never_panic(s in any::<String>(), t in "[0-9a-zA-Z.+_~:@* -]{0,24}") {
        for scheme in [Scheme::RubyGems, Scheme::NuGet, Scheme::Packagist] {
            let _ = scheme.parse(&s);
            let _ = scheme.parse(&t);
            let _ = scheme.compare(&t, &s);
        }
    }

    #[test]
    fn rubygems_is_a_total_order(v in prop::collection::vec(RUBYGEMS_LIKE, 3..8)) {
        assert_total_order(Scheme::RubyGems, &v)?;
    }

    #[test]
    fn nuget_is_a_total_order(v in prop::collection::vec(NUGET_LIKE, 3..8)) {
        assert_total_order(Scheme::NuGet, &v)?;
    }

    #[test]
    fn packagist_is_a_total_order(v in prop::collection::vec(PACKAGIST_LIKE, 3..8)) {
        assert_total_order(Scheme::Packagist, &v)?;
    }
}
