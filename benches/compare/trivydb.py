#!/usr/bin/env python3
"""Builds a trivy-db (schema version 2) BoltDB from OSV JSON, for the benchmark harness.

    python trivydb.py build --cache-dir DIR OSV_SOURCE...   # writes DIR/db/{trivy.db,metadata.json}
    python trivydb.py dump  --cache-dir DIR [--bucket NAME]  # reads it back (self-check)

OSV_SOURCE is a zip archive (such as ``shared/data/osv/PyPI/all.zip``), a folder of ``.json``
files (searched recursively) or one ``.json`` file: the same inputs ``cra62443 vulndb import``
takes. Run it with an interpreter that has ``packaging`` (the harness venv has it, through
cve-bin-tool); without it, PEP 440 containment falls back to "not contained" (see below), which
only makes the database larger.

The layout mirrors what trivy-db's OSV source (``pkg/vulnsrc/osv``) writes and Trivy's library
detector (``pkg/detector/library``) reads; it was written from their public description, not
from their code:

* ``data-source`` bucket: bucket name -> ``{"ID","Name","URL"}`` JSON.
* One advisory bucket per ecosystem, named ``<ecosystem>::<data source>``. Trivy looks up every
  top-level bucket whose name starts with ``pip::`` (PyPI) or ``cargo::`` (crates.io). Here:
  ``pip::Open Source Vulnerability`` and ``cargo::Open Source Vulnerability`` (trivy-db's public
  build has the PyPI one; its crates.io OSV source is switched off in favour of GHSA).
  Inside: a nested bucket per normalised package name (lower case; for pip ``_`` -> ``-``), and
  in it key = vulnerability ID, value = ``{"VendorIDs", "VulnerableVersions", "PatchedVersions"}``.
* The vulnerability ID is the record's first CVE alias when it has one (trivy-db's
  ``groupVulnIDs``), else the OSV id; the other ids go to ``VendorIDs``. Records with several
  CVE aliases are stored under the first one only, as trivy-db does.
* ``VulnerableVersions``: one constraint string per range: ``<fixed``, ``>=introduced, <fixed``,
  ``<=last_affected``, ``>=introduced`` (``>=0`` is dropped when a bound follows), and ``=v`` for
  each entry of ``versions[]`` not already inside a range. ``PatchedVersions``: the ``fixed``
  events. GIT ranges are ignored. Withdrawn records (``withdrawn`` in the past) are skipped.
* ``vulnerability`` bucket: ID -> ``{"Title","Description","Severity","VendorSeverity",
  "CVSS","References"}``, with the CVSS v3 base score computed from the record's vector.
* ``metadata.json`` beside ``trivy.db``: ``{"Version":2,"NextUpdate","UpdatedAt",
  "DownloadedAt"}``. Trivy's ``--skip-db-update`` only checks that the schema version is 2.

OSV ``database_specific.informational`` (RustSec "unmaintained"/"unsound") records are kept,
like any other record: Trivy then reports them as vulnerabilities.
"""
import argparse
import datetime as dt
import json
import math
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bbolt  # noqa: E402

try:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version
except ImportError:  # pragma: no cover
    SpecifierSet = None

SCHEMA_VERSION = 2
SOURCE_ID = "osv"
BUCKETS = {
    "PyPI": ("pip", "pip::Open Source Vulnerability",
             {"ID": SOURCE_ID, "Name": "Python Packaging Advisory Database",
              "URL": "https://github.com/pypa/advisory-db"}),
    "crates.io": ("cargo", "cargo::Open Source Vulnerability",
                  {"ID": SOURCE_ID, "Name": "RustSec Advisory Database",
                   "URL": "https://github.com/RustSec/advisory-db"}),
}


def normalize_name(eco, name):
    name = name.lower()
    if eco == "pip":
        name = name.replace("_", "-")
    return name


# ------------------------------------------------------------------ CVSS v3 base score

_W = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "CIA": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def _roundup(x):
    i = round(x * 100000)
    if i % 10000 == 0:
        return i / 100000.0
    return (math.floor(i / 10000) + 1) / 10.0


def cvss3_base(vector):
    try:
        m = dict(p.split(":", 1) for p in vector.split("/")[1:])
        changed = m["S"] == "C"
        pr = {"N": 0.85, "L": 0.68 if changed else 0.62, "H": 0.5 if changed else 0.27}[m["PR"]]
        iss = 1 - ((1 - _W["CIA"][m["C"]]) * (1 - _W["CIA"][m["I"]]) * (1 - _W["CIA"][m["A"]]))
        impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
        expl = 8.22 * _W["AV"][m["AV"]] * _W["AC"][m["AC"]] * pr * _W["UI"][m["UI"]]
    except (KeyError, ValueError):
        return 0.0
    if impact <= 0:
        return 0.0
    return _roundup(min((1.08 if changed else 1.0) * (impact + expl), 10))


def severity_of(score):
    if score >= 9.0:
        return 4
    if score >= 7.0:
        return 3
    if score >= 4.0:
        return 2
    if score > 0:
        return 1
    return 0


SEVERITY_NAMES = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"]


def cvss_v3_of(severities):
    for s in severities or []:
        if s.get("type") == "CVSS_V3" and s.get("score"):
            vec = s["score"].rstrip("/")
            if vec.startswith("CVSS:3.0") or vec.startswith("CVSS:3.1"):
                return vec, cvss3_base(vec)
    return "", 0.0


# ------------------------------------------------------------------ ranges

def range_string(frm, to, to_incl):
    if to_incl and frm == to:
        return f"={frm}"
    ver = ""
    if to:
        ver = f"<={to}" if to_incl else f"<{to}"
    if not ver:
        return f">={frm}"
    if frm == "0":
        return ver
    return f">={frm}, {ver}"


def pypi_contains(rng, v):
    """Is version v inside the range (PEP 440)? Unparseable -> False (trivy-db logs, adds =v)."""
    if SpecifierSet is None:
        return False
    frm, to, incl = rng
    try:
        ver = Version(v)
        if incl and frm == to:
            return ver == Version(frm)
        spec = range_string(frm, to, incl)
        return SpecifierSet(spec, prereleases=True).contains(ver, prereleases=True)
    except (InvalidVersion, InvalidSpecifier):
        return False


def parse_ranges(affected, eco):
    ranges, patched = [], []
    for r in affected.get("ranges") or []:
        if r.get("type") == "GIT":
            continue
        index = None
        for ev in r.get("events") or []:
            if ev.get("introduced"):
                ranges.append([ev["introduced"], "", False])
                index = len(ranges) - 1
            elif ev.get("fixed"):
                if index is None:  # trivy-db would index out of range here; skip the event
                    continue
                ranges[index][1], ranges[index][2] = ev["fixed"], False
                patched.append(ev["fixed"])
            elif ev.get("last_affected"):
                if index is None:
                    continue
                ranges[index][1], ranges[index][2] = ev["last_affected"], True
    vulnerable = [range_string(*r) for r in ranges]
    for v in affected.get("versions") or []:
        inside = eco == "pip" and any(pypi_contains(r, v) for r in ranges)
        if eco == "cargo":
            inside = False  # crates.io records carry no versions[]; SEMVER ranges only
        if not inside:
            vulnerable.append(f"={v}")
    return vulnerable, patched


# ------------------------------------------------------------------ sources

def iter_osv(sources):
    for src in sources:
        p = Path(src)
        if p.is_dir():
            for f in sorted(p.rglob("*.json")):
                yield str(f), f.read_bytes()
        elif p.suffix == ".zip":
            with zipfile.ZipFile(p) as z:
                for n in sorted(z.namelist()):
                    if n.endswith(".json"):
                        yield f"{p}:{n}", z.read(n)
        else:
            yield str(p), p.read_bytes()


def parse_time(s):
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def build(sources, cache_dir):
    t0 = time.monotonic()
    now = dt.datetime.now(dt.timezone.utc)
    root = bbolt.Bucket()
    stats = {"records": 0, "bad": 0, "withdrawn": 0, "no_ecosystem": 0, "advisories": 0,
             "overwritten": 0, "explicit_versions": 0}
    used = set()
    vulns = {}
    for name, raw in iter_osv(sources):
        try:
            rec = json.loads(raw)
            rid = rec["id"]
        except (ValueError, KeyError, TypeError):
            stats["bad"] += 1
            continue
        stats["records"] += 1
        wd = parse_time(rec.get("withdrawn"))
        if wd is not None and wd < now:
            stats["withdrawn"] += 1
            continue
        aliases = [a for a in rec.get("aliases") or [] if isinstance(a, str)]
        ids = aliases + [rid]
        cves = [a for a in ids if a.startswith("CVE-")]
        if cves:
            vuln_id, vendor_ids = cves[0], [a for a in ids if not a.startswith("CVE-")]
        else:
            vuln_id, vendor_ids = rid, aliases
        vec, score = cvss_v3_of(rec.get("severity"))
        per_pkg = {}
        for aff in rec.get("affected") or []:
            pkg = aff.get("package") or {}
            b = BUCKETS.get(pkg.get("ecosystem"))
            if not b or not pkg.get("name"):
                continue
            eco, bname, ds = b
            pname = normalize_name(eco, pkg["name"])
            vv, pv = parse_ranges(aff, eco)
            stats["explicit_versions"] += sum(1 for v in vv if v.startswith("=") and "," not in v)
            avec, ascore = cvss_v3_of(aff.get("severity"))
            if avec:
                vec, score = avec, ascore
            key = (bname, pname)
            if key in per_pkg:  # the same package repeated with other ranges
                per_pkg[key]["VulnerableVersions"] += vv
                per_pkg[key]["PatchedVersions"] += pv
            else:
                per_pkg[key] = {"VendorIDs": vendor_ids, "VulnerableVersions": vv,
                                "PatchedVersions": pv}
            root.bucket("data-source").put(bname, dumps(ds))
        if not per_pkg:
            stats["no_ecosystem"] += 1
            continue
        for (bname, pname), adv in per_pkg.items():
            adv = {k: v for k, v in adv.items() if v}
            nb = root.bucket(bname).bucket(pname)
            if vuln_id.encode() in nb.items:
                stats["overwritten"] += 1
            nb.put(vuln_id, dumps(adv))
            stats["advisories"] += 1
            used.add(vuln_id)
        detail = {"Title": rec.get("summary") or "", "Description": rec.get("details") or ""}
        sev = severity_of(score)
        if sev:
            detail["Severity"] = SEVERITY_NAMES[sev]
            detail["VendorSeverity"] = {SOURCE_ID: sev}
            detail["CVSS"] = {SOURCE_ID: {"V3Vector": vec, "V3Score": score}}
        else:
            detail["Severity"] = "UNKNOWN"
        refs = sorted({r.get("url", "").strip() for r in rec.get("references") or []
                       if r.get("url")})
        if refs:
            detail["References"] = refs
        vulns[vuln_id] = {k: v for k, v in detail.items() if v}
    vb = root.bucket("vulnerability")
    for vid in sorted(vulns):
        vb.put(vid, dumps(vulns[vid]))
    db_dir = Path(cache_dir) / "db"
    db_dir.mkdir(parents=True, exist_ok=True)
    pages = bbolt.Writer().write(root, db_dir / "trivy.db")
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    later = (now + dt.timedelta(days=3650)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    (db_dir / "metadata.json").write_text(json.dumps(
        {"Version": SCHEMA_VERSION, "NextUpdate": later, "UpdatedAt": stamp,
         "DownloadedAt": stamp}))
    pkgs = {b: len(root.items.get(b.encode(), bbolt.Bucket()).items) for _, b, _ in BUCKETS.values()}
    print(f"trivy.db {db_dir / 'trivy.db'}: {stats['records']} OSV records read "
          f"({stats['bad']} unreadable, {stats['withdrawn']} withdrawn skipped, "
          f"{stats['no_ecosystem']} without a PyPI/crates.io package), "
          f"{stats['advisories']} advisories ({stats['overwritten']} overwrote an earlier one "
          f"under the same ID), packages {pkgs}, {len(vulns)} vulnerability details, "
          f"{stats['explicit_versions']} explicit =version constraints, {pages} pages "
          f"of 4096 B, {time.monotonic() - t0:.2f} s"
          + ("" if SpecifierSet else "; WARNING: `packaging` missing"))


def dump(cache_dir, bucket):
    r = bbolt.Reader(Path(cache_dir) / "db" / "trivy.db")
    d = r.to_dict()
    if bucket:
        d = {bucket.encode(): d.get(bucket.encode())}

    def show(x, depth):
        for k, v in x.items():
            if isinstance(v, dict):
                print("  " * depth + k.decode() + "/")
                show(v, depth + 1)
            else:
                print("  " * depth + k.decode() + " = " + v.decode()[:200])
    show(d, 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--cache-dir", required=True)
    b.add_argument("sources", nargs="+")
    d = sub.add_parser("dump")
    d.add_argument("--cache-dir", required=True)
    d.add_argument("--bucket")
    a = ap.parse_args()
    if a.cmd == "build":
        build(a.sources, a.cache_dir)
    else:
        dump(a.cache_dir, a.bucket)


if __name__ == "__main__":
    main()
