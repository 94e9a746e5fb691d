// Validates CSAF 2.0 files with the official BSI/secvisogram validator library: the strict
// CSAF 2.0 JSON schema plus every mandatory test (6.1.x) the library implements.
//
//   node validate.mjs FILE...            (after `npm ci` in this folder)
//
// Prints one line per file and every failing test with its errors; exits 1 if any file fails
// (or cannot be read), 2 on bad usage. With --json, prints a JSON report instead.
import { readFile } from 'node:fs/promises'
import validate from '@secvisogram/csaf-validator-lib/validate.js'
import * as schema from '@secvisogram/csaf-validator-lib/schemaTests.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'

const args = process.argv.slice(2)
const json = args.includes('--json')
const files = args.filter((a) => a !== '--json')
if (files.length === 0) {
  console.error('usage: node validate.mjs [--json] FILE...')
  process.exit(2)
}

const tests = [schema.csaf_2_0_strict, ...Object.values(mandatory)]
const report = []
let failed = 0
for (const file of files) {
  let doc
  try {
    doc = JSON.parse(await readFile(file, 'utf8'))
  } catch (e) {
    failed++
    report.push({ file, isValid: false, error: String(e), tests: [] })
    if (!json) console.log(`FAIL ${file}: cannot read: ${e}`)
    continue
  }
  const result = await validate(tests, doc)
  const bad = result.tests.filter((t) => !t.isValid || t.errors.length > 0)
  const ok = result.isValid && bad.length === 0
  if (!ok) failed++
  report.push({ file, isValid: ok, tests: bad, testCount: result.tests.length })
  if (!json) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} (${result.tests.length} tests)`)
    for (const t of bad) {
      for (const e of t.errors) console.log(`  ${t.name}: ${e.instancePath} ${e.message}`)
    }
  }
}
if (json) console.log(JSON.stringify({ files: report, failed }, null, 2))
else console.log(`${files.length - failed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
