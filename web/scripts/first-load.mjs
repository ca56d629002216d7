// `node scripts/first-load.mjs [ChunkName …]` after `npm run build`: e.g. `PortalHome` for a client, `Shell Home` for staff.
// The JavaScript a client's first load fetches (gzip): the entry and what it imports statically, then the
// portal's chunk and what that imports, following the built files' own import statements.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const dir = 'dist/assets/';
const files = readdirSync(dir);
const entry = readFileSync('dist/index.html', 'utf8').match(/assets\/(index-[^"]+\.js)/)[1];
const seen = new Set();
const walk = (f) => {
  if (seen.has(f)) return;
  seen.add(f);
  const text = readFileSync(dir + f, 'utf8');
  for (const m of text.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)) walk(m[1]);
};
walk(entry);
for (const prefix of process.argv.slice(2)) walk(files.find((f) => f.startsWith(prefix + '-') && f.endsWith('.js')));
let total = 0;
for (const f of seen) total += gzipSync(readFileSync(dir + f)).length;
console.log(process.argv.slice(2).join(' ') || 'entry', (total / 1024).toFixed(1), 'KiB gzip,', seen.size, 'files');
