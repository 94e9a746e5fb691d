#!/usr/bin/env python3
"""Builds the evidence and assessment records of the bundled examples with the cra62443 CLI itself
(`evidence add`, `verdict`), so the examples are what a user would produce. Run from the repository
root after `cargo build`; it rewrites examples/*/assessment.yaml and examples/*/evidence/*."""

import json
import os
import subprocess
import sys

BIN = os.environ.get("CRA62443", "target/debug/cra62443")
DATE = "2026-11-20"


def run(*args):
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)}: {r.stderr}")
    return r.stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def evidence_files(ex, name, kind):
    d = f"examples/{ex}/evidence"
    write(f"{d}/risk-assessment.md", f"# Cybersecurity risk assessment: {name}\n\nScope, intended purpose, foreseeable use and misuse, operational environment, assets and threats (IEC 62443-3-2 style zone model), risk evaluation per Annex I Part I (2)(a)-(m) with applicability decisions, and residual risks. Reviewed {DATE}.\n")
    write(f"{d}/sdl-process-manual.md", "# Secure development lifecycle manual (IEC 62443-4-1)\n\nProcess description, roles, tooling, release gates; records of the last two releases attached as appendices A-F.\n")
    write(f"{d}/security-guidelines.md", f"# Security guidelines for {name}\n\nHardening, secure operation, account management, secure disposal, update installation, integration requirements (SG-1 … SG-6).\n")
    write(f"{d}/cvd-policy.md", "# Coordinated vulnerability disclosure policy\n\nContact, PGP key, expected response times, embargo, credit, CSAF advisories.\n")
    write(f"{d}/update-process.md", "# Security update process\n\nQualification, documentation, signed delivery, timely delivery targets, automatic download with opt-out (A11 SUM-6).\n")
    for fr in range(1, 8):
        write(f"{d}/test-report-fr{fr}.md", f"# Security test report FR {fr}: {name}\n\nTest cases per requirement of FR {fr}, test environment, results, tester (independent department per SVV-5).\n")
    write(f"{d}/pentest-summary.md", f"# Penetration test summary: {name}\n\nPerformed by an independent organisation; findings and their closure.\n")
    write(f"{d}/data-minimisation.md", f"# Data minimisation statement: {name}\n\nData processed, purpose, retention; no personal data beyond account names.\n")


def plan(ex):
    return json.loads(run("plan", f"examples/{ex}/product.yaml", "--format", "json"))


def record(ex, req, verdict, files, note=None, maturity=None, met_by="component"):
    product = f"examples/{ex}/product.yaml"
    if files:
        run("evidence", "add", req, *[f"examples/{ex}/evidence/{f}" for f in files], "--product", product)
    args = ["verdict", req, verdict, "--product", product, "--assessor", "A. Assessor", "--date", DATE]
    if note:
        args += ["--note", note]
    if maturity:
        args += ["--maturity", str(maturity)]
    if met_by and not req.startswith("iec62443-4-1") and not req.startswith("cra:"):
        args += ["--met-by", met_by]
    run(*args)


def evidence_for(req):
    if req.startswith("iec62443-4-1:"):
        local = req.split(":")[1]
        if local.startswith("sg-"):
            return ["security-guidelines.md"]
        if local.startswith("sum-"):
            return ["update-process.md"]
        if local.startswith("dm-"):
            return ["cvd-policy.md", "sdl-process-manual.md"]
        if local == "svv-4":
            return ["pentest-summary.md"]
        return ["sdl-process-manual.md"]
    local = req.split(":")[1]
    digits = [c for c in local if c.isdigit()]
    return [f"test-report-fr{digits[0]}.md"] if digits else []


def build(ex, name, decide, extra=()):
    path = f"examples/{ex}/assessment.yaml"
    if os.path.exists(path):
        os.remove(path)
    evidence_files(ex, name, ex)
    for item in plan(ex):
        req = item["id"]
        d = decide(req)
        if d is None:
            continue
        verdict, note, maturity = d
        record(ex, req, verdict, evidence_for(req), note, maturity)
    for req, verdict, files, note in extra:
        record(ex, req, verdict, files, note)


def managed(req):
    if req.startswith("iec62443-4-1:"):
        if req.endswith(":dm-6"):
            return None
        if req.endswith(":svv-4"):
            return ("partial", "Penetration test of release 4.2 still open; 4.1 tested.", 2)
        return ("pass", None, 3)
    if req.endswith(":cr-1.11"):
        return ("fail", "Login attempt limiting is disabled in the factory configuration.", None)
    if req.endswith(":ndr-3.11") or req.endswith(":cr-7.3.re-1"):
        return None
    return ("pass", None, None)


def firewall(req):
    if req.startswith("iec62443-4-1:"):
        return ("pass", None, 3)
    if req.endswith(":ndr-5.2.re-2"):
        return ("partial", "Island mode keeps routing between internal interfaces; fix planned for 7.2.", None)
    if any(req.endswith(x) for x in [":cr-2.11.re-1", ":cr-6.2", ":cr-1.14.re-1"]):
        return None
    return ("pass", None, None)


def unmanaged(req):
    if req.startswith("iec62443-4-1:"):
        return ("pass", None, 3)
    return ("pass", None, None)


def plc(req):
    if req.startswith("iec62443-4-1:"):
        local = req.split(":")[1]
        return ("pass", None, 3) if local.startswith(("sm-", "sr-", "sd-")) else None
    local = req.split(":")[1]
    if local.startswith(("cr-1.", "edr-3.", "cr-3.1", "cr-3.5")):
        return ("pass", None, None)
    return None


def main():
    build("managed-switch", "NW-Switch 3008", managed, [
        ("cra:annex-i.p1.2g", "pass", ["data-minimisation.md"], "Data minimisation beyond 62443: only the data listed in the statement is processed."),
    ])
    build("firewall", "Castellum IFW-500", firewall)
    build("unmanaged-switch", "NW-Switch 1005U", unmanaged, [
        ("cra:annex-i.p1.2g", "pass", ["data-minimisation.md"], "The switch stores and processes no data beyond forwarding tables."),
    ])
    build("plc", "Vektor PLC-700", plc)
    # Stale evidence on purpose: the FR 2 test report of the managed switch changed after the
    # verdicts were recorded (a re-run with a new result), so its verdicts show as stale.
    with open("examples/managed-switch/evidence/test-report-fr2.md", "a") as f:
        f.write("\nRe-run 2026-11-25: audit storage warning threshold test repeated with firmware 4.2.2.\n")


if __name__ == "__main__":
    main()
