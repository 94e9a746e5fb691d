//! The on-disk database: one SQLite file (see the crate documentation for why).
//!
//! Tables: `advisories(id, json, source)`, `aliases(alias, id)`,
//! `package_index(ecosystem, name, id)`, `cpe_index(vendor, product, id)`,
//! `kev(cve, date_added, ransomware)`, `euvd(euvd, cve, exploited_since, origin)` (ENISA EUVD
//! aliases and the EU KEV; added like `sbom_components`), `sources(name, imported_at, count, sha256, skipped)`
//! and `meta(key, value)` holding the schema version; `sbom_components` is the per-SBOM
//! component index of portfolio monitoring ([`crate::watch`]). The table was added without a
//! schema version change: `CREATE TABLE IF NOT EXISTS` adds it to older database files.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::cpe::Cpe;
use crate::error::VulnError;
use crate::import::{ImportLimits, ParsedSource, Skipped, read_source, source_name};
use crate::model::{Advisory, EuvdEntry, KevEntry};
use crate::purl::{ecosystem_key, normalise_name};

/// Schema version written to `meta`; a different value means "rebuild".
pub const SCHEMA_VERSION: &str = "cra62443-vuln/1";

/// Parsed advisories kept by [`Database::advisory`] before the cache is emptied (8,192: a
/// 100,000-component scan of the shared OSV data touches about 3,900 records; with 1,024 it
/// re-parsed them and took 60 % longer).
const ADVISORY_CACHE: usize = 8192;

/// Parsed CPE criteria kept by [`Database::parsed_criteria`] (over all records) before that
/// cache is emptied; about 25 MiB.
const CRITERIA_CACHE: usize = 50_000;

/// SQLite `cache_size` for lookups (negative: KiB).
const LOOKUP_CACHE: i64 = -512;
/// SQLite `cache_size` during an import (negative: KiB).
const IMPORT_CACHE: i64 = -32768;

/// Revision of the importers' reading of the sources, written to `meta`. When a build reads
/// records differently (revision 2: CVE JSON 5 `unaffected`, `changes`, `defaultStatus` and
/// CPE inheritance; 3: commit-only entries give no statement, the CNA decides over the ADP),
/// the recorded source hashes are
/// invalidated, so the next `vulndb import` of an unchanged file reads it again instead of
/// skipping it.
pub const IMPORTER_REVISION: &str = "3";

/// Prefix put before the recorded SHA-256 of a source read by an older importer revision.
pub const OUTDATED_IMPORTER: &str = "outdated-importer:";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS advisories(id TEXT PRIMARY KEY, json TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aliases(alias TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY(alias, id));
CREATE INDEX IF NOT EXISTS aliases_id ON aliases(id);
CREATE TABLE IF NOT EXISTS package_index(ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY(ecosystem, name, id));
CREATE INDEX IF NOT EXISTS package_index_id ON package_index(id);
CREATE TABLE IF NOT EXISTS cpe_index(vendor TEXT NOT NULL, product TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY(vendor, product, id));
CREATE INDEX IF NOT EXISTS cpe_index_id ON cpe_index(id);
CREATE TABLE IF NOT EXISTS kev(cve TEXT PRIMARY KEY, date_added TEXT NOT NULL, ransomware TEXT);
CREATE TABLE IF NOT EXISTS euvd(euvd TEXT NOT NULL, cve TEXT NOT NULL, exploited_since TEXT, origin TEXT,
  PRIMARY KEY(euvd, cve));
CREATE INDEX IF NOT EXISTS euvd_cve ON euvd(cve);
CREATE TABLE IF NOT EXISTS sources(name TEXT PRIMARY KEY, imported_at TEXT NOT NULL, count INTEGER NOT NULL,
  sha256 TEXT NOT NULL, skipped INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sbom_components(sbom_sha256 TEXT NOT NULL, path TEXT NOT NULL,
  product TEXT NOT NULL, version TEXT, ecosystem TEXT, name TEXT, version_str TEXT, purl TEXT,
  cpe_vendor TEXT, cpe_product TEXT, bom_ref TEXT NOT NULL, component TEXT NOT NULL, cpe TEXT);
CREATE INDEX IF NOT EXISTS sbom_components_pkg ON sbom_components(ecosystem, name);
CREATE INDEX IF NOT EXISTS sbom_components_cpe ON sbom_components(cpe_vendor, cpe_product);
CREATE INDEX IF NOT EXISTS sbom_components_path ON sbom_components(path, product);
";

/// An imported source as recorded in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// Source name (last two path components).
    pub name: String,
    /// Import time (RFC 3339).
    pub imported_at: String,
    /// Records stored (advisories plus KEV entries).
    pub count: u64,
    /// SHA-256 of the source.
    pub sha256: String,
    /// Records skipped as unreadable.
    pub skipped: u64,
}

/// Row counts of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Advisories.
    pub advisories: u64,
    /// Withdrawn advisories (included in `advisories`).
    pub withdrawn: u64,
    /// Alias rows.
    pub aliases: u64,
    /// Package index rows.
    pub packages: u64,
    /// CPE index rows.
    pub cpes: u64,
    /// KEV entries.
    pub kev: u64,
    /// EUVD → CVE alias rows.
    pub euvd: u64,
    /// EUVD records marked exploited (EU KEV).
    pub euvd_exploited: u64,
}

/// Sources and counts of a database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DatabaseInfo {
    /// Imported sources.
    pub sources: Vec<SourceInfo>,
    /// Row counts.
    pub counts: Counts,
}

/// What one import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Source name.
    pub source: String,
    /// SHA-256 of the source.
    pub sha256: String,
    /// `true` when the same source with the same SHA-256 was already imported: nothing was done.
    pub unchanged: bool,
    /// Advisories stored (inserted or replaced).
    pub advisories: usize,
    /// KEV entries stored.
    pub kev: usize,
    /// EUVD records stored.
    pub euvd: usize,
    /// Records skipped, with names and reasons.
    pub skipped: Vec<Skipped>,
}

/// The vulnerability database.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    cache: std::cell::RefCell<HashMap<String, Option<std::rc::Rc<Advisory>>>>,
    /// Parsed CPE criteria per advisory ID: parsing them per component was two thirds of a
    /// CPE-path scan (records such as Cisco's carry thousands of CPE statements).
    criteria: std::cell::RefCell<HashMap<String, std::rc::Rc<[Option<Cpe>]>>>,
    /// How many parsed CPEs `criteria` holds.
    criteria_held: std::cell::Cell<usize>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish()
    }
}

fn file_sha256(path: &Path) -> Result<String, VulnError> {
    use sha2::Digest;
    let io = |e| VulnError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = sha2::Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn corrupt(path: &Path, e: impl std::fmt::Display) -> VulnError {
    VulnError::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

impl Database {
    /// Opens the database at `path`, creating it if it does not exist.
    pub fn open(path: impl AsRef<Path>) -> Result<Database, VulnError> {
        let path = path.as_ref();
        let conn = Connection::open(path).map_err(|e| corrupt(path, e))?;
        Self::init(conn, path)
    }

    /// Opens an existing database (for scanning); a missing file is [`VulnError::Missing`].
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Database, VulnError> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(VulnError::Missing {
                path: path.to_path_buf(),
            });
        }
        Self::open(path)
    }

    /// A database held in memory (tests, one-off scans).
    pub fn in_memory() -> Result<Database, VulnError> {
        Self::init(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn init(conn: Connection, path: &Path) -> Result<Database, VulnError> {
        // A small page cache for lookups: scans read a few pages per component, and the cache
        // is most of a scan's heap (SQLite's default is 2 MB). Imports raise it for their
        // transaction ([`IMPORT_CACHE`]).
        conn.execute_batch(&format!(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size={LOOKUP_CACHE};"
        ))
        .map_err(|e| corrupt(path, e))?;
        conn.execute_batch(SCHEMA).map_err(|e| corrupt(path, e))?;
        let version: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| corrupt(path, e))?;
        match version {
            None => {
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES('schema', ?1)",
                    [SCHEMA_VERSION],
                )
                .map_err(|e| corrupt(path, e))?;
            }
            Some(v) if v == SCHEMA_VERSION => {}
            Some(v) => {
                return Err(corrupt(
                    path,
                    format!("schema {v:?}, this build reads {SCHEMA_VERSION:?}"),
                ));
            }
        }
        let importer: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'importer'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| corrupt(path, e))?;
        if importer.as_deref() != Some(IMPORTER_REVISION) {
            conn.execute_batch(&format!(
                "UPDATE sources SET sha256 = '{OUTDATED_IMPORTER}' || sha256
                   WHERE sha256 NOT LIKE '{OUTDATED_IMPORTER}%';
                 INSERT OR REPLACE INTO meta(key, value) VALUES('importer', '{IMPORTER_REVISION}');"
            ))
            .map_err(|e| corrupt(path, e))?;
        }
        Ok(Database {
            conn,
            path: path.to_path_buf(),
            cache: Default::default(),
            criteria: Default::default(),
            criteria_held: Default::default(),
        })
    }

    /// The SQLite connection (for the portfolio index of [`crate::watch`]).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The SQLite connection, mutable (transactions).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The database path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads and imports one source (zip, folder or JSON file). A source whose name and
    /// SHA-256 are already recorded is skipped (`unchanged: true`).
    pub fn import_path(
        &mut self,
        path: impl AsRef<Path>,
        limits: &ImportLimits,
    ) -> Result<ImportReport, VulnError> {
        let path = path.as_ref();
        if path.is_file() {
            // Skip unchanged files before parsing them.
            let sha = file_sha256(path)?;
            let name = source_name(path);
            if self.source_sha256(&name)?.as_deref() == Some(sha.as_str()) {
                return Ok(ImportReport {
                    source: name,
                    sha256: sha,
                    unchanged: true,
                    advisories: 0,
                    kev: 0,
                    euvd: 0,
                    skipped: Vec::new(),
                });
            }
        }
        let parsed = read_source(path, limits)?;
        self.import_parsed(parsed)
    }

    /// The SHA-256 recorded for a source name, if it was imported.
    pub fn source_sha256(&self, name: &str) -> Result<Option<String>, VulnError> {
        Ok(self
            .conn
            .query_row("SELECT sha256 FROM sources WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores an already parsed source (idempotent: advisories are upserted by ID).
    pub fn import_parsed(&mut self, mut parsed: ParsedSource) -> Result<ImportReport, VulnError> {
        let known = self.source_sha256(&parsed.name)?;
        let mut report = ImportReport {
            source: parsed.name.clone(),
            sha256: parsed.sha256.clone(),
            unchanged: known.as_deref() == Some(parsed.sha256.as_str()),
            advisories: 0,
            kev: 0,
            euvd: 0,
            skipped: std::mem::take(&mut parsed.skipped),
        };
        if report.unchanged {
            return Ok(report);
        }
        self.cache.borrow_mut().clear();
        self.criteria.borrow_mut().clear();
        self.criteria_held.set(0);
        self.conn
            .execute_batch(&format!("PRAGMA cache_size={IMPORT_CACHE};"))?;
        let result = self.store_parsed(&parsed, &mut report);
        self.conn
            .execute_batch(&format!("PRAGMA cache_size={LOOKUP_CACHE};"))?;
        result?;
        Ok(report)
    }

    fn store_parsed(
        &mut self,
        parsed: &ParsedSource,
        report: &mut ImportReport,
    ) -> Result<(), VulnError> {
        let tx = self.conn.transaction()?;
        {
            let mut put = tx.prepare(
                "INSERT OR REPLACE INTO advisories(id, json, source) VALUES(?1, ?2, ?3)",
            )?;
            let mut del_alias = tx.prepare("DELETE FROM aliases WHERE id = ?1")?;
            let mut del_pkg = tx.prepare("DELETE FROM package_index WHERE id = ?1")?;
            let mut del_cpe = tx.prepare("DELETE FROM cpe_index WHERE id = ?1")?;
            let mut put_alias =
                tx.prepare("INSERT OR IGNORE INTO aliases(alias, id) VALUES(?1, ?2)")?;
            let mut put_pkg = tx.prepare(
                "INSERT OR IGNORE INTO package_index(ecosystem, name, id) VALUES(?1, ?2, ?3)",
            )?;
            let mut put_cpe = tx.prepare(
                "INSERT OR IGNORE INTO cpe_index(vendor, product, id) VALUES(?1, ?2, ?3)",
            )?;
            for a in &parsed.advisories {
                let json = serde_json::to_string(a).map_err(|e| corrupt(&self.path, e))?;
                put.execute(params![a.id, json, a.source])?;
                del_alias.execute([&a.id])?;
                del_pkg.execute([&a.id])?;
                del_cpe.execute([&a.id])?;
                for alias in &a.aliases {
                    put_alias.execute(params![alias, a.id])?;
                }
                let packages: BTreeSet<(String, String)> = a
                    .affected
                    .iter()
                    .filter(|x| !x.name.is_empty())
                    .map(|x| {
                        (
                            ecosystem_key(&x.ecosystem),
                            normalise_name(&x.ecosystem, &x.name),
                        )
                    })
                    .collect();
                for (eco, name) in packages {
                    put_pkg.execute(params![eco, name, a.id])?;
                }
                let cpes: BTreeSet<(String, String)> = a
                    .cpe_applicability
                    .iter()
                    .filter_map(|m| Cpe::parse(&m.criteria).ok()?.vendor_product())
                    .collect();
                for (vendor, product) in cpes {
                    put_cpe.execute(params![vendor, product, a.id])?;
                }
                report.advisories += 1;
            }
            let mut put_kev = tx.prepare(
                "INSERT OR REPLACE INTO kev(cve, date_added, ransomware) VALUES(?1, ?2, ?3)",
            )?;
            for k in &parsed.kev {
                put_kev.execute(params![
                    k.cve,
                    k.date_added,
                    k.known_ransomware_campaign_use
                ])?;
                report.kev += 1;
            }
            let mut del_euvd = tx.prepare("DELETE FROM euvd WHERE euvd = ?1")?;
            let mut put_euvd = tx.prepare(
                "INSERT OR REPLACE INTO euvd(euvd, cve, exploited_since, origin) VALUES(?1, ?2, ?3, ?4)",
            )?;
            for e in &parsed.euvd {
                del_euvd.execute([&e.euvd])?;
                for cve in &e.cves {
                    put_euvd.execute(params![e.euvd, cve, e.exploited_since, e.origin])?;
                }
                report.euvd += 1;
            }
            tx.execute(
                "INSERT OR REPLACE INTO sources(name, imported_at, count, sha256, skipped)
                 VALUES(?1, ?2, ?3, ?4, ?5)",
                params![
                    parsed.name,
                    jiff::Timestamp::now().to_string(),
                    (report.advisories + report.kev + report.euvd) as i64,
                    parsed.sha256,
                    report.skipped.len() as i64
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The advisory's CPE applicability criteria, parsed (`None` where a criteria string is
    /// not a CPE), in the order of [`Advisory::cpe_applicability`]; cached like
    /// [`Database::advisory`].
    pub fn parsed_criteria(&self, advisory: &Advisory) -> std::rc::Rc<[Option<Cpe>]> {
        if let Some(hit) = self.criteria.borrow().get(&advisory.id) {
            return hit.clone();
        }
        let parsed: std::rc::Rc<[Option<Cpe>]> = advisory
            .cpe_applicability
            .iter()
            .map(|m| Cpe::parse(&m.criteria).ok())
            .collect();
        let mut cache = self.criteria.borrow_mut();
        // Bounded by the number of parsed CPEs, not of records: one record may hold thousands.
        if self.criteria_held.get() + parsed.len() > CRITERIA_CACHE {
            cache.clear();
            self.criteria_held.set(0);
        }
        self.criteria_held
            .set(self.criteria_held.get() + parsed.len());
        cache.insert(advisory.id.clone(), parsed.clone());
        parsed
    }

    /// One advisory by ID (cached for the life of the handle).
    pub fn advisory(&self, id: &str) -> Result<Option<std::rc::Rc<Advisory>>, VulnError> {
        if let Some(hit) = self.cache.borrow().get(id) {
            return Ok(hit.clone());
        }
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM advisories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        let advisory = match json {
            Some(j) => Some(std::rc::Rc::new(
                serde_json::from_str::<Advisory>(&j).map_err(|e| corrupt(&self.path, e))?,
            )),
            None => None,
        };
        let mut cache = self.cache.borrow_mut();
        // Bounded: a large SBOM touches thousands of advisories, and keeping every parsed
        // record would make memory grow with the database instead of with the SBOM.
        if cache.len() >= ADVISORY_CACHE {
            cache.clear();
        }
        cache.insert(id.to_string(), advisory.clone());
        Ok(advisory)
    }

    fn ids(&self, sql: &str, args: &[&str]) -> Result<Vec<String>, VulnError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
            r.get::<_, String>(0)
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// IDs of advisories naming the package (`ecosystem` is an OSV ecosystem; the name is
    /// normalised for it).
    pub fn ids_for_package(&self, ecosystem: &str, name: &str) -> Result<Vec<String>, VulnError> {
        self.ids(
            "SELECT id FROM package_index WHERE ecosystem = ?1 AND name = ?2 ORDER BY id",
            &[&ecosystem_key(ecosystem), &normalise_name(ecosystem, name)],
        )
    }

    /// IDs of advisories with CPE applicability for (vendor, product).
    pub fn ids_for_cpe(&self, vendor: &str, product: &str) -> Result<Vec<String>, VulnError> {
        self.ids(
            "SELECT id FROM cpe_index WHERE vendor = ?1 AND product = ?2 ORDER BY id",
            &[vendor, product],
        )
    }

    /// IDs of advisories that list `alias` among their aliases.
    pub fn ids_for_alias(&self, alias: &str) -> Result<Vec<String>, VulnError> {
        self.ids(
            "SELECT id FROM aliases WHERE alias = ?1 ORDER BY id",
            &[alias],
        )
    }

    /// The KEV entry for a CVE ID.
    pub fn kev(&self, cve: &str) -> Result<Option<KevEntry>, VulnError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT cve, date_added, ransomware FROM kev WHERE cve = ?1")?;
        Ok(stmt
            .query_row([cve], |r| {
                Ok(KevEntry {
                    cve: r.get(0)?,
                    date_added: r.get(1)?,
                    known_ransomware_campaign_use: r.get(2)?,
                })
            })
            .optional()?)
    }

    /// The EUVD records that alias a CVE ID, as (EUVD ID, exploited since, origin).
    pub fn euvd_for_cve(&self, cve: &str) -> Result<Vec<EuvdEntry>, VulnError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT euvd, exploited_since, origin FROM euvd WHERE cve = ?1 ORDER BY euvd",
        )?;
        let rows = stmt
            .query_map([cve], |r| {
                Ok(EuvdEntry {
                    euvd: r.get(0)?,
                    cves: vec![cve.to_string()],
                    exploited_since: r.get(1)?,
                    origin: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Sources and row counts.
    pub fn info(&self) -> Result<DatabaseInfo, VulnError> {
        let mut stmt = self.conn.prepare(
            "SELECT name, imported_at, count, sha256, skipped FROM sources ORDER BY name",
        )?;
        let sources = stmt
            .query_map([], |r| {
                Ok(SourceInfo {
                    name: r.get(0)?,
                    imported_at: r.get(1)?,
                    count: r.get::<_, i64>(2)? as u64,
                    sha256: r.get(3)?,
                    skipped: r.get::<_, i64>(4)? as u64,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let count = |sql: &str| -> Result<u64, VulnError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(DatabaseInfo {
            sources,
            counts: Counts {
                advisories: count("SELECT COUNT(*) FROM advisories")?,
                // A text search, not `json_extract`: parsing every stored record was a third of
                // a small scan. Exact, because inside a JSON string every `"` is escaped, so
                // `"withdrawn":"` occurs only as the key with a string value.
                withdrawn: count(
                    r#"SELECT COUNT(*) FROM advisories WHERE json LIKE '%"withdrawn":"%'"#,
                )?,
                aliases: count("SELECT COUNT(*) FROM aliases")?,
                packages: count("SELECT COUNT(*) FROM package_index")?,
                cpes: count("SELECT COUNT(*) FROM cpe_index")?,
                kev: count("SELECT COUNT(*) FROM kev")?,
                euvd: count("SELECT COUNT(*) FROM euvd")?,
                euvd_exploited: count(
                    "SELECT COUNT(DISTINCT euvd) FROM euvd WHERE exploited_since IS NOT NULL",
                )?,
            },
        })
    }
}
