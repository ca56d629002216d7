// Operations endpoints, errors as problem+json, security headers, the web app, shutdown.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { Client, demoClient, newPractice, signedIn, startServer, DEMO, ENGINE } from '../lib/server.mjs';

describe(`operations (${process.env.DUET_TEST_DB ?? 'sqlite'})`, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  // First, before any other test here makes a PDF: the modules (platform/module.hpp) are opened on use.
  it('maps PDF layout, libcurl and libpq only when they are used', { skip: ENGINE !== 'sqlite' && 'PostgreSQL opens its module at start' }, async () => {
    const maps = () => readFileSync(`/proc/${server.proc.pid}/maps`, 'utf8');
    assert.doesNotMatch(maps(), /libpango|libcairo|libcurl|libpq|libduet_/, 'an idle SQLite server maps none of them');
    const owner = await signedIn(server.url, DEMO.owner);
    const casey = await demoClient(owner, 'Casey');
    const pdf = await fetch(`${server.url}/api/v1/clients/${casey.id}/statement.pdf`, { headers: { Cookie: owner.cookie } });
    assert.equal(pdf.status, 200);
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    assert.match(maps(), /libduet_pdf\.so/);
    assert.match(maps(), /libpango/);
    assert.doesNotMatch(maps(), /libcurl|libpq|libduet_net|libduet_postgres/, 'a PDF opens only the PDF module');
  });

  it('answers liveness and readiness', async () => {
    const c = new Client(server.url);
    assert.deepEqual((await c.request('GET', '/healthz')).json, { status: 'ok' });
    const ready = await c.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.json.status, 'ready');
  });

  it('serves the OpenAPI 3.1 document with every operation', async () => {
    const doc = (await new Client(server.url).request('GET', '/api/v1/openapi.json')).json;
    assert.equal(doc.openapi, '3.1.0');
    for (const [path, method] of [['/api/v1/auth/login', 'post'], ['/api/v1/me', 'get'], ['/healthz', 'get'], ['/api/v1/audit', 'get']]) {
      assert.ok(doc.paths[path]?.[method], `${method} ${path} is documented`);
    }
  });

  it('exposes Prometheus metrics by route with no client data', async () => {
    const c = await signedIn(server.url, DEMO.owner);
    await c.request('GET', '/api/v1/me');
    const text = (await c.request('GET', '/metrics')).text;
    assert.match(text, /duet_http_requests_total\{method="GET",route="\/api\/v1\/me",status="2xx"\} \d+/);
    assert.match(text, /duet_http_request_duration_seconds_bucket\{method="GET",route="\/api\/v1\/me",le="0.001"\}/);
    assert.match(text, /duet_db_pool_connections \d+/);
    // The WAL checkpointer's passes and the time it held the writes (SQLite; zero on PostgreSQL).
    for (const name of ['duet_db_checkpoints_total', 'duet_db_checkpoint_holds_total', 'duet_db_checkpoint_held_seconds_total'])
      assert.match(text, new RegExp(`^# TYPE ${name} counter\\n${name} [\\d.e+-]+$`, 'm'));
    assert.match(text, /duet_audit_write_failures_total 0/, 'audit events that cannot be written are counted');
    assert.doesNotMatch(text, /demo\.example\.com|Rivera/);
  });

  it('writes an access line per request at debug level only, naming the route and never the path', async () => {
    // The default level (info) writes none.
    const owner = await signedIn(server.url, DEMO.owner);
    const casey = await demoClient(owner, 'Casey');
    assert.equal((await owner.request('GET', `/api/v1/clients/${casey.id}`)).status, 200);
    assert.doesNotMatch(server.stderr(), /"event":"request"/);
    const verbose = await startServer({ args: ['--log-level', 'debug'] });
    try {
      const c = await signedIn(verbose.url, DEMO.owner);
      const client = await demoClient(c, 'Casey');
      assert.equal((await c.request('GET', `/api/v1/clients/${client.id}`)).status, 200);
      const lines = verbose.stderr().split('\n').filter((l) => l.includes('"event":"request"')).map((l) => JSON.parse(l));
      const read = lines.find((l) => l.route === '/api/v1/clients/{id}');
      assert.ok(read, 'the client read has its access line');
      assert.equal(read.method, 'GET');
      assert.equal(read.status, 200);
      assert.match(read.request_id, /\S/);
      assert.doesNotMatch(verbose.stderr(), new RegExp(client.id), 'no client id (a raw path) in the log');
      assert.doesNotMatch(verbose.stderr(), /Casey|demo\.example\.com/);
    } finally {
      await verbose.stop();
    }
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await new Client(server.url).request('GET', '/api/v1/me');
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.match(res.headers.get('x-request-id'), /^[A-Za-z0-9_-]{12}$/);
    assert.equal(res.json.request_id, res.headers.get('x-request-id'));
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
  });

  it('turns every kind of bad input into a 4xx problem, never a 5xx', async () => {
    const c = new Client(server.url);
    const cases = [
      ['malformed JSON', { raw: '{"email":', headers: { 'Content-Type': 'application/json' } }, 400],
      ['not an object', { body: ['a'] }, 400],
      ['unknown field', { body: { email: 'a@b.co', password: 'x', role: 'owner' } }, 400],
      ['wrong types', { body: { email: 7, password: false } }, 400],
      ['missing fields', { body: {} }, 400],
      ['not JSON content type', { raw: 'email=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, 415],
      ['oversized body', { raw: JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'Content-Type': 'application/json' } }, 413],
    ];
    for (const [name, opts, want] of cases) {
      const res = await c.request('POST', '/api/v1/auth/login', opts);
      assert.equal(res.status, want, name);
      assert.equal(res.json?.status, want, `${name}: problem body`);
      assert.ok(res.json.type.startsWith('https://'), `${name}: problem type`);
    }
    const bad = await c.request('POST', '/api/v1/auth/login', { body: { email: 5, password: ['x'], extra: 1 } });
    assert.equal(bad.json.detail, '3 fields need attention.', 'every field problem at once');
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['email', 'extra', 'password']);
    assert.equal((await c.request('GET', '/api/v1/nothing-here')).status, 404);
    const wrongMethod = await c.request('DELETE', '/api/v1/me');
    assert.equal(wrongMethod.status, 405);
    assert.match(wrongMethod.json.type, /\/problems\/method-not-allowed$/, 'a 405 has its own problem type');
    assert.equal(wrongMethod.headers.get('allow'), 'GET, HEAD', 'and says which methods the path answers');
    const form = await c.request('POST', '/api/v1/auth/login', { raw: 'email=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.match(form.json.type, /\/problems\/unsupported-media-type$/, 'a 415 has its own problem type');
    assert.equal((await c.request('GET', '/api/v1/%zz')).status, 400);
    assert.equal((await c.request('GET', '/healthz')).status, 200, 'the server is still up');
  });

  it('refuses huge headers with 431', async () => {
    const res = await new Client(server.url).request('GET', '/healthz', { headers: { 'X-Big': 'a'.repeat(20000) } });
    assert.equal(res.status, 431);
  });

  it('serves the web app with caching rules and SPA fallback', async () => {
    const c = new Client(server.url);
    const index = await c.request('GET', '/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /text\/html/);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const asset = index.text.match(/\/assets\/[^"]+\.js/)[0];
    const js = await c.request('GET', asset);
    assert.match(js.headers.get('content-type'), /javascript/);
    assert.match(js.headers.get('cache-control'), /immutable/);
    const deep = await c.request('GET', '/calendar/week');
    assert.equal(deep.status, 200);
    assert.equal(deep.text, index.text);
    assert.equal((await c.request('GET', '/missing.png')).status, 404);
    const etag = index.headers.get('etag');
    assert.equal((await c.request('GET', '/', { headers: { 'If-None-Match': etag } })).status, 304);
  });

  it('sends the app precompressed: brotli or gzip as the browser accepts, the same bytes once decoded', async () => {
    const index = await new Client(server.url).request('GET', '/');
    const asset = index.text.match(/\/assets\/[^"]+\.js/)[0];
    const raw = (encoding) => new Promise((resolve, reject) => {
      get(server.url + asset, { headers: encoding ? { 'Accept-Encoding': encoding } : {} }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    const plain = await raw('');
    assert.equal(plain.headers['content-encoding'], undefined);
    const br = await raw('gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.ok(br.body.length < plain.body.length / 3, `${br.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);
    const gz = await raw('gzip;q=1.0, br;q=0');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);
    assert.notEqual(gz.headers.etag, plain.headers.etag, 'each coding has its own ETag');
  });
});

describe('a quiet server gives memory back', () => {
  it('after a spell without requests it releases its caches once per spell, and reads and writes go on', async () => {
    const server = await startServer({ demo: false, args: ['--release-memory-after', '1'] });
    try {
      const figure = async (name) => {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
      };
      // Waits for the count to reach `n`, looking less often than the quiet spell (a look is a request).
      const releasesReach = async (n) => {
        for (let i = 0; i < 12; i++) {
          await new Promise((r) => setTimeout(r, 1600));
          if (await figure('duet_memory_releases_total') >= n) return;
        }
        assert.fail(`no memory release after a quiet spell (wanted ${n})`);
      };
      const practice = await newPractice(server, { name: 'Quiet Counseling' });
      const made = [];
      for (let i = 0; i < 20; i++) {
        const r = await practice.owner.request('POST', '/api/v1/clients', { body: { given_name: 'Quiet', family_name: `Client${i}`,
          birth_date: '1990-01-01', email: `quiet${i}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver' } });
        assert.equal(r.status, 201, r.text);
        made.push(r.json.id);
      }
      assert.ok(await figure('process_resident_memory_bytes') > 1 << 20, 'resident memory is reported');
      await releasesReach(1);
      // Caches emptied: what was written is read back from the file, and a write after it is kept.
      const read = await practice.owner.request('GET', `/api/v1/clients/${made[7]}`);
      assert.equal(read.status, 200, read.text);
      assert.equal(read.json.family_name, 'Client7');
      const more = await practice.owner.request('POST', '/api/v1/clients', { body: { given_name: 'After', family_name: 'Quiet',
        birth_date: '1990-01-01', email: 'after-quiet@client.example.com', location_state: 'CO', time_zone: 'America/Denver' } });
      assert.equal(more.status, 201, more.text);
      const back = await practice.owner.request('GET', `/api/v1/clients/${more.json.id}`);
      assert.equal(back.json.given_name, 'After');
      // Once per spell: the requests above started a new one.
      const released = await figure('duet_memory_releases_total');
      await releasesReach(released + 1);
      const trail = (await practice.owner.request('GET', '/api/v1/audit?limit=100')).json.items;
      assert.ok(trail.some((e) => e.action === 'client.read' && e.client_id === made[7]), 'the read after the release is audited');
    } finally {
      await server.stop();
    }
  });
});

describe('migrations (postgres)', { skip: ENGINE !== 'postgres' && 'the version only one engine has is PostgreSQL\'s' }, () => {
  it('records every migration by name, and names at the next start one recorded without a name', async () => {
    const first = await startServer({ demo: false });
    const sql = (q) => execFileSync('psql', [first.database, '-At', '-c', q]).toString().trim();
    try {
      assert.equal(sql("SELECT count(*) FROM schema_migrations WHERE name = ''"), '0');
      assert.equal(sql('SELECT name FROM schema_migrations WHERE version = 63'), '0063_visit_parents');
      // As a server before 2026-12-05 recorded it.
      sql("UPDATE schema_migrations SET name = '' WHERE version = 63");
    } finally {
      await first.stop({ keep: true });
    }
    const again = await startServer({ demo: false, dir: first.dir, database: first.database });
    try {
      assert.equal(sql('SELECT name FROM schema_migrations WHERE version = 63'), '0063_visit_parents');
      assert.equal(sql("SELECT count(*) FROM schema_migrations WHERE name = ''"), '0');
    } finally {
      await again.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes and exits 0 on SIGTERM', async () => {
    const server = await startServer();
    const c = new Client(server.url);
    const inflight = c.login(DEMO.owner);
    await new Promise((r) => setTimeout(r, 10));
    const code = server.stop();
    const res = await inflight.catch(() => ({ status: 'closed' }));
    assert.ok(res.status === 200 || res.status === 'closed');
    assert.equal(await code, 0);
  });
});

describe('a full disk (sqlite)', { skip: (process.env.DUET_TEST_DB ?? 'sqlite') !== 'sqlite' && 'the size cap is SQLite\'s; PostgreSQL\'s disk_full maps the same way' }, () => {
  it('answers 503 problem+json and keeps nothing half-written, is not ready, and recovers once there is room', async () => {
    const { execFileSync } = await import('node:child_process');
    const { newPractice } = await import('../lib/server.mjs');
    // The cap stands in for a full disk: past it SQLite answers exactly as it does when the disk is full.
    const server = await startServer({ demo: false, args: ['--max-database-mb', '3'] });
    try {
      const practice = await newPractice(server, { name: 'Full Disk Practice' });
      const { owner } = practice;
      const client = (await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Fil', family_name: 'Up', birth_date: '1990-01-01',
        email: 'fil@client.example.com', location_state: 'CO', time_zone: 'America/Denver' } })).json;
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 600 * 1024 }, (_, i) => (i * 7919) % 251))]).toString('base64');
      let full;
      for (let i = 0; i < 12 && !full; i++) {
        const r = await owner.request('POST', `/api/v1/clients/${client.id}/documents`, { body: { title: `scan ${i}`, data: pdf } });
        if (r.status !== 201) full = r;
      }
      assert.ok(full, 'the cap was reached');
      assert.equal(full.status, 503, full.text);
      assert.match(full.headers.get('content-type'), /problem\+json/);
      assert.match(full.json.detail, /disk is full\). Nothing was saved/);
      // Fill what is left with small files too, so that not even the readiness probe's 64 KB fits (how much
      // room the large file left depends on the database's layout).
      const small = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 16 * 1024 }, (_, i) => (i * 7919) % 251))]).toString('base64');
      for (let i = 0; i < 400; i++)
        if ((await owner.request('POST', `/api/v1/clients/${client.id}/documents`, { body: { title: `note ${i}`, data: small } })).status !== 201) break;
      assert.equal((await owner.request('GET', '/readyz')).status, 503, 'not ready while nothing can be stored');
      assert.equal((await owner.request('GET', `/api/v1/clients/${client.id}`)).status, 200, 'reads still work');
      const kept = (await owner.request('GET', `/api/v1/clients/${client.id}/documents`)).json.items.length;
      // An operator makes room; the next readiness check finds it and the server is ready again.
      execFileSync('sqlite3', [server.database.slice('sqlite:'.length), '.timeout 5000', 'DELETE FROM documents;']);
      assert.equal((await owner.request('GET', '/readyz')).status, 200);
      const again = await owner.request('POST', `/api/v1/clients/${client.id}/documents`, { body: { title: 'after', data: pdf } });
      assert.equal(again.status, 201, again.text);
      assert.ok(kept >= 1, 'what was stored before the disk filled is intact');
    } finally {
      await server.stop();
    }
  });
});

describe('connection limits', () => {
  const open = (url) => new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const s = connect(Number(port), hostname, () => resolve(s));
    s.on('error', reject);
  });
  /** Resolves with what the server answered on a fresh connection ('' when it closed it unanswered). */
  const ask = (url) => new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const chunks = [];
    const s = connect(Number(port), hostname, () => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    s.on('data', (d) => chunks.push(d));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.setTimeout(3000, () => s.destroy());
  });

  for (const [flag, n] of [['--max-connections-per-ip', 8], ['--max-connections', 6]]) {
    it(`closes connections over ${flag} at once, and serves again when some close`, async () => {
      const server = await startServer({ demo: false, args: [flag, String(n)] });
      const held = [];
      try {
        for (let i = 0; i < n; i++) held.push(await open(server.url));
        assert.equal(await ask(server.url), '', 'one over the allowance is closed without an answer');
        for (const s of held.splice(0)) s.destroy();
        await new Promise((r) => setTimeout(r, 200));
        assert.match(await ask(server.url), /^HTTP\/1\.1 200/);
      } finally {
        for (const s of held) s.destroy();
        await server.stop();
      }
    });
  }
});
