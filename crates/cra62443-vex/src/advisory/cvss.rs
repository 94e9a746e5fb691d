//! CVSS v2.0 and v3.0/v3.1 vectors and scores, as CSAF 2.0 `cvss_v2` / `cvss_v3` objects
//! (the FIRST JSON schemas), for the advisory builder and tests 6.1.8–6.1.10.

use serde_json::{Map, Value, json};

/// One metric: vector key, JSON property, (vector value, JSON value) pairs.
type Metric = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const IMPACT3: &[(&str, &str)] = &[("H", "HIGH"), ("L", "LOW"), ("N", "NONE")];
const AV3: &[(&str, &str)] = &[
    ("N", "NETWORK"),
    ("A", "ADJACENT_NETWORK"),
    ("L", "LOCAL"),
    ("P", "PHYSICAL"),
];
const M_IMPACT3: &[(&str, &str)] = &[
    ("X", "NOT_DEFINED"),
    ("H", "HIGH"),
    ("L", "LOW"),
    ("N", "NONE"),
];
const REQ3: &[(&str, &str)] = &[
    ("X", "NOT_DEFINED"),
    ("H", "HIGH"),
    ("M", "MEDIUM"),
    ("L", "LOW"),
];

/// CVSS v3.x metrics in vector order.
pub const V3_METRICS: &[Metric] = &[
    ("AV", "attackVector", AV3),
    ("AC", "attackComplexity", &[("L", "LOW"), ("H", "HIGH")]),
    (
        "PR",
        "privilegesRequired",
        &[("N", "NONE"), ("L", "LOW"), ("H", "HIGH")],
    ),
    ("UI", "userInteraction", &[("N", "NONE"), ("R", "REQUIRED")]),
    ("S", "scope", &[("U", "UNCHANGED"), ("C", "CHANGED")]),
    ("C", "confidentialityImpact", IMPACT3),
    ("I", "integrityImpact", IMPACT3),
    ("A", "availabilityImpact", IMPACT3),
    (
        "E",
        "exploitCodeMaturity",
        &[
            ("X", "NOT_DEFINED"),
            ("H", "HIGH"),
            ("F", "FUNCTIONAL"),
            ("P", "PROOF_OF_CONCEPT"),
            ("U", "UNPROVEN"),
        ],
    ),
    (
        "RL",
        "remediationLevel",
        &[
            ("X", "NOT_DEFINED"),
            ("U", "UNAVAILABLE"),
            ("W", "WORKAROUND"),
            ("T", "TEMPORARY_FIX"),
            ("O", "OFFICIAL_FIX"),
        ],
    ),
    (
        "RC",
        "reportConfidence",
        &[
            ("X", "NOT_DEFINED"),
            ("C", "CONFIRMED"),
            ("R", "REASONABLE"),
            ("U", "UNKNOWN"),
        ],
    ),
    ("CR", "confidentialityRequirement", REQ3),
    ("IR", "integrityRequirement", REQ3),
    ("AR", "availabilityRequirement", REQ3),
    (
        "MAV",
        "modifiedAttackVector",
        &[
            ("X", "NOT_DEFINED"),
            ("N", "NETWORK"),
            ("A", "ADJACENT_NETWORK"),
            ("L", "LOCAL"),
            ("P", "PHYSICAL"),
        ],
    ),
    (
        "MAC",
        "modifiedAttackComplexity",
        &[("X", "NOT_DEFINED"), ("L", "LOW"), ("H", "HIGH")],
    ),
    (
        "MPR",
        "modifiedPrivilegesRequired",
        &[
            ("X", "NOT_DEFINED"),
            ("N", "NONE"),
            ("L", "LOW"),
            ("H", "HIGH"),
        ],
    ),
    (
        "MUI",
        "modifiedUserInteraction",
        &[("X", "NOT_DEFINED"), ("N", "NONE"), ("R", "REQUIRED")],
    ),
    (
        "MS",
        "modifiedScope",
        &[("X", "NOT_DEFINED"), ("U", "UNCHANGED"), ("C", "CHANGED")],
    ),
    ("MC", "modifiedConfidentialityImpact", M_IMPACT3),
    ("MI", "modifiedIntegrityImpact", M_IMPACT3),
    ("MA", "modifiedAvailabilityImpact", M_IMPACT3),
];

const IMPACT2: &[(&str, &str)] = &[("N", "NONE"), ("P", "PARTIAL"), ("C", "COMPLETE")];
const REQ2: &[(&str, &str)] = &[
    ("L", "LOW"),
    ("M", "MEDIUM"),
    ("H", "HIGH"),
    ("ND", "NOT_DEFINED"),
];

/// CVSS v2 metrics in vector order.
pub const V2_METRICS: &[Metric] = &[
    (
        "AV",
        "accessVector",
        &[("L", "LOCAL"), ("A", "ADJACENT_NETWORK"), ("N", "NETWORK")],
    ),
    (
        "AC",
        "accessComplexity",
        &[("H", "HIGH"), ("M", "MEDIUM"), ("L", "LOW")],
    ),
    (
        "Au",
        "authentication",
        &[("M", "MULTIPLE"), ("S", "SINGLE"), ("N", "NONE")],
    ),
    ("C", "confidentialityImpact", IMPACT2),
    ("I", "integrityImpact", IMPACT2),
    ("A", "availabilityImpact", IMPACT2),
    (
        "E",
        "exploitability",
        &[
            ("U", "UNPROVEN"),
            ("POC", "PROOF_OF_CONCEPT"),
            ("F", "FUNCTIONAL"),
            ("H", "HIGH"),
            ("ND", "NOT_DEFINED"),
        ],
    ),
    (
        "RL",
        "remediationLevel",
        &[
            ("OF", "OFFICIAL_FIX"),
            ("TF", "TEMPORARY_FIX"),
            ("W", "WORKAROUND"),
            ("U", "UNAVAILABLE"),
            ("ND", "NOT_DEFINED"),
        ],
    ),
    (
        "RC",
        "reportConfidence",
        &[
            ("UC", "UNCONFIRMED"),
            ("UR", "UNCORROBORATED"),
            ("C", "CONFIRMED"),
            ("ND", "NOT_DEFINED"),
        ],
    ),
    (
        "CDP",
        "collateralDamagePotential",
        &[
            ("N", "NONE"),
            ("L", "LOW"),
            ("LM", "LOW_MEDIUM"),
            ("MH", "MEDIUM_HIGH"),
            ("H", "HIGH"),
            ("ND", "NOT_DEFINED"),
        ],
    ),
    (
        "TD",
        "targetDistribution",
        &[
            ("N", "NONE"),
            ("L", "LOW"),
            ("M", "MEDIUM"),
            ("H", "HIGH"),
            ("ND", "NOT_DEFINED"),
        ],
    ),
    ("CR", "confidentialityRequirement", REQ2),
    ("IR", "integrityRequirement", REQ2),
    ("AR", "availabilityRequirement", REQ2),
];

/// A parsed vector: version plus (key, value) pairs in vector order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vector {
    /// `"2.0"`, `"3.0"` or `"3.1"`.
    pub version: &'static str,
    /// Metric key/value pairs as written.
    pub metrics: Vec<(String, String)>,
}

impl Vector {
    fn get(&self, key: &str) -> Option<&str> {
        self.metrics
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has_any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.get(k).is_some())
    }
}

fn parse_metrics(body: &str, table: &[Metric], version: &'static str) -> Result<Vector, String> {
    let mut metrics: Vec<(String, String)> = Vec::new();
    if body.is_empty() {
        return Err("empty vector".into());
    }
    for part in body.split('/') {
        let Some((k, v)) = part.split_once(':') else {
            return Err(format!("malformed metric {part:?}"));
        };
        let Some((_, _, values)) = table.iter().find(|(key, _, _)| *key == k) else {
            return Err(format!("unknown metric {k:?}"));
        };
        if !values.iter().any(|(code, _)| *code == v) {
            return Err(format!("invalid value {v:?} for metric {k}"));
        }
        if metrics.iter().any(|(key, _)| key == k) {
            return Err(format!("metric {k} given twice"));
        }
        metrics.push((k.to_string(), v.to_string()));
    }
    Ok(Vector { version, metrics })
}

/// Parses a CVSS v3.0/v3.1 vector (`CVSS:3.1/AV:N/…`). Every key and value must be valid and
/// no metric may repeat; all eight base metrics are needed to compute scores.
pub fn parse_v3(vector: &str) -> Result<Vector, String> {
    let (version, body) = if let Some(b) = vector.strip_prefix("CVSS:3.1/") {
        ("3.1", b)
    } else if let Some(b) = vector.strip_prefix("CVSS:3.0/") {
        ("3.0", b)
    } else {
        return Err("a CVSS v3 vector starts with CVSS:3.0/ or CVSS:3.1/".into());
    };
    parse_metrics(body, V3_METRICS, version)
}

/// Parses a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P…`, optionally in parentheses).
pub fn parse_v2(vector: &str) -> Result<Vector, String> {
    let body = vector
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or(vector);
    parse_metrics(body, V2_METRICS, "2.0")
}

/// Computed scores (temporal and environmental are computed with undefined metrics at their
/// neutral values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Base score.
    pub base: f64,
    /// Temporal score.
    pub temporal: f64,
    /// Environmental score.
    pub environmental: f64,
}

/// The qualitative rating of a v3 score: NONE, LOW, MEDIUM, HIGH, CRITICAL.
pub fn severity(score: f64) -> &'static str {
    if score <= 0.0 {
        "NONE"
    } else if score < 4.0 {
        "LOW"
    } else if score < 7.0 {
        "MEDIUM"
    } else if score < 9.0 {
        "HIGH"
    } else {
        "CRITICAL"
    }
}

fn round_up_30(d: f64) -> f64 {
    (d * 10.0).ceil() / 10.0
}

fn round_up_31(d: f64) -> f64 {
    let int_input = (d * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) as f64 + 1.0) / 10.0
    }
}

/// CVSS v3.0/v3.1 base, temporal and environmental scores per the FIRST specification and
/// reference calculators. `None` if a base metric is missing.
pub fn score_v3(v: &Vector) -> Option<Scores> {
    let get = |k: &str| v.get(k).unwrap_or("X");
    for k in ["AV", "AC", "PR", "UI", "S", "C", "I", "A"] {
        v.get(k)?;
    }
    let v31 = v.version == "3.1";
    let round = |d: f64| if v31 { round_up_31(d) } else { round_up_30(d) };
    let av = |x: &str| match x {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    };
    let ac = |x: &str| if x == "L" { 0.77 } else { 0.44 };
    let pr = |x: &str, changed: bool| match (x, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    };
    let ui = |x: &str| if x == "N" { 0.85 } else { 0.62 };
    let cia = |x: &str| match x {
        "H" => 0.56,
        "L" => 0.22,
        _ => 0.0,
    };
    let e = match get("E") {
        "U" => 0.91,
        "P" => 0.94,
        "F" => 0.97,
        _ => 1.0,
    };
    let rl = match get("RL") {
        "O" => 0.95,
        "T" => 0.96,
        "W" => 0.97,
        _ => 1.0,
    };
    let rc = match get("RC") {
        "U" => 0.92,
        "R" => 0.96,
        _ => 1.0,
    };
    let req = |x: &str| match x {
        "L" => 0.5,
        "H" => 1.5,
        _ => 1.0,
    };
    let changed = get("S") == "C";
    let iss: f64 = 1.0 - (1.0 - cia(get("C"))) * (1.0 - cia(get("I"))) * (1.0 - cia(get("A")));
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
    } else {
        6.42 * iss
    };
    let exploitability =
        8.22 * av(get("AV")) * ac(get("AC")) * pr(get("PR"), changed) * ui(get("UI"));
    let base = if impact <= 0.0 {
        0.0
    } else if changed {
        round(f64::min(1.08 * (impact + exploitability), 10.0))
    } else {
        round(f64::min(impact + exploitability, 10.0))
    };
    let temporal = round(base * e * rl * rc);

    let m = |mk: &str, bk: &str| -> String {
        match v.get(mk) {
            Some(x) if x != "X" => x.to_string(),
            _ => get(bk).to_string(),
        }
    };
    let m_changed = m("MS", "S") == "C";
    let miss: f64 = f64::min(
        1.0 - (1.0 - cia(&m("MC", "C")) * req(get("CR")))
            * (1.0 - cia(&m("MI", "I")) * req(get("IR")))
            * (1.0 - cia(&m("MA", "A")) * req(get("AR"))),
        0.915,
    );
    let m_impact = if m_changed {
        if v31 {
            7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13)
        } else {
            7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15)
        }
    } else {
        6.42 * miss
    };
    let m_expl = 8.22
        * av(&m("MAV", "AV"))
        * ac(&m("MAC", "AC"))
        * pr(&m("MPR", "PR"), m_changed)
        * ui(&m("MUI", "UI"));
    let environmental = if m_impact <= 0.0 {
        0.0
    } else if m_changed {
        round(round(f64::min(1.08 * (m_impact + m_expl), 10.0)) * e * rl * rc)
    } else {
        round(round(f64::min(m_impact + m_expl, 10.0)) * e * rl * rc)
    };
    Some(Scores {
        base,
        temporal,
        environmental,
    })
}

/// JavaScript `Number.prototype.toFixed(1)`: the nearest one-decimal value to the exact binary
/// value, exact ties rounded up (as cvss2js does).
fn to_fixed1(x: f64) -> f64 {
    let y = x * 10.0;
    if y.fract().abs() == 0.5 && y / 10.0 == x {
        return (y + 0.5).floor() / 10.0;
    }
    format!("{x:.1}").parse().unwrap_or(x)
}

/// JavaScript `Math.round`: half rounds towards +infinity.
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

fn quick_round(x: f64) -> f64 {
    js_round(x * 10.0) / 10.0
}

fn mkint(x: f64) -> f64 {
    js_round(x * 1000.0)
}

fn mkflt(x: f64) -> f64 {
    x / 1000.0
}

/// CVSS v2 base, temporal and environmental scores per the CVSS v2 guide. `None` if a base
/// metric is missing.
///
/// Base and temporal scores follow the guide's formulas rounded like `toFixed(1)`; the
/// environmental score reproduces the fixed-point arithmetic of the official CSAF validator
/// (csaf-validator-lib), so test 6.1.9 gives the same verdict as the validator.
pub fn score_v2(v: &Vector) -> Option<Scores> {
    for k in ["AV", "AC", "Au", "C", "I", "A"] {
        v.get(k)?;
    }
    let get = |k: &str| v.get(k).unwrap_or("ND");
    let av = match get("AV") {
        "L" => 0.395,
        "A" => 0.646,
        _ => 1.0,
    };
    let ac = match get("AC") {
        "H" => 0.35,
        "M" => 0.61,
        _ => 0.71,
    };
    let au = match get("Au") {
        "M" => 0.45,
        "S" => 0.56,
        _ => 0.704,
    };
    let imp = |x: &str| match x {
        "P" => 0.275,
        "C" => 0.660,
        _ => 0.0,
    };
    let e = match get("E") {
        "U" => 0.85,
        "POC" => 0.9,
        "F" => 0.95,
        _ => 1.0,
    };
    let rl = match get("RL") {
        "OF" => 0.87,
        "TF" => 0.90,
        "W" => 0.95,
        _ => 1.0,
    };
    let rc = match get("RC") {
        "UC" => 0.90,
        "UR" => 0.95,
        _ => 1.0,
    };
    let cdp = match get("CDP") {
        "L" => 0.1,
        "LM" => 0.3,
        "MH" => 0.4,
        "H" => 0.5,
        _ => 0.0,
    };
    let td = match get("TD") {
        "N" => 0.0,
        "L" => 0.25,
        "M" => 0.75,
        _ => 1.0,
    };
    let req = |x: &str| match x {
        "L" => 0.5,
        "H" => 1.51,
        _ => 1.0,
    };
    let (c, i, a) = (imp(get("C")), imp(get("I")), imp(get("A")));
    let f = |x: f64| if x == 0.0 { 0.0 } else { 1.176 };
    let expl = 20.0 * av * ac * au;

    let impact = 10.41 * (1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a));
    let base = to_fixed1(((0.6 * impact) + (0.4 * expl) - 1.5) * f(impact));
    let temporal = to_fixed1(base * e * rl * rc);

    let one = mkint(1.0);
    let impact_fp = 10.41
        * mkflt(one - mkint(mkflt(one - mkint(c)) * mkflt(one - mkint(i)) * mkflt(one - mkint(a))));
    let base_fp =
        quick_round(mkflt(mkint(0.6 * impact_fp) + mkint(0.4 * expl) - mkint(1.5)) * f(impact_fp));
    let environmental = if v.has_any(&["CDP", "TD", "CR", "IR", "AR"]) {
        let adj_impact = f64::min(
            10.0,
            10.41
                * mkflt(
                    one - mkint(
                        mkflt(one - mkint(c * req(get("CR"))))
                            * (mkflt(one - mkint(i * req(get("IR"))))
                                * mkflt(one - mkint(a * req(get("AR"))))),
                    ),
                ),
        );
        let adj_base = quick_round(
            mkflt(mkint(0.6 * adj_impact) + mkint(0.4 * expl) - mkint(1.5)) * f(impact_fp),
        );
        let adj_temporal = quick_round(adj_base * e * rl * rc);
        quick_round(
            mkflt(mkint(adj_temporal) + mkint(mkflt(mkint(10.0) - mkint(adj_temporal)) * cdp)) * td,
        )
    } else {
        base_fp
    };
    Some(Scores {
        base,
        temporal,
        environmental,
    })
}

fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// The CSAF `cvss_v3` object for a v3 vector: version, vectorString, every metric given in the
/// vector, the base score and severity, and temporal/environmental scores and severities when
/// the vector has such metrics.
pub fn v3_object(vector: &str) -> Result<Value, String> {
    let v = parse_v3(vector)?;
    let scores = score_v3(&v).ok_or("a CVSS v3 vector needs all eight base metrics")?;
    let mut o = Map::new();
    o.insert("version".into(), json!(v.version));
    o.insert("vectorString".into(), json!(vector));
    for (key, value) in &v.metrics {
        if let Some((_, prop, values)) = V3_METRICS.iter().find(|(k, _, _)| k == key)
            && let Some((_, name)) = values.iter().find(|(c, _)| c == value)
        {
            o.insert((*prop).into(), json!(name));
        }
    }
    o.insert("baseScore".into(), num(scores.base));
    o.insert("baseSeverity".into(), json!(severity(scores.base)));
    if v.has_any(&["E", "RL", "RC"]) {
        o.insert("temporalScore".into(), num(scores.temporal));
        o.insert("temporalSeverity".into(), json!(severity(scores.temporal)));
    }
    if v.has_any(&[
        "CR", "IR", "AR", "MAV", "MAC", "MPR", "MUI", "MS", "MC", "MI", "MA",
    ]) {
        o.insert("environmentalScore".into(), num(scores.environmental));
        o.insert(
            "environmentalSeverity".into(),
            json!(severity(scores.environmental)),
        );
    }
    Ok(Value::Object(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(v: &str) -> f64 {
        score_v3(&parse_v3(v).unwrap()).unwrap().base
    }

    #[test]
    fn v3_reference_scores() {
        // Values from the NVD / FIRST calculators.
        assert_eq!(base("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
        assert_eq!(base("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"), 10.0);
        assert_eq!(base("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"), 6.1);
        assert_eq!(base("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"), 5.5);
        assert_eq!(base("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"), 0.0);
        let s = score_v3(
            &parse_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C").unwrap(),
        )
        .unwrap();
        assert_eq!(s.temporal, 8.8);
        let s = score_v3(
            &parse_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L").unwrap(),
        )
        .unwrap();
        assert_eq!(s.environmental, 6.6);
    }

    #[test]
    fn v2_reference_scores() {
        let s = score_v2(&parse_v2("AV:N/AC:L/Au:N/C:P/I:P/A:P").unwrap()).unwrap();
        assert_eq!(s.base, 7.5);
        let s = score_v2(&parse_v2("AV:N/AC:M/Au:N/C:N/I:P/A:N").unwrap()).unwrap();
        assert_eq!(s.base, 4.3);
        let s = score_v2(&parse_v2("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C").unwrap()).unwrap();
        assert_eq!((s.base, s.temporal), (10.0, 8.3));
    }

    #[test]
    fn rejects_bad_vectors() {
        assert!(parse_v3("CVSS:3.1/AV:Q/AC:L").is_err());
        assert!(parse_v3("CVSS:2.0/AV:N").is_err());
        assert!(parse_v3("CVSS:3.1/AV:N/AV:N").is_err());
        assert!(v3_object("CVSS:3.1/AV:N").is_err());
        let o = v3_object("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap();
        assert_eq!(o["baseSeverity"], "CRITICAL");
        assert_eq!(o["attackVector"], "NETWORK");
    }
}
