#!/usr/bin/env python3
"""Helper of benches/compare/run.sh (standard library only).

Subcommands:

* ``load-cbt``: fills a cve-bin-tool 3.4 cache database (``cve.db``) from the same CVE JSON 5
  records (zip) and CISA KEV catalogue that cra62443 imports, so both tools see the same data.
  The table definitions are taken from the installed cve-bin-tool (``CVEDB.TABLE_SCHEMAS``,
  asked through the venv's interpreter) so its ``latest_schema`` check accepts the file.
  The CPE applicability mapping mirrors ``parse_cve5_value`` in
  ``crates/cra62443-vuln/src/import.rs`` (see ``cpe_rows``).
* ``report``: reads both tools' JSON outputs and ``/usr/bin/time -v`` logs and prints the
  side-by-side figures and the bucketed diff of findings.
"""
import argparse
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

PLACEHOLDERS = {"", "*", "-", "n/a", "na", "unspecified", "unknown", "all"}
DATA_SOURCE = "NVD"  # cve-bin-tool's default source name; the rows come from the CVE zip


def is_placeholder(v):
    return v.strip().lower() in PLACEHOLDERS


def looks_like_commit(v):
    return 7 <= len(v) <= 40 and all(c in "0123456789abcdefABCDEF" for c in v) and any(
        c.isalpha() for c in v
    )


def bounds_of(entry):
    """One CVE 5 versions[] entry -> (start_incl, end_excl, end_incl) or None (as import.rs)."""
    if entry.get("status") != "affected" or entry.get("versionType") == "git":
        return None
    version = entry.get("version") or ""
    lt, lte = entry.get("lessThan"), entry.get("lessThanOrEqual")
    for b in (version, lt, lte):
        if isinstance(b, str) and looks_like_commit(b):
            return None
    if lt is not None or lte is not None:
        start = None if (is_placeholder(version) or version == "0") else version
        end_ex = lt if lt is not None and not is_placeholder(lt) else None
        end_in = lte if lte is not None and not is_placeholder(lte) else None
        return (start, end_ex, end_in)
    if not is_placeholder(version):
        return (version, None, version)
    return (None, None, None)


def split_cpe(cpe):
    parts = re.split(r"(?<!\\):", cpe)
    if len(parts) != 13 or parts[0] != "cpe" or parts[1] != "2.3":
        return None
    return parts


def cpe_rows(record):
    """Yields (vendor, product, version, start_incl, start_excl, end_incl, end_excl)."""
    containers = record.get("containers") or {}
    allc = [containers.get("cna") or {}] + list(containers.get("adp") or [])
    seen = set()
    for container in allc:
        for affected in container.get("affected") or []:
            cpes = [c for c in affected.get("cpes") or [] if isinstance(c, str)]
            versions = affected.get("versions") or []
            bounds = []
            for v in versions:
                b = bounds_of(v) if isinstance(v, dict) else None
                if b is None:
                    continue
                exact = b[0] is not None and b[0] == b[2] and b[1] is None
                ranged = not exact and b != (None, None, None)
                bounds.append((b, ranged))
            for cpe in cpes:
                parts = split_cpe(cpe)
                if parts is None:
                    continue
                vendor, product, cver = parts[3], parts[4], parts[5]
                cver = None if cver in ("*", "-", "") else cver
                rows = []
                for b, ranged in bounds:
                    if cver is not None:
                        if ranged and (b[0] is None or b[0] == cver):
                            rows.append(("*",) + b)
                    else:
                        rows.append(("*",) + b)
                if not rows and (not versions or cver is not None):
                    rows.append((cver or "*", None, None, None))
                for ver, start, end_ex, end_in in rows:
                    # An exact entry (start == end_incl, no end_excl) is stored as a version row
                    if ver == "*" and start is not None and start == end_in and end_ex is None:
                        ver, start, end_in = start, None, None
                    row = (vendor, product, ver, start or "", "", end_in or "", end_ex or "")
                    if row not in seen:
                        seen.add(row)
                        yield row


def severity_of(record):
    best = None
    containers = record.get("containers") or {}
    for container in [containers.get("cna") or {}] + list(containers.get("adp") or []):
        for metric in container.get("metrics") or []:
            for key, ver in (("cvssV3_1", 3), ("cvssV3_0", 3), ("cvssV4_0", 4), ("cvssV2_0", 2)):
                m = metric.get(key)
                if isinstance(m, dict) and isinstance(m.get("baseScore"), (int, float)):
                    cand = (float(m["baseScore"]), m.get("baseSeverity") or "UNKNOWN", ver,
                            m.get("vectorString") or "")
                    if best is None or cand[0] > best[0]:
                        best = cand
    return best or (0.0, "UNKNOWN", 0, "")


def description_of(record):
    cna = (record.get("containers") or {}).get("cna") or {}
    for d in cna.get("descriptions") or []:
        if str(d.get("lang", "")).startswith("en") and d.get("value"):
            return d["value"].splitlines()[0][:500]
    return cna.get("title") or "(no description)"


def cmd_load_cbt(a):
    schema = json.loads(subprocess.check_output([
        a.venv_python, "-c",
        "import json; from cve_bin_tool.cvedb import CVEDB; "
        "print(json.dumps({'t': CVEDB.TABLE_SCHEMAS, 'i': CVEDB.INDEXES}))"]))
    db = Path(a.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    for stmt in schema["t"].values():
        con.execute(stmt)
    for stmt in schema["i"].values():
        con.execute(stmt)
    n_rec = n_cpe = n_rows = n_rejected = 0
    with zipfile.ZipFile(a.cve_zip) as z:
        for name in z.namelist():
            if not name.endswith(".json"):
                continue
            try:
                rec = json.loads(z.read(name))
            except (ValueError, UnicodeDecodeError):
                continue
            meta = rec.get("cveMetadata") or {}
            cve = meta.get("cveId")
            if not cve:
                continue
            n_rec += 1
            if meta.get("state") == "REJECTED":
                n_rejected += 1
                continue
            rows = list(cpe_rows(rec))
            if not rows:
                continue
            n_cpe += 1
            score, sev, cvss_ver, vector = severity_of(rec)
            con.execute(
                "INSERT OR REPLACE INTO cve_severity (cve_number, severity, description, score, "
                "cvss_version, cvss_vector, data_source, last_modified) VALUES (?,?,?,?,?,?,?,?)",
                (cve, sev.upper(), description_of(rec), score, cvss_ver, vector, DATA_SOURCE,
                 meta.get("dateUpdated") or meta.get("datePublished") or ""))
            for r in rows:
                con.execute(
                    "INSERT INTO cve_range (cve_number, vendor, product, version, "
                    "versionStartIncluding, versionStartExcluding, versionEndIncluding, "
                    "versionEndExcluding, data_source) VALUES (?,?,?,?,?,?,?,?,?)",
                    (cve,) + r + (DATA_SOURCE,))
                n_rows += 1
    n_kev = 0
    if a.kev:
        kev = json.loads(Path(a.kev).read_text())
        for v in kev.get("vulnerabilities", []):
            con.execute("INSERT OR REPLACE INTO cve_exploited (cve_number, product, description)"
                        " VALUES (?,?,?)", (v.get("cveID"), v.get("product"),
                                            v.get("shortDescription")))
            n_kev += 1
    con.commit()
    con.close()
    print(f"cve-bin-tool DB {db}: {n_rec} CVE records read, {n_rejected} rejected skipped, "
          f"{n_cpe} with CPE applicability, {n_rows} cve_range rows, {n_kev} KEV rows")


# ---------------------------------------------------------------- SBOM generators

def _osv_records(sources):
    """Yields OSV records from zip archives, folders or files (stdlib twin of trivydb.iter_osv)."""
    for src in sources:
        p = Path(src)
        if p.is_dir():
            files = ((str(f), f.read_bytes()) for f in sorted(p.rglob("*.json")))
        elif p.suffix == ".zip":
            z = zipfile.ZipFile(p)
            files = ((n, z.read(n)) for n in sorted(z.namelist()) if n.endswith(".json"))
        else:
            files = [(str(p), p.read_bytes())]
        for _, raw in files:
            try:
                rec = json.loads(raw)
            except ValueError:
                continue
            if isinstance(rec, dict) and rec.get("id"):
                yield rec


PURL_TYPE = {"PyPI": "pypi", "crates.io": "cargo"}
_NUM = re.compile(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def _nums(v):
    m = _NUM.match(v or "")
    return tuple(int(x or 0) for x in m.groups()) if m else None


def _below(v):
    """A release just below v (or None): 1.2.3 -> 1.2.2, 1.2.0 -> 1.1.0, 2.0.0 -> 1.0.0."""
    n = _nums(v)
    if not n:
        return None
    a, b, c = n
    if c:
        return f"{a}.{b}.{c - 1}"
    if b:
        return f"{a}.{b - 1}.0"
    if a:
        return f"{a - 1}.0.0"
    return None


def _purl(ty, name, version):
    from urllib.parse import quote
    if ty == "pypi":
        name = name.lower().replace("_", "-")
    return f"pkg:{ty}/{quote(name, safe='.-_~')}@{quote(version, safe='.-_~')}"


def cmd_gen_sbom(a):
    """CycloneDX 1.5 JSON SBOM of pkg:pypi / pkg:cargo components drawn from the OSV files.

    Each component is drawn (random.Random(seed)) as one of: affected (a version listed in
    versions[], an introduced / last_affected bound, or the release just below a fixed
    version), fixed (a fixed version), unaffected (a release above every version the records
    name for the package), or, when the pools run dry (the 100k SBOM), a random release in the
    package's version span. A small share gets a spelling variant of the name (PyPI `.`/`_`
    vs `-`, crates.io upper case) to exercise name normalisation. (ecosystem, name, version)
    triples are unique. The class is recorded in the property `bench:class`.
    """
    import random
    rng = random.Random(a.seed)
    pools = defaultdict(lambda: {"affected": {}, "fixed": set(), "known": set()})
    for rec in _osv_records(a.osv):
        if rec.get("withdrawn"):
            continue
        for aff in rec.get("affected") or []:
            pkg = aff.get("package") or {}
            ty = PURL_TYPE.get(pkg.get("ecosystem"))
            if not ty or not pkg.get("name"):
                continue
            p = pools[(ty, pkg["name"])]
            for v in aff.get("versions") or []:
                p["affected"].setdefault(v, rec["id"])
                p["known"].add(v)
            for r in aff.get("ranges") or []:
                if r.get("type") == "GIT":
                    continue
                for ev in r.get("events") or []:
                    for k, v in ev.items():
                        if k in ("introduced", "last_affected") and v not in ("0", "0.0.0-0"):
                            p["affected"].setdefault(v, rec["id"])
                        if k == "fixed":
                            p["fixed"].add(v)
                            b = _below(v)
                            if b:
                                p["affected"].setdefault(b, rec["id"])
                        if k != "limit":
                            p["known"].add(v)
    keys = sorted(pools)
    seen = set()
    comps = []
    classes = Counter()
    attempts = 0
    while len(comps) < a.count and attempts < a.count * 50:
        attempts += 1
        ty, name = keys[rng.randrange(len(keys))]
        p = pools[(ty, name)]
        r = rng.random()
        cls = "affected" if r < 0.4 else "fixed" if r < 0.6 else "unaffected"
        pool = sorted(p[cls]) if cls != "unaffected" else []
        version = None
        if cls == "unaffected":
            top = max((_nums(v) for v in p["known"] if _nums(v)), default=(0, 0, 0))
            version = f"{top[0] + 1 + rng.randrange(3)}.{rng.randrange(10)}.{rng.randrange(10)}"
        elif pool:
            version = pool[rng.randrange(len(pool))]
        if version is None or (ty, name.lower(), version) in seen:
            nums = [n for n in (_nums(v) for v in p["known"]) if n] or [(0, 1, 0)]
            hi = max(nums)
            cls = "random"
            version = (f"{rng.randrange(hi[0] + 2)}.{rng.randrange(max(hi[1], 1) + 5)}"
                       f".{rng.randrange(20)}")
        if (ty, name.lower(), version) in seen:
            continue
        seen.add((ty, name.lower(), version))
        shown = name
        if rng.random() < a.variant_share:
            if ty == "pypi" and re.search(r"[._-]", name):
                shown = re.sub(r"[._-]", lambda m: rng.choice("._-"), name)
            elif ty == "cargo":
                shown = name[:1].upper() + name[1:]
            if shown != name:
                cls += "+name-variant"
        classes[cls] += 1
        purl = _purl(ty, shown, version)
        props = [{"name": "bench:class", "value": cls}]
        if cls.startswith("affected"):
            props.append({"name": "bench:osv", "value": p["affected"][version]})
        comps.append({"type": "library", "bom-ref": f"c{len(comps)}:{purl}", "name": shown,
                      "version": version, "purl": purl, "properties": props})
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.5",
        "serialNumber": "urn:uuid:%s" % uuid_of(a.seed, a.count),
        "version": 1,
        "metadata": {"timestamp": "2026-01-01T00:00:00Z",
                     "component": {"type": "application", "bom-ref": "bench-root",
                                   "name": "bench-purl-sbom", "version": str(a.count)}},
        "components": comps,
    }
    Path(a.out).write_text(json.dumps(bom, indent=None))
    print(f"SBOM {a.out}: {len(comps)} components (seed {a.seed}) from {len(keys)} OSV "
          f"packages; classes {dict(sorted(classes.items()))}")


def cmd_gen_vex(a):
    """OpenVEX document marking `not_affected` the first N generated `affected` components.

    For each component whose `bench:class` is `affected`, the statement names the OSV record
    the version was drawn from (property `bench:osv`): the vulnerability name is the ID Trivy
    uses for it (first CVE alias, else the OSV id) and the other IDs are its aliases, so both
    tools can match it. The product is the component's purl.
    """
    recs = {r["id"]: r for r in _osv_records(a.osv)}
    bom = json.loads(Path(a.sbom).read_text())
    stmts = []
    for c in bom.get("components", []):
        props = {p["name"]: p["value"] for p in c.get("properties") or []}
        rid = props.get("bench:osv")
        if props.get("bench:class") != "affected" or rid not in recs:
            continue
        ids = list(recs[rid].get("aliases") or []) + [rid]
        cves = [i for i in ids if i.startswith("CVE-")]
        name = cves[0] if cves else rid
        stmts.append({
            "vulnerability": {"name": name, "aliases": [i for i in ids if i != name]},
            "products": [{"@id": c["purl"]}],
            "status": "not_affected",
            "justification": "vulnerable_code_not_in_execute_path",
        })
        if len(stmts) >= a.count:
            break
    doc = {"@context": "https://openvex.dev/ns/v0.2.0",
           "@id": "https://example.invalid/cra62443-bench/vex-%s" % uuid_of("vex", a.count),
           "author": "cra62443 benchmark harness", "timestamp": "2026-01-01T00:00:00Z",
           "version": 1, "statements": stmts}
    Path(a.out).write_text(json.dumps(doc, indent=1))
    print(f"VEX {a.out}: {len(stmts)} not_affected statements")


def uuid_of(*parts):
    import uuid
    return uuid.uuid5(uuid.NAMESPACE_URL, "cra62443-bench:" + ":".join(map(str, parts)))


def cmd_gen_cpe_sbom(a):
    """CycloneDX 1.5 JSON SBOM of CPE-only components drawn from the CVE zip's cve_range rows.

    Each component is vendor:product at a version: a bound of one of its ranges (start, end or
    exact version), the release just below an excluding end, or a random release. Used for the
    100k CPE-path scale run against cve-bin-tool.
    """
    import random
    rng = random.Random(a.seed)
    pools = defaultdict(set)
    with zipfile.ZipFile(a.cve_zip) as z:
        for name in sorted(z.namelist()):
            if not name.endswith(".json"):
                continue
            try:
                rec = json.loads(z.read(name))
            except ValueError:
                continue
            if (rec.get("cveMetadata") or {}).get("state") == "REJECTED":
                continue
            for vendor, product, ver, si, _se, ei, ee in cpe_rows(rec):
                if is_placeholder(vendor) or is_placeholder(product):
                    continue
                s = pools[(vendor, product)]
                for v in (ver if ver != "*" else "", si, ei, _below(ee) if ee else "", ee):
                    if v and numeric_version(v):
                        s.add(v)
    keys = sorted(pools)
    comps, seen = [], set()
    while len(comps) < a.count:
        vendor, product = keys[rng.randrange(len(keys))]
        pool = sorted(pools[(vendor, product)])
        if pool and rng.random() < 0.7:
            version = pool[rng.randrange(len(pool))]
        else:
            version = f"{rng.randrange(10)}.{rng.randrange(20)}.{rng.randrange(20)}"
        if (vendor, product, version) in seen:
            version = f"{version}.{rng.randrange(1000)}"
            if (vendor, product, version) in seen:
                continue
        seen.add((vendor, product, version))
        cpe = f"cpe:2.3:a:{vendor}:{product}:{version}:*:*:*:*:*:*:*"
        comps.append({"type": "library", "bom-ref": f"c{len(comps)}", "name": product,
                      "version": version, "cpe": cpe})
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.5",
           "serialNumber": "urn:uuid:%s" % uuid_of("cpe", a.seed, a.count), "version": 1,
           "metadata": {"component": {"type": "application", "bom-ref": "bench-root",
                                      "name": "bench-cpe-sbom", "version": str(a.count)}},
           "components": comps}
    Path(a.out).write_text(json.dumps(bom))
    print(f"CPE SBOM {a.out}: {len(comps)} components from {len(keys)} vendor:product pairs")


# ---------------------------------------------------------------- report

def time_v(path):
    text = Path(path).read_text(errors="replace")
    wall = rss = None
    m = re.search(r"Elapsed \(wall clock\) time.*?:\s*([\d:.]+)\s*$", text, re.M)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        wall = secs
    m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", text)
    if m:
        rss = int(m.group(1)) / 1024
    m = re.search(r"Exit status:\s*(\d+)", text)
    code = int(m.group(1)) if m else None
    return wall, rss, code


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def timing_rows(p, other, cra_build, other_build, cra_scan, other_scan):
    """The column header and the wall-time, peak-RSS and exit-status rows both reports
    print: builds as (wall, rss), scans as (wall, rss, exit code)."""
    p(f"{'':44}{'cra62443':>16}{other:>18}")
    rows = [("DB build wall time (s)", cra_build[0], other_build[0], ".2f"),
            ("DB build peak RSS (MiB)", cra_build[1], other_build[1], ".1f"),
            ("scan wall time (s)", cra_scan[0], other_scan[0], ".2f"),
            ("scan peak RSS (MiB)", cra_scan[1], other_scan[1], ".1f"),
            ("scan exit status", cra_scan[2], other_scan[2], "d")]
    for label, mine, theirs, spec in rows:
        p(f"{label:44}{fmt(mine, spec):>16}{fmt(theirs, spec):>18}")


def norm(s):
    return (s or "").strip().lower()


def numeric_version(v):
    return bool(re.fullmatch(r"\d+(\.\d+)*", v or ""))


def cmd_report(a):
    cra = json.loads(Path(a.cra_json).read_text())
    cra_f = [f for f in cra.get("findings", []) if f.get("match") == "cpe"]
    cbt_raw = []
    if Path(a.cbt_json).exists() and Path(a.cbt_json).stat().st_size:
        cbt_raw = json.loads(Path(a.cbt_json).read_text())
    # cve-bin-tool JSON: list of {vendor, product, version, cve_number, ...}; rows with
    # cve_number "UNKNOWN" are products without CVEs.
    cbt_rows = [r for r in cbt_raw if r.get("cve_number") not in (None, "", "UNKNOWN")]

    status_count = Counter(f.get("status") for f in cra_f)
    cra_keys = {}
    for f in cra_f:
        c = f["component"]
        parts = split_cpe(f.get("cpe") or "")
        product = parts[4] if parts else c["name"]  # the component CPE's product
        cra_keys.setdefault((norm(product), c.get("version") or "", f["id"].upper()), f)
    cbt_keys = defaultdict(list)
    for r in cbt_rows:
        cbt_keys[(norm(r["product"]), r.get("version") or "", r["cve_number"].upper())].append(r)

    # Vendor ambiguity from the cve-bin-tool DB (same data): vendors per product.
    vendors = defaultdict(set)
    ranges = defaultdict(list)
    if a.cbt_db and Path(a.cbt_db).exists():
        con = sqlite3.connect(a.cbt_db)
        for cve, v, p, ver, si, se, ei, ee in con.execute(
                "SELECT cve_number, vendor, product, version, versionStartIncluding, "
                "versionStartExcluding, versionEndIncluding, versionEndExcluding FROM cve_range"):
            vendors[norm(p)].add(v)
            ranges[(norm(p), cve.upper())].append((v, ver, si, se, ei, ee))
        con.close()

    affected_cra = {k for k, f in cra_keys.items() if f.get("status") == "affected"}
    both = affected_cra & set(cbt_keys)
    only_cra = {k: cra_keys[k] for k in cra_keys if k not in cbt_keys}
    only_cbt = {k: v for k, v in cbt_keys.items() if k not in cra_keys}
    # Findings cra62443 has with another status (indeterminate/withdrawn/...) that cbt reports
    other_status_both = {k for k in cra_keys if k in cbt_keys and k not in affected_cra}

    cbt_cves = {k[2] for k in cbt_keys}
    cra_cves = {k[2] for k in cra_keys}

    def bucket_only_cra(k, f):
        if f.get("status") == "indeterminate":
            return "version-parse failure (cra62443 indeterminate)"
        if f.get("status") in ("withdrawn", "informational", "suppressed"):
            return f"not a vulnerability in cra62443 ({f.get('status')})"
        aliases = {x.upper() for x in f.get("aliases") or []}
        if aliases & cbt_cves or (k[2] in cbt_cves):
            return "alias duplicate / same CVE under another product name in cve-bin-tool"
        if not numeric_version(k[1]) or any(
                not numeric_version(b) for r in ranges.get((k[0], k[2]), [])
                for b in r[2:] if b):
            return "version-parse difference (non-numeric version or bound)"
        if "alias" in (f.get("evidence") or "").lower() or not ranges.get((k[0], k[2])):
            return "CPE ambiguity (cra62443 matched a CPE product that is not the component name)"
        return "unexplained"

    def bucket_only_cbt(k, rows):
        f = cra_keys.get(k)
        vs = {r.get("vendor") for r in rows}
        if k[2] in cra_cves:
            return "alias duplicate / same CVE under another component in cra62443"
        if a.sbom_vendor_wildcard and not vs & {k[0], k[0] + "_project"}:
            return ("CPE ambiguity (SBOM vendor `*`; cve-bin-tool guessed vendor "
                    + "/".join(sorted(vs)) + "; cra62443 needs an alias entry for that pair)")
        if len(vendors.get(k[0], ())) > 1 or len(vs) > 1:
            return "CPE ambiguity (vendor guessed from product name; several vendors)"
        if not numeric_version(k[1]) or any(
                not numeric_version(b) for r in ranges.get((k[0], k[2]), [])
                for b in r[2:] if b):
            return "version-parse difference (non-numeric version or bound)"
        if any(v in ("*", "") for v in vendors.get(k[0], ())):
            return "CPE ambiguity (wildcard vendor in data)"
        return "unexplained"

    b_cra = Counter(bucket_only_cra(k, f) for k, f in only_cra.items())
    b_cbt = Counter(bucket_only_cbt(k, r) for k, r in only_cbt.items())

    cw, crss, ccode = time_v(a.cra_time)
    bw, brss, bcode = time_v(a.cbt_time) if Path(a.cbt_time).exists() else (None, None, None)
    iw, irss, _ = time_v(a.cra_import_time)
    lw, lrss, _ = time_v(a.cbt_load_time) if a.cbt_load_time and Path(a.cbt_load_time).exists() \
        else (None, None, None)

    out = []
    p = out.append
    p(f"SBOM: {a.sbom}")
    timing_rows(p, "cve-bin-tool 3.4", (iw, irss), (lw, lrss), (cw, crss, ccode),
                (bw, brss, bcode))
    p(f"{'findings (raw rows, CPE path)':44}{len(cra_f):>16}{len(cbt_rows):>18}")
    p(f"{'distinct (product, version, CVE)':44}{len(cra_keys):>16}{len(cbt_keys):>18}")
    p(f"{'  of which cra62443 affected':44}{len(affected_cra):>16}{'':>18}")
    for s, n in sorted(status_count.items()):
        p(f"{'  cra62443 raw status ' + str(s):44}{n:>16}")
    p(f"{'cve-bin-tool products listed (incl. no CVE)':44}{'':>16}"
      f"{len({(r.get('vendor'), r.get('product')) for r in cbt_raw}):>18}")
    p("")
    p("Diff of distinct (product, version, CVE):")
    p(f"  exact agree (cra62443 affected, cve-bin-tool reports): {len(both)}")
    p(f"  reported by both, cra62443 status not affected: {len(other_status_both)}")
    p(f"  only cra62443: {len(only_cra)}")
    for b, n in b_cra.most_common():
        p(f"    {n:5}  {b}")
    p(f"  only cve-bin-tool: {len(only_cbt)}")
    for b, n in b_cbt.most_common():
        p(f"    {n:5}  {b}")
    dup = len(cbt_rows) - len(cbt_keys)
    p(f"  cve-bin-tool duplicate rows (same product/version/CVE under several vendors): {dup}")
    if a.examples:
        p("")
        p("Examples only cra62443 (up to 10):")
        for k in sorted(only_cra)[:10]:
            p(f"    {k}  {only_cra[k].get('status')}  {only_cra[k].get('evidence')}")
        p("Examples only cve-bin-tool (up to 10):")
        for k in sorted(only_cbt)[:10]:
            p(f"    {k}  vendors={sorted({r.get('vendor') for r in only_cbt[k]})}")
    text = "\n".join(out)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n")


# ---------------------------------------------------------------- report: purl path (Trivy)

def _alias_groups(sources):
    """Union-find over OSV id + aliases; returns (find, records by id)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    recs = {}
    for rec in _osv_records(sources):
        recs[rec["id"]] = rec
        ids = [rec["id"]] + [a for a in rec.get("aliases") or [] if isinstance(a, str)]
        for i in ids[1:]:
            ra, rb = find(ids[0]), find(i)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return find, recs


def _trivy_norm(ty, name):
    name = name.lower()
    return name.replace("_", "-") if ty == "pypi" else name


def _osv_norm(ty, name):
    return re.sub(r"[-_.]+", "-", name.lower()) if ty == "pypi" else name


def cmd_report_purl(a):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bbolt
    find, recs = _alias_groups(a.osv)
    cra = json.loads(Path(a.cra_json).read_text())
    cra_f = [f for f in cra.get("findings", []) if f.get("match") == "purl"]
    tv = json.loads(Path(a.trivy_json).read_text()) if Path(a.trivy_json).stat().st_size else {}
    tv_rows, tv_supp = [], []
    for r in tv.get("Results") or []:
        for v in r.get("Vulnerabilities") or []:
            tv_rows.append(v)
        for m in (r.get("ModifiedFindings") or []) + (r.get("ExperimentalModifiedFindings") or []):
            if m.get("Type") == "vulnerability" and m.get("Status") in ("not_affected", "fixed"):
                tv_supp.append(m.get("Finding") or {})
    log = Path(a.trivy_log).read_text(errors="replace") if a.trivy_log else ""
    bad_constraints = set(re.findall(r"python constraint error \((.*?)\): improper", log))
    bad_versions = set(re.findall(r"(?:python )?version error \(([^)]*)\)", log))
    db = bbolt.Reader(Path(a.trivy_cache) / "db" / "trivy.db").to_dict() if a.trivy_cache else {}
    sbom = json.loads(Path(a.sbom).read_text())
    comps = {c.get("bom-ref"): c for c in sbom.get("components", [])}

    def comp_ty(ref):
        purl = (comps.get(ref) or {}).get("purl") or ""
        return "pypi" if purl.startswith("pkg:pypi/") else "cargo"

    def tv_ids(v):
        return [v["VulnerabilityID"]] + list(v.get("VendorIDs") or [])

    # (bom-ref, alias group) -> findings of each tool
    C, T, TS = defaultdict(list), defaultdict(list), defaultdict(list)
    for f in cra_f:
        C[(f["component"]["bom_ref"], find(f["id"]))].append(f)
    for v in tv_rows:
        T[((v.get("PkgIdentifier") or {}).get("BOMRef"), find(v["VulnerabilityID"]))].append(v)
    for v in tv_supp:
        if v.get("VulnerabilityID"):
            TS[((v.get("PkgIdentifier") or {}).get("BOMRef"),
                find(v["VulnerabilityID"]))].append(v)

    def trivy_adv(ref, vid):
        c = comps.get(ref) or {}
        ty = comp_ty(ref)
        bname = b"pip::Open Source Vulnerability" if ty == "pypi" else \
            b"cargo::Open Source Vulnerability"
        pkg = (db.get(bname) or {}).get(_trivy_norm(ty, c.get("name", "")).encode()) or {}
        raw = pkg.get(vid.encode()) if isinstance(pkg, dict) else None
        return json.loads(raw) if raw else None

    def trivy_id_of(rec):
        ids = list(rec.get("aliases") or []) + [rec["id"]]
        cves = [i for i in ids if i.startswith("CVE-")]
        return cves[0] if cves else rec["id"]

    buckets = Counter()
    examples = defaultdict(list)

    def put(bucket, key, detail=""):
        buckets[bucket] += 1
        if len(examples[bucket]) < 6:
            c = comps.get(key[0]) or {}
            examples[bucket].append(f"{c.get('purl')}  {key[1]}  {detail}".rstrip())

    for key in sorted(set(C) | set(T), key=str):
        cf, tf = C.get(key, []), T.get(key, [])
        ref, grp = key
        c = comps.get(ref) or {}
        ty = comp_ty(ref)
        name = c.get("name", "")
        st = {f.get("status") for f in cf}
        if cf and tf:
            # alias duplicates: several rows of the same group for one component
            if len(cf) > 1:
                put("alias duplicate: cra62443 reports several records of one alias group", key,
                    " ".join(f["id"] for f in cf))
            if len(tf) > 1:
                put("alias duplicate: Trivy reports several IDs of one alias group", key,
                    " ".join(v["VulnerabilityID"] for v in tf))
            cids = {f["id"] for f in cf}
            tids = {i for v in tf for i in tv_ids(v)}
            if "suppressed" in st:
                put("VEX-suppressed by cra62443 only (Trivy reports)", key)
            elif st <= {"informational"}:
                put("informational: both report; cra62443 marks it informational", key,
                    cf[0].get("evidence", "")[-60:])
            elif "affected" not in st:
                put(f"both report; cra62443 status {'/'.join(sorted(st))}", key,
                    cf[0].get("evidence", "")[:160])
            elif cids & tids:
                put("exact agree (same advisory record)", key)
            else:
                put("alias duplicate: agree through OSV aliases only (GHSA/PYSEC/CVE ids differ)",
                    key, f"cra62443 {sorted(cids)} / Trivy {sorted(tids)}")
        elif cf:
            f = cf[0]
            s = f.get("status")
            if s == "withdrawn":
                put("withdrawn: cra62443 reports status withdrawn; trivy.db skips withdrawn "
                    "records", key)
            elif s == "suppressed" or f.get("suppressed_by"):
                both = key in TS
                put("VEX-suppressed" + (" by both tools" if both else " by cra62443 only"), key)
            elif s == "indeterminate":
                put("version-parse failure: cra62443 indeterminate, Trivy silent", key,
                    f.get("evidence", "")[:160])
            elif s == "informational":
                put("informational: only cra62443 (flagged informational)", key,
                    f.get("evidence", "")[:120])
            else:
                rec = recs.get(f["id"]) or {}
                vid = trivy_id_of(rec) if rec else f["id"]
                adv = trivy_adv(ref, vid)
                ver = c.get("version", "")
                if _trivy_norm(ty, name) != _osv_norm(ty, name) and not adv:
                    put("name normalisation: Trivy does not fold this spelling of the name "
                        "(pip: only `_`->`-` and lower case)", key, name)
                elif adv is None:
                    put("not in trivy.db under that package/ID (unexplained)", key, vid)
                elif ver in bad_versions or \
                        " || ".join(adv.get("VulnerableVersions") or []) in bad_constraints:
                    put("version-parse failure: Trivy cannot parse the version or a constraint "
                        "(go-pep440 / go-version), so it skips the advisory", key,
                        ver if ver in bad_versions else "constraint")
                elif len([r for r in recs.values() if trivy_id_of(r) == vid and any(
                        _osv_norm(ty, (x.get("package") or {}).get("name", ""))
                        == _osv_norm(ty, name) for x in r.get("affected") or [])]) > 1:
                    put("trivy.db ID collision: two OSV records share the CVE key; the later "
                        "one's ranges won", key, vid)
                else:
                    put("range-semantics disagreement: cra62443 affected, Trivy not", key,
                        f"v{ver} {adv.get('VulnerableVersions')} | {f.get('evidence', '')[:120]}")
        else:
            v = tf[0]
            ver = c.get("version", "")
            cname = _osv_norm(ty, name)
            if ty == "cargo" and name != name.lower():
                put("name normalisation: cra62443 matches crates.io names case-sensitively; "
                    "Trivy lower-cases them", key, name)
            elif ty == "pypi" and name != _trivy_norm(ty, name) and \
                    _trivy_norm(ty, name) != cname:
                put("name normalisation (pip)", key, name)
            else:
                adv = trivy_adv(ref, v["VulnerabilityID"]) or {}
                put("range-semantics disagreement: Trivy affected, cra62443 not", key,
                    f"v{ver} {adv.get('VulnerableVersions')}")

    cw, crss, ccode = time_v(a.cra_time)
    tw, trss, tcode = time_v(a.trivy_time)
    iw, irss, _ = time_v(a.cra_import_time)
    bw, brss, _ = time_v(a.trivy_build_time)

    cra_status = Counter(f.get("status") for f in cra_f)
    out = []
    p = out.append
    p(f"SBOM: {a.sbom} ({len(comps)} components)")
    timing_rows(p, "Trivy 0.76.0", (iw, irss), (bw, brss), (cw, crss, ccode), (tw, trss, tcode))
    p(f"{'findings (raw rows, purl path)':44}{len(cra_f):>16}{len(tv_rows):>18}")
    for s, n in sorted(cra_status.items()):
        p(f"{'  cra62443 status ' + str(s):44}{n:>16}")
    p(f"{'  Trivy VEX-suppressed (ModifiedFindings)':44}{'':>16}{len(tv_supp):>18}")
    p(f"{'distinct (component, alias group)':44}{len(C):>16}{len(T):>18}")
    p(f"{'Trivy version-matching warnings':44}{'':>16}"
      f"{len(re.findall('Version matching error', log)):>18}")
    p("")
    p("Diff by (component, OSV alias group):")
    for b, n in sorted(buckets.items(), key=lambda x: (-x[1], x[0])):
        p(f"  {n:6}  {b}")
    if a.examples:
        p("")
        for b in sorted(examples):
            p(f"Examples: {b}")
            for e in examples[b]:
                p(f"    {e[:230]}")
    text = "\n".join(out)
    print(text)
    if a.out:
        Path(a.out).write_text(text + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    l = sub.add_parser("load-cbt")
    l.add_argument("--db", required=True, help="cve.db path (in the cve-bin-tool cache dir)")
    l.add_argument("--cve-zip", required=True)
    l.add_argument("--kev")
    l.add_argument("--venv-python", required=True)
    l.set_defaults(func=cmd_load_cbt)
    r = sub.add_parser("report")
    for n in ("cra-json", "cbt-json", "cra-time", "cbt-time", "cra-import-time", "sbom"):
        r.add_argument("--" + n, required=True)
    r.add_argument("--cbt-load-time")
    r.add_argument("--cbt-db")
    r.add_argument("--out")
    r.add_argument("--examples", action="store_true")
    r.add_argument("--sbom-vendor-wildcard", action=argparse.BooleanOptionalAction,
                   default=True, help="the SBOM's CPEs have vendor `*` (Yocto); default on")
    r.set_defaults(func=cmd_report)
    g = sub.add_parser("gen-sbom", help="CycloneDX 1.5 pkg:pypi/pkg:cargo SBOM from OSV files")
    g.add_argument("--out", required=True)
    g.add_argument("--count", type=int, default=500)
    g.add_argument("--seed", type=int, default=62443)
    g.add_argument("--variant-share", type=float, default=0.03)
    g.add_argument("osv", nargs="+", help="OSV zip archives, folders or files")
    g.set_defaults(func=cmd_gen_sbom)
    c = sub.add_parser("gen-cpe-sbom", help="CycloneDX 1.5 CPE-only SBOM from the CVE zip")
    c.add_argument("--out", required=True)
    c.add_argument("--count", type=int, default=100000)
    c.add_argument("--seed", type=int, default=62443)
    c.add_argument("--cve-zip", required=True)
    c.set_defaults(func=cmd_gen_cpe_sbom)
    v = sub.add_parser("gen-vex", help="OpenVEX not_affected statements for generated SBOM")
    v.add_argument("--out", required=True)
    v.add_argument("--sbom", required=True)
    v.add_argument("--count", type=int, default=5)
    v.add_argument("osv", nargs="+")
    v.set_defaults(func=cmd_gen_vex)
    rp = sub.add_parser("report-purl", help="cra62443 vs Trivy on the purl path")
    for n in ("cra-json", "trivy-json", "cra-time", "trivy-time", "cra-import-time",
              "trivy-build-time", "sbom"):
        rp.add_argument("--" + n, required=True)
    rp.add_argument("--trivy-log")
    rp.add_argument("--trivy-cache", help="the --cache-dir holding db/trivy.db")
    rp.add_argument("--out")
    rp.add_argument("--examples", action="store_true")
    rp.add_argument("osv", nargs="+", help="the OSV sources both databases were built from")
    rp.set_defaults(func=cmd_report_purl)
    a = ap.parse_args()
    a.func(a)


if __name__ == "__main__":
    sys.exit(main())
