// The API's contract: the OpenAPI 3.1 document the server generates from its route declarations is
// the one the web app is typed against (web/openapi.json), every operation has schemas for what it
// reads and answers, and an independent linter (@redocly/cli) finds no error in it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = process.env.DUET_BIN ?? join(root, 'build/release/duet');
const text = execFileSync(bin, ['openapi'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const doc = JSON.parse(text);
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

function resolve(ref) {
  assert.ok(ref.startsWith('#/'), ref);
  return ref.slice(2).split('/').reduce((at, key) => at?.[key], doc);
}

describe('OpenAPI contract', () => {
  it('is the document the web app is typed against (run `make openapi` after changing a route or codec)', () => {
    const committed = readFileSync(join(root, 'web/openapi.json'), 'utf8');
    assert.equal(committed.trim(), text.trim(), 'web/openapi.json is out of date: run `make openapi` and commit it');
  });

  it('gives every operation a success answer with a schema, and a body schema where it reads one', () => {
    assert.ok(operations.length > 100, `${operations.length} operations`);
    const missing = [];
    for (const { path, method, op } of operations) {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) missing.push(`${method} ${path}: no success response`);
      for (const [status, res] of success) {
        if (status === '204') continue;
        const content = res.content ? Object.values(res.content) : [];
        if (content.length === 0 || !content.every((c) => c.schema)) missing.push(`${method} ${path}: ${status} without a schema`);
      }
      // A JSON body, or a file in its own type (an 835 as application/edi-x12): each with a schema.
      const bodies = Object.values(op.requestBody?.content ?? {});
      if (op.requestBody && (bodies.length === 0 || !bodies.every((c) => c.schema))) missing.push(`${method} ${path}: body without a schema`);
      for (const p of op.parameters ?? []) if (!p.schema) missing.push(`${method} ${path}: parameter ${p.name} without a schema`);
      if (!op.responses.default) missing.push(`${method} ${path}: no problem response`);
    }
    assert.deepEqual(missing, []);
  });

  it('declares the body of every write that reads one, and refers only to schemas it defines', () => {
    // Every $ref resolves.
    const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 100);
    for (const ref of new Set(refs)) assert.ok(resolve(ref), `${ref} resolves`);
    // Writes known to read a body declare it (a sample across capabilities).
    for (const [method, path] of [['post', '/api/v1/appointments'], ['patch', '/api/v1/clients/{id}'], ['post', '/api/v1/clients'],
      ['post', '/api/v1/auth/login'], ['put', '/api/v1/notes/{id}'], ['post', '/api/v1/clients/{id}/plans'], ['post', '/api/v1/invitations']]) {
      assert.ok(doc.paths[path][method].requestBody, `${method} ${path} declares its body`);
    }
    const client = doc.components.schemas.ClientPatch;
    assert.ok(client && !client.required, 'a PATCH body requires nothing');
    assert.ok(doc.components.schemas.Me.properties.permissions, '/me lists permissions');
  });

  it('passes an independent OpenAPI 3.1 linter, which does fail a broken document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-openapi-'));
    const redocly = join(here, '..', 'node_modules', '.bin', 'redocly');
    const lint = (document) => {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const r = spawnSync(redocly, ['lint', '--config', join(here, 'redocly.yaml'), '--format', 'stylish', file], { encoding: 'utf8' });
      return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
    };
    const good = lint(doc);
    assert.equal(good.status, 0, good.out);
    assert.match(good.out, /valid/i);
    // The linter is not a formality: a schema that is referred to but missing is an error.
    const broken = structuredClone(doc);
    delete broken.components.schemas.Appointment;
    assert.notEqual(lint(broken).status, 0, 'a dangling $ref fails the lint');
  });
});
