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

    def fmt(x, spec):
        return "n/a" if x is None else format(x, spec)

    out = []
    p = out.append
    p(f"SBOM: {a.sbom}")
    p(f"{'':44}{'cra62443':>16}{'cve-bin-tool 3.4':>18}")
    p(f"{'DB build wall time (s)':44}{fmt(iw, '.2f'):>16}{fmt(lw, '.2f'):>18}")
    p(f"{'DB build peak RSS (MiB)':44}{fmt(irss, '.1f'):>16}{fmt(lrss, '.1f'):>18}")
    p(f"{'scan wall time (s)':44}{fmt(cw, '.2f'):>16}{fmt(bw, '.2f'):>18}")
    p(f"{'scan peak RSS (MiB)':44}{fmt(crss, '.1f'):>16}{fmt(brss, '.1f'):>18}")
    p(f"{'scan exit status':44}{fmt(ccode, 'd'):>16}{fmt(bcode, 'd'):>18}")
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
    r.add_argument("--sbom-vendor-wildcard", action="store_true", default=True,
                   help="the SBOM's CPEs have vendor `*` (Yocto); default on")
    r.set_defaults(func=cmd_report)
    a = ap.parse_args()
    a.func(a)


if __name__ == "__main__":
    sys.exit(main())
