// Derives data/compacts.csv from the researched list (shared reference compacts.csv, compiled
// 2026-11-22). "Enacted" is not "operational": operational_on is filled only where a source gives
// the date privileges (or multistate licenses) became available; otherwise it stays empty and the
// compact does not count for that state until an owner records the date in the app.
// Usage: node data/build-compacts.mjs ../shared/reference/compacts.csv > data/compacts.csv
import { readFileSync } from 'node:fs';

const codes = {
  PSYPACT: 'PSYPACT', 'Counseling Compact': 'COUNSELING', 'OT Compact': 'OT', 'PT Compact': 'PT', 'ASLP-IC': 'ASLP',
  'Nurse Licensure Compact (NLC)': 'NLC', 'APRN Compact': 'APRN', 'Interstate Medical Licensure Compact (IMLC)': 'IMLC',
  'Social Work Licensure Compact': 'SOCIAL_WORK',
};

function parse(line) {
  const out = [];
  let cur = '', quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

function operationalOn(compact, state, status) {
  const since = status.match(/since (\d{4}-\d{2}-\d{2})/);
  switch (compact) {
    case 'PSYPACT': return '2020-07-01'; // applications opened 2020-07-01; per-state dates not verified
    case 'COUNSELING': return since ? since[1] : '';
    case 'PT':
      if (/compact operational/.test(status)) return '2018-07-09';
      if (state === 'AR') return '2020-02-28';
      if (state === 'VA') return '2020-03-01'; // "early 2020": first of March used, day not sourced
      return '';
    case 'NLC':
      if (!/fully implemented/.test(status)) return '';
      return state === 'CT' ? '2025-10-01' : '2018-01-19'; // eNLC implementation date
    case 'IMLC': return /accepting applications|issues licenses/.test(status) ? '2017-04-06' : '';
    default: return ''; // OT, ASLP, APRN, SOCIAL_WORK: not verified as issuing
  }
}

const lines = readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1);
console.log('compact,state,status,operational_on,source,as_of');
for (const line of lines) {
  const [name, state, status, source] = parse(line.replace(/\r/g, ''));
  const compact = codes[name];
  if (!compact || !/^[A-Z]{2}$/.test(state)) continue;
  const op = operationalOn(compact, state, status);
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  console.log([compact, state, q(status), op, q(source), '2026-11-22'].join(','));
}
