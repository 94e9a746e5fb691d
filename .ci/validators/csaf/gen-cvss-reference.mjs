// Regenerates crates/cra62443-vex/tests/data/cvss-reference.json: CVSS v3.0/v3.1 scores from the
// FIRST reference calculators and CVSS v2 scores from cvss2js, as bundled with
// @secvisogram/csaf-validator-lib. Run: cd .ci/validators/csaf && npm ci &&
//   node gen-cvss-reference.mjs > ../../../crates/cra62443-vex/tests/data/cvss-reference.json
import { cvss30, cvss31 } from '@secvisogram/csaf-validator-lib/lib/shared/first.js'
import cvss2js from 'cvss2js'
import { getEnvironmentalScoreFromVectorString } from '@secvisogram/csaf-validator-lib/lib/shared/cvss2.js'
let seed = 42
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
const pick = (a) => a[rnd(a.length)]
const out = { v3: [], v2: [] }
for (let i = 0; i < 400; i++) {
  const ver = i % 2 ? '3.1' : '3.0'
  let v = `CVSS:${ver}/AV:${pick('NALP')}/AC:${pick('LH')}/PR:${pick('NLH')}/UI:${pick('NR')}/S:${pick('UC')}/C:${pick('HLN')}/I:${pick('HLN')}/A:${pick('HLN')}`
  if (rnd(2)) v += `/E:${pick('XUPFH')}/RL:${pick('XOTWU')}/RC:${pick('XURC')}`
  if (rnd(2)) v += `/CR:${pick('XLMH')}/IR:${pick('XLMH')}/AR:${pick('XLMH')}/MAV:${pick('XNALP')}/MAC:${pick('XLH')}/MPR:${pick('XNLH')}/MUI:${pick('XNR')}/MS:${pick('XUC')}/MC:${pick('XNLH')}/MI:${pick('XNLH')}/MA:${pick('XNLH')}`
  const r = (ver === '3.0' ? cvss30 : cvss31).calculateCVSSFromVector(v)
  if (!r.success) throw new Error(v)
  out.v3.push([v, Number(r.baseMetricScore), Number(r.temporalMetricScore), Number(r.environmentalMetricScore)])
}
for (let i = 0; i < 200; i++) {
  let v = `AV:${pick(['L','A','N'])}/AC:${pick(['H','M','L'])}/Au:${pick(['M','S','N'])}/C:${pick(['N','P','C'])}/I:${pick(['N','P','C'])}/A:${pick(['N','P','C'])}`
  if (rnd(2)) v += `/E:${pick(['U','POC','F','H','ND'])}/RL:${pick(['OF','TF','W','U','ND'])}/RC:${pick(['UC','UR','C','ND'])}`
  if (rnd(2)) v += `/CDP:${pick(['N','L','LM','MH','H','ND'])}/TD:${pick(['N','L','M','H','ND'])}/CR:${pick(['L','M','H','ND'])}/IR:${pick(['L','M','H','ND'])}/AR:${pick(['L','M','H','ND'])}`
  out.v2.push([v, Number(cvss2js.getBaseScore(v)), Number(cvss2js.getTemporalScore(v)), Number(getEnvironmentalScoreFromVectorString(v))])
}
console.log(JSON.stringify(out))
