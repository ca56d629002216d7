// The client-facing words: every English text the client's pages translate — t('…'), tr('…'), the
// tables marked w('…'), and the built-in intake form's and questionnaires' words — must be in every locale file (src/locales/<code>.json), with the same {placeholders}.
// `node scripts/locales.mjs` checks (exit 1 on a gap); `--missing` prints the gaps as JSON to fill in.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const src = new URL('../src/', import.meta.url).pathname;
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
  }
};
walk(src);

// t('…'), tr('…'), w('…') and their "…" forms: the first argument when it is one literal.
const call = /\b(?:t|tr|w)\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*[,)]/g;
const unescape = (s) => s.replace(/\\(.)/g, '$1');
const used = new Map();
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  if (!/from '(\.\.\/)+lib\/i18n'|from '\.\/i18n'/.test(text) && !f.endsWith('i18n.tsx')) continue;
  for (const m of text.matchAll(call)) {
    const english = unescape(m[1] ?? m[2]);
    if (!used.has(english)) used.set(english, f.slice(src.length));
  }
}

// Words shipped as data and shown through t(): the built-in intake form and the questionnaires.
const data = new URL('../../data/', import.meta.url).pathname;
const shipped = (file, keys, lists) => {
  const walk = (x) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    for (const [k, v] of Object.entries(x)) {
      if (keys.includes(k) && typeof v === 'string') used.set(v, `data/${file}`);
      else if (lists.includes(k) && Array.isArray(v)) v.filter((o) => typeof o === 'string').forEach((o) => used.set(o, `data/${file}`));
      else walk(v);
    }
  };
  walk(JSON.parse(readFileSync(join(data, file), 'utf8')));
};
shipped('intake_forms.json', ['name', 'description', 'title', 'label'], ['options']);
shipped('instruments.json', ['title', 'stem', 'functional', 'attribution'], ['options', 'items', 'functional_options']);

const placeholders = (s) => [...s.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort().join(',');
const locales = readdirSync(join(src, 'locales')).filter((n) => n.endsWith('.json'));
let gaps = 0;
const missing = {};
for (const name of locales) {
  const dict = JSON.parse(readFileSync(join(src, 'locales', name), 'utf8'));
  for (const [english, where] of used) {
    if (!(english in dict)) {
      gaps++;
      missing[english] = '';
      if (!process.argv.includes('--missing')) console.error(`${name}: no words for "${english}" (${where})`);
    } else if (placeholders(dict[english]) !== placeholders(english)) {
      gaps++;
      console.error(`${name}: "${english}" and its words have different placeholders`);
    }
  }
}
if (process.argv.includes('--missing')) console.log(JSON.stringify(missing, null, 2));
else console.log(`${used.size} client-facing texts, ${locales.length} locale file(s): ${gaps ? `${gaps} gap(s)` : 'every text has its words'}`);
process.exit(gaps && !process.argv.includes('--missing') ? 1 : 0);
