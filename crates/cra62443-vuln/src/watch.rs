//! Portfolio monitoring: which products and releases are affected by an advisory, or by
//! anything new since a date (`vuln watch`).
//!
//! Products are `product.yaml` files found anywhere under a folder, read loosely (only
//! `product: {name, version}` and an optional `sbom:` path; other keys are ignored):
//!
//! ```yaml
//! product: {name: gateway, version: "2.1"}
//! sbom: build/gateway.cdx.json   # optional, relative to the folder of product.yaml
//! vex: [psirt/gateway.openvex.json]   # optional, one path or a list, relative likewise
//! ```
//!
//! Without `sbom:`, the folder's `sbom.json`, else the first `*.cdx.json`, else the first
//! `*.spdx.json` (by name) is the product's SBOM; a `product.yaml` without an SBOM is skipped.
//!
//! Each SBOM's components are stored in the database table `sbom_components` (one row per
//! purl package key and per CPE (vendor, product) candidate pair of a component), keyed by the
//! SBOM path, product and version. The rows are written when a product is first seen and
//! replaced when the SBOM's SHA-256 changes, so an SBOM is parsed once. The advisories to check
//! (one ID with `--advisory`, those modified, published, added to the CISA KEV or marked exploited
//! in the EUVD since `--since`, or all)
//! are joined with that index through `package_index` (ecosystem, name) and `cpe_index`
//! (vendor, product); only the components the join returns are evaluated, with the same version
//! logic as [`crate::scan()`]. The product's VEX files (`vex:`, else the folder's `vex.json`
//! if present) are applied as in `vuln scan`, so a `not_affected` or `fixed` statement turns
//! a finding into `suppressed` with the statement recorded; BOM-Links are matched by bom-ref
//! without checking the SBOM serial number (the index does not keep it). Stale statements are
//! not reported here (with `--since` or `--advisory` only part of the advisories is checked).
//!
//! Index rows of products whose `product.yaml` or SBOM is gone from the folder are removed
//! (only rows under the folder given; other portfolios in the same database are kept).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::cpe::{Cpe, candidate_pairs};
use crate::error::VulnError;
use crate::purl::{ecosystem_key, normalise_name, package_key};
use crate::scan::{FindingStatus, Subject, SuppressedBy, apply_vex, match_component};
use crate::store::Database;

/// Which advisories `watch` checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchOptions {
    /// Only advisories modified or published on or after this date (`YYYY-MM-DD` or an RFC 3339
    /// time), or whose CVE was added to the CISA KEV or marked exploited in the EUVD on or after
    /// it.
    pub since: Option<String>,
    /// Only this advisory (its ID or an alias, e.g. a CVE ID of an OSV record).
    pub advisory: Option<String>,
}

/// The result of `watch`. Field names are a public contract (JSON output).
#[derive(Debug, Clone, Serialize)]
pub struct WatchReport {
    /// Every product found, with its findings (possibly none).
    pub products: Vec<WatchProduct>,
    /// How many advisories were checked against the portfolio.
    pub advisories_checked: usize,
    /// The `--since` filter, if given.
    pub since: Option<String>,
}

/// One product release of the portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct WatchProduct {
    /// `product.name` of `product.yaml`.
    pub product: String,
    /// `product.version` of `product.yaml`.
    pub version: Option<String>,
    /// The SBOM path.
    pub sbom: String,
    /// The VEX files applied.
    pub vex: Vec<String>,
    /// Findings of the checked advisories.
    pub findings: Vec<WatchFinding>,
}

/// One finding of `watch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WatchFinding {
    /// Advisory ID.
    pub id: String,
    /// `name version` of the component.
    pub component: String,
    /// Status (`suppressed` when a VEX statement of the product covers it).
    pub status: FindingStatus,
    /// Whether the vulnerability is in the KEV catalogue.
    pub kev: bool,
    /// The VEX statement that suppressed the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed_by: Option<SuppressedBy>,
}

/// A product found under the portfolio folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductEntry {
    /// The `product.yaml` file.
    pub manifest: PathBuf,
    /// Product name.
    pub product: String,
    /// Product version (release).
    pub version: Option<String>,
    /// The SBOM file.
    pub sbom: PathBuf,
    /// The VEX files to apply.
    pub vex: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct ProductFile {
    product: ProductMeta,
    #[serde(default)]
    sbom: Option<String>,
    #[serde(default)]
    vex: Option<OneOrMany>,
}

/// `vex: file` or `vex: [file, …]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct ProductMeta {
    name: Scalar,
    #[serde(default)]
    version: Option<Scalar>,
}

/// A YAML scalar read as text (`version: 1.0` is a float to YAML).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> VulnError + '_ {
    move |e| VulnError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Finds `product.yaml` files under `dir` (recursively, sorted) that have an SBOM.
pub fn discover_products(dir: &Path) -> Result<Vec<ProductEntry>, VulnError> {
    let mut manifests = Vec::new();
    collect_manifests(dir, &mut manifests).map_err(io_err(dir))?;
    manifests.sort();
    let mut out = Vec::new();
    for manifest in manifests {
        let text = std::fs::read_to_string(&manifest).map_err(io_err(&manifest))?;
        let file: ProductFile = serde_saphyr::from_str(&text).map_err(|e| VulnError::Source {
            path: manifest.clone(),
            detail: format!("not a product.yaml with `product: {{name, version}}`: {e}"),
        })?;
        let folder = manifest.parent().unwrap_or(Path::new("."));
        let Some(sbom) = find_sbom(folder, file.sbom.as_deref()).map_err(io_err(folder))? else {
            continue;
        };
        // One key per file however the folder was named on the command line.
        let sbom = std::fs::canonicalize(&sbom).unwrap_or(sbom);
        let vex = match file.vex {
            Some(OneOrMany::One(p)) => vec![folder.join(p)],
            Some(OneOrMany::Many(list)) => list.iter().map(|p| folder.join(p)).collect(),
            None => Some(folder.join("vex.json"))
                .filter(|p| p.is_file())
                .into_iter()
                .collect(),
        };
        if let Some(missing) = vex.iter().find(|p| !p.is_file()) {
            return Err(VulnError::Source {
                path: manifest.clone(),
                detail: format!("`vex:` names {}, which is not a file", missing.display()),
            });
        }
        out.push(ProductEntry {
            manifest: manifest.clone(),
            product: file.product.name.text(),
            version: file.product.version.map(Scalar::text),
            sbom,
            vex,
        });
    }
    Ok(out)
}

fn collect_manifests(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            collect_manifests(&entry.path(), out)?;
        } else if ty.is_file() && entry.file_name() == "product.yaml" {
            out.push(entry.path());
        }
    }
    Ok(())
}

fn find_sbom(folder: &Path, explicit: Option<&str>) -> std::io::Result<Option<PathBuf>> {
    if let Some(p) = explicit {
        let p = folder.join(p);
        return Ok(p.is_file().then_some(p));
    }
    let direct = folder.join("sbom.json");
    if direct.is_file() {
        return Ok(Some(direct));
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    for suffix in [".cdx.json", ".spdx.json"] {
        if let Some(p) = names.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(suffix))
        }) {
            return Ok(Some(p.clone()));
        }
    }
    Ok(None)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores the component index of a product's SBOM unless the same SBOM (by SHA-256) is already
/// indexed for it. Returns `true` when the SBOM was (re)indexed.
pub fn index_product(db: &mut Database, entry: &ProductEntry) -> Result<bool, VulnError> {
    let bytes = std::fs::read(&entry.sbom).map_err(io_err(&entry.sbom))?;
    let sha = sha256_hex(&bytes);
    let path = entry.sbom.to_string_lossy().into_owned();
    let known: Option<String> = db
        .conn()
        .query_row(
            "SELECT sbom_sha256 FROM sbom_components WHERE path = ?1 AND product = ?2 AND version IS ?3 LIMIT 1",
            params![path, entry.product, entry.version],
            |r| r.get(0),
        )
        .optional()?;
    if known.as_deref() == Some(sha.as_str()) {
        return Ok(false);
    }
    let name = entry.sbom.to_string_lossy();
    let sbom = cra62443_sbom::parse_bytes(&name, &bytes).map_err(|e| VulnError::Source {
        path: entry.sbom.clone(),
        detail: e.to_string(),
    })?;
    let tx = db.conn_mut().transaction()?;
    tx.execute(
        "DELETE FROM sbom_components WHERE path = ?1 AND product = ?2 AND version IS ?3",
        params![path, entry.product, entry.version],
    )?;
    {
        let mut put = tx.prepare(
            "INSERT INTO sbom_components(sbom_sha256, path, product, version, ecosystem, name,
               version_str, purl, cpe_vendor, cpe_product, bom_ref, component, cpe)
             VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for c in &sbom.components {
            let mut row = |eco: Option<String>,
                           pkg: Option<String>,
                           vendor: Option<String>,
                           product: Option<String>,
                           cpe: Option<&String>|
             -> rusqlite::Result<usize> {
                put.execute(params![
                    sha,
                    path,
                    entry.product,
                    entry.version,
                    eco,
                    pkg,
                    c.version,
                    c.purl,
                    vendor,
                    product,
                    c.bom_ref,
                    c.name,
                    cpe
                ])
            };
            let mut rows = 0;
            if let Some(key) = c.purl.as_deref().and_then(package_key) {
                row(
                    Some(ecosystem_key(&key.ecosystem)),
                    Some(normalise_name(&key.ecosystem, &key.name)),
                    None,
                    None,
                    None,
                )?;
                rows += 1;
            }
            for raw in &c.cpes {
                let Ok(cpe) = Cpe::parse(raw) else { continue };
                for (vendor, product, _) in candidate_pairs(&cpe, &c.name) {
                    row(None, None, Some(vendor), Some(product), Some(raw))?;
                    rows += 1;
                }
            }
            if rows == 0 {
                // Neither purl key nor CPE: recorded so the product counts as indexed.
                row(None, None, None, None, None)?;
            }
        }
    }
    tx.commit()?;
    Ok(true)
}

/// Removes the index rows of SBOMs under `dir` that no discovered product uses any more.
fn forget_vanished(
    db: &mut Database,
    dir: &Path,
    products: &[ProductEntry],
) -> Result<(), VulnError> {
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let root = root.to_string_lossy().into_owned();
    let keep: HashSet<(String, String, Option<String>)> = products
        .iter()
        .map(|p| {
            (
                p.sbom.to_string_lossy().into_owned(),
                p.product.clone(),
                p.version.clone(),
            )
        })
        .collect();
    let indexed: Vec<(String, String, Option<String>)> = {
        let mut stmt = db
            .conn()
            .prepare("SELECT DISTINCT path, product, version FROM sbom_components")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?
    };
    let tx = db.conn_mut().transaction()?;
    for key in indexed {
        let under = Path::new(&key.0).starts_with(&root);
        if under && !keep.contains(&key) {
            tx.execute(
                "DELETE FROM sbom_components WHERE path = ?1 AND product = ?2 AND version IS ?3",
                params![key.0, key.1, key.2],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The advisory IDs selected by `opts` (all advisories when neither filter is given).
fn selected_ids(db: &Database, opts: &WatchOptions) -> Result<BTreeSet<String>, VulnError> {
    let conn = db.conn();
    let collect = |sql: &str, arg: &str| -> Result<BTreeSet<String>, VulnError> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([arg], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<BTreeSet<_>, _>>()?)
    };
    // The advisories that are, or alias, one of the CVE IDs a subquery selects (KEV and
    // EUVD rows are keyed by CVE; an OSV record reaches them through its aliases).
    let via_cves = |cves: &str, arg: &str| {
        collect(
            &format!(
                "SELECT id FROM advisories WHERE id IN ({cves})
                 UNION SELECT id FROM aliases WHERE alias IN ({cves})"
            ),
            arg,
        )
    };
    let by_id = match &opts.advisory {
        Some(id) => {
            let mut set = collect("SELECT id FROM advisories WHERE id = ?1", id)?;
            set.extend(collect("SELECT id FROM aliases WHERE alias = ?1", id)?);
            // An EUVD ID reaches the CVE advisories it aliases (and their OSV aliases).
            set.extend(via_cves("SELECT cve FROM euvd WHERE euvd = ?1", id)?);
            Some(set)
        }
        None => None,
    };
    let by_date = match &opts.since {
        Some(since) => {
            let mut set = collect(
                "SELECT id FROM advisories
                 WHERE coalesce(json_extract(json, '$.modified'), '') >= ?1
                    OR coalesce(json_extract(json, '$.published'), '') >= ?1",
                since,
            )?;
            set.extend(via_cves(
                "SELECT cve FROM kev WHERE date_added >= ?1",
                since,
            )?);
            set.extend(via_cves(
                "SELECT cve FROM euvd WHERE exploited_since >= ?1",
                since,
            )?);
            Some(set)
        }
        None => None,
    };
    Ok(match (by_id, by_date) {
        (Some(a), Some(b)) => a.intersection(&b).cloned().collect(),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => {
            let mut stmt = conn.prepare("SELECT id FROM advisories")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<Result<BTreeSet<_>, _>>()?
        }
    })
}

/// Checks the portfolio under `dir` against the selected advisories, indexing new or changed
/// SBOMs first.
pub fn watch(db: &mut Database, dir: &Path, opts: &WatchOptions) -> Result<WatchReport, VulnError> {
    if let Some(since) = &opts.since {
        let date_part = since.get(..10).unwrap_or(since);
        if date_part.parse::<jiff::civil::Date>().is_err() {
            return Err(VulnError::Source {
                path: PathBuf::from("--since"),
                detail: format!("{since:?} is not a date (YYYY-MM-DD)"),
            });
        }
    }
    let products = discover_products(dir)?;
    for p in &products {
        index_product(db, p)?;
    }
    forget_vanished(db, dir, &products)?;
    let ids = selected_ids(db, opts)?;
    let conn = db.conn();
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS watch_ids(id TEXT PRIMARY KEY); DELETE FROM temp.watch_ids;",
    )?;
    {
        let mut put = conn.prepare("INSERT OR IGNORE INTO temp.watch_ids(id) VALUES(?1)")?;
        for id in &ids {
            put.execute([id])?;
        }
    }
    // Components named by a selected advisory, through the indexes (no SBOM is re-read).
    type Key = (String, String, Option<String>, String);
    let mut hits: BTreeMap<Key, Subject> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT s.path, s.product, s.version, s.bom_ref, s.component, s.version_str, s.purl, s.cpe
             FROM sbom_components s
             WHERE EXISTS (SELECT 1 FROM package_index p JOIN temp.watch_ids w ON w.id = p.id
                           WHERE p.ecosystem = s.ecosystem AND p.name = s.name)
                OR EXISTS (SELECT 1 FROM cpe_index c JOIN temp.watch_ids w ON w.id = c.id
                           WHERE c.vendor = s.cpe_vendor AND c.product = s.cpe_product)",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: Key = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let subject = hits.entry(key.clone()).or_insert_with(|| Subject {
                bom_ref: key.3.clone(),
                ..Subject::default()
            });
            subject.name = r.get(4)?;
            subject.version = r.get(5)?;
            subject.purl = r.get(6)?;
            if let Some(cpe) = r.get::<_, Option<String>>(7)?
                && !subject.cpes.contains(&cpe)
            {
                subject.cpes.push(cpe);
            }
        }
    }
    conn.execute_batch("DELETE FROM temp.watch_ids;")?;
    let mut report = WatchReport {
        products: Vec::new(),
        advisories_checked: ids.len(),
        since: opts.since.clone(),
    };
    for p in &products {
        let path = p.sbom.to_string_lossy().into_owned();
        let mut statements = Vec::new();
        for v in &p.vex {
            let doc = cra62443_vex::read_file(v).map_err(|e| VulnError::Source {
                path: v.clone(),
                detail: e.to_string(),
            })?;
            statements.extend(doc.statements);
        }
        let mut findings = Vec::new();
        let mut seen = HashSet::new();
        for ((hp, hprod, hver, _), subject) in &hits {
            if *hp != path || *hprod != p.product || *hver != p.version {
                continue;
            }
            let mut raw = Vec::new();
            match_component(db, 0, subject, &mut raw)?;
            // Stale statements are not reported by `watch` (see the module documentation).
            let mut used = vec![false; statements.len()];
            apply_vex(&mut raw, &statements, subject, None, &mut used);
            for f in raw {
                if !ids.contains(&f.id) || f.status == FindingStatus::Withdrawn {
                    continue;
                }
                let component = format!(
                    "{} {}",
                    subject.name,
                    subject.version.as_deref().unwrap_or("?")
                );
                if seen.insert((f.id.clone(), component.clone())) {
                    findings.push(WatchFinding {
                        id: f.id,
                        component,
                        status: f.status,
                        kev: f.kev.is_some(),
                        suppressed_by: f.suppressed_by,
                    });
                }
            }
        }
        findings.sort_by(|a, b| (&a.id, &a.component).cmp(&(&b.id, &b.component)));
        report.products.push(WatchProduct {
            product: p.product.clone(),
            version: p.version.clone(),
            sbom: path,
            vex: p.vex.iter().map(|v| v.display().to_string()).collect(),
            findings,
        });
    }
    Ok(report)
}
