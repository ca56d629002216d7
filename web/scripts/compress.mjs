// After `vite build`: a gzip and a brotli copy beside each text file of dist/ worth compressing, so the
// server sends the smallest one the browser accepts without compressing anything per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
let before = 0;
let after = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (TEXT.test(name) && statSync(path).size >= 1024) {
      const body = readFileSync(path);
      const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
      before += body.length;
      after += br.length;
    }
  }
}
walk(new URL('../dist', import.meta.url).pathname);
console.log(`compressed: ${(before / 1024).toFixed(0)} KiB of text → ${(after / 1024).toFixed(0)} KiB with brotli`);
