// Hostile input, as an attacker sends it: control characters (NUL above all: PostgreSQL would cut the
// text while its audit event was hashed whole) in every route's body, in addresses and queries; and
// races on the rules that must hold once (one note per visit, one use of a two-step code, five
// password guesses before the lock).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, demoClient, duet, newPractice, rawStorage, signedIn, startServer, totpAt } from '../lib/server.mjs';

/** Sends raw bytes on one connection; resolves with everything the server wrote before closing (or 2 s). */
function rawExchange(url, bytes) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks = [];
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', done);
    socket.on('error', done);
    socket.setTimeout(2000, () => socket.destroy());
  });
}

describe(`hostile input (${ENGINE})`, () => {
  let server;
  let owner;
  let therapist;
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    therapist = await signedIn(server.url, DEMO.clinician);
  });
  after(async () => server?.stop());

  it('refuses NUL and other control characters in a body, naming the field, and stores nothing', async () => {
    const template = (await therapist.request('GET', '/api/v1/note-templates/soap')).json;
    const key = await therapist.request('POST', '/api/v1/note-templates', { body: { ...template, key: 'mine\u0000tail', name: 'Mine' } });
    assert.equal(key.status, 400, key.text);
    assert.deepEqual(key.json.errors.map((e) => e.field), ['key']);
    assert.equal((await therapist.request('GET', '/api/v1/note-templates/mine')).status, 404, 'nothing stored, not even cut short');
    const client = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Ann\u0000HIDDEN', family_name: 'Lee', birth_date: '1990-01-01',
      location_state: 'CO', time_zone: 'America/Denver' } });
    assert.equal(client.status, 400);
    assert.deepEqual(client.json.errors.map((e) => e.field), ['given_name']);
    const nested = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Ann', family_name: 'Lee', birth_date: '1990-01-01',
      location_state: 'CO', time_zone: 'America/Denver', guardians: [{ name: 'Bell\u0007', relationship: 'parent' }] } });
    assert.deepEqual(nested.json.errors.map((e) => e.field), ['guardians[0].name']);
    const sneakyKey = await owner.request('PATCH', '/api/v1/practice', { body: { 'mfa_required\u0001': true } });
    assert.equal(sneakyKey.status, 400);
    // Tab, line feed and carriage return are text, and pass.
    const ok = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Ann', family_name: 'Lee', pronouns: 'she/her\t', birth_date: '1990-01-01',
      email: 'ann.lee@client.example.com', location_state: 'CO', time_zone: 'America/Denver' } });
    assert.equal(ok.status, 201, ok.text);
  });

  it('refuses control characters in the address and the query', async () => {
    for (const path of ['/api/v1/audit?client_id=%00', '/api/v1/clients?q=Ann%00', '/api/v1/clients/abc%00def', '/api/v1/clients?q=%1b%5b31m']) {
      const r = await owner.request('GET', path);
      assert.equal(r.status, 400, `${path}: ${r.text}`);
      assert.match(r.headers.get('content-type'), /problem\+json/);
    }
  });

  it('answers every writing route 400 or 403 to a control character, never 2xx or 5xx', async () => {
    const doc = (await owner.request('GET', '/api/v1/openapi.json')).json;
    const tried = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of ['post', 'put', 'patch']) {
        if (!ops[method]) continue;
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000');
        for (const who of [owner, therapist]) {
          const r = await who.request(method.toUpperCase(), url, { body: { name: 'a\u0000b', text: 'x' } });
          assert.ok(r.status === 400 || r.status === 403 || r.status === 401 || r.status === 415, `${method.toUpperCase()} ${path}: ${r.status} ${r.text}`);
        }
        tried.push(`${method} ${path}`);
      }
    }
    assert.ok(tried.length > 40, `only ${tried.length} writing routes found`);
    // The audit chain still verifies: nothing was hashed that was not stored.
    const verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  it('keeps one progress note per visit when ten requests race for it', async () => {
    const alex = await demoClient(therapist, 'Alex');
    const rowan = (await therapist.request('GET', '/api/v1/clinicians')).json.items.find((k) => k.given_name === 'Rowan');
    const service = (await therapist.request('GET', '/api/v1/services')).json.items.find((x) => x.modes.includes('video'));
    const start = new Date(Date.now() - 2 * 86_400_000);
    start.setUTCHours(15, 0, 0, 0);
    const visit = await therapist.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
      mode: 'video', start: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), override_reason: 'a race test visit' } });
    assert.equal(visit.status, 201, visit.text);
    const results = await Promise.all(Array.from({ length: 10 }, () => therapist.request('POST', '/api/v1/notes',
      { body: { client_id: alex.id, appointment_id: visit.json.id, template_key: 'soap' } })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join(','));
    const notes = (await therapist.request('GET', `/api/v1/notes?client_id=${alex.id}`)).json.items.filter((n) => n.appointment_id === visit.json.id);
    assert.equal(notes.length, 1);
  });

  it('lets a two-step code sign in once, even when five sign-ins carry it at the same moment', async () => {
    const practice = await newPractice(server, { name: 'Race Test Practice' });
    const code = totpAt(practice.owner.totpSecret, Date.now() + 30_000);  // the next step: not used yet
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      new Client(server.url).request('POST', '/api/v1/auth/login', { body: { email: practice.owner.email, password: practice.password, totp: code } })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
  });

  it('checks at most five passwords when forty wrong ones arrive at once, then keeps the account locked', async () => {
    const practice = await newPractice(server, { name: 'Lockout Test Practice' });
    const desk = await practice.invite('front_desk');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      new Client(server.url).request('POST', '/api/v1/auth/login', { body: { email: desk.email, password: `wrong-guess-number-${i}` } })));
    const statuses = results.map((r) => r.status);
    // Every answer is the same 401 (a locked account looks like a wrong password); the audit log
    // shows how many were checked: at most five failures, the rest refused unchecked.
    const audit = (await practice.owner.request('GET', '/api/v1/audit?limit=200')).json.items;
    const checked = audit.filter((e) => e.action === 'auth.login' && e.outcome === 'failure' && e.actor_user_id === desk.userId).length;
    assert.ok(checked >= 1 && checked <= 5, `${checked} passwords were checked`);
    assert.equal(audit.filter((e) => e.action === 'auth.account_locked' && e.actor_user_id === desk.userId).length, 1, 'locked once');
    assert.ok(statuses.every((s) => s === 401), statuses.join(','));
    const right = await new Client(server.url).request('POST', '/api/v1/auth/login', { body: { email: desk.email, password: practice.password } });
    assert.equal(right.status, 401, 'the right password does not open a locked account');
  });

  it('refuses ambiguous request framing and closes the connection, so no hidden request is served', async () => {
    const hidden = 'GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n';
    const cases = [
      ['Transfer-Encoding: xchunked', `Content-Length: ${hidden.length}`],
      ['Transfer-Encoding: chunked, identity', `Content-Length: ${hidden.length}`],
      ['Transfer-Encoding: chunked', `Content-Length: ${hidden.length}`],
      [`Content-Length: ${hidden.length}`, 'Content-Length: 3'],
      ['Transfer-Encoding: gzip', 'X-Nothing: 1'],
    ];
    for (const [a, b] of cases) {
      const answer = await rawExchange(server.url, `POST /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\n${a}\r\n${b}\r\nContent-Type: application/json\r\n\r\n${hidden}`);
      const responses = answer.match(/HTTP\/1\.1 \d{3}/g) ?? [];
      assert.deepEqual(responses, ['HTTP/1.1 400'], `${a} + ${b}: ${answer.slice(0, 200)}`);
      assert.ok(!answer.includes('"openapi"'), 'the hidden request was not served');
    }
    // A plain chunked body still works.
    const body = '{}';
    const chunked = await rawExchange(server.url, `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    assert.match(chunked, /^HTTP\/1\.1 400/, 'read and answered as a request (its body lacks the fields)');
    assert.match(chunked, /email/);
  });

  it("answers 404 for another practice's clinician's credentials, not an empty list", async () => {
    const rowan = (await therapist.request('GET', '/api/v1/clinicians')).json.items.find((k) => k.given_name === 'Rowan');
    const other = await newPractice(server, { name: 'Elsewhere Rehab' });
    assert.equal((await other.owner.request('GET', `/api/v1/clinicians/${rowan.id}/credentials`)).status, 404);
    assert.equal((await owner.request('GET', `/api/v1/clinicians/${rowan.id}/credentials`)).status, 200);
  });

  it('gives the session a new id when two-step sign-in is turned on, so a cookie seen before is worthless', async () => {
    const practice = await newPractice(server, { name: 'Rotation Test Practice' });
    const inv = await practice.owner.request('POST', '/api/v1/invitations', { body: { email: `rot@${practice.domain}`, role: 'biller' } });
    const person = new Client(server.url);
    const acc = await person.request('POST', '/api/v1/invitations/accept', { body: { token: inv.json.path.split('/').pop(), password: practice.password } });
    assert.equal(acc.json.mfa_enrollment_required, true);
    const before = person.cookie;
    const secret = (await person.request('POST', '/api/v1/auth/mfa/enroll')).json.secret;
    const done = await person.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(secret) } });
    assert.equal(done.status, 200, done.text);
    assert.notEqual(person.cookie, before, 'a new session cookie');
    assert.equal((await person.request('GET', '/api/v1/me')).status, 200);
    const stale = new Client(server.url);
    stale.cookie = before;
    assert.equal((await stale.request('GET', '/api/v1/me')).status, 401, 'the old cookie no longer signs in');
  });

  it('keeps clinical free text sealed at rest: diagnoses, document titles, waitlist notes, visit reasons', async () => {
    const marks = { dx: 'Zebrafinch phobia marker', title: 'Quokka referral marker', note: 'Narwhal waitlist marker',
      override: 'Ocelot override marker', cancel: 'Axolotl cancel marker' };
    const client = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Sealy', family_name: 'Tester', birth_date: '1990-03-03',
      email: 'sealy@client.example.com', location_state: 'OH', time_zone: 'America/New_York', diagnoses: [{ code: 'F40.218', description: marks.dx, primary: true }] } });
    assert.equal(client.status, 201, client.text);
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
    const doc = await owner.request('POST', `/api/v1/clients/${client.json.id}/documents`, { body: { title: marks.title, category: 'referral', data: Buffer.from(pdf).toString('base64') } });
    assert.equal(doc.status, 201, doc.text);
    const services = (await owner.request('GET', '/api/v1/services')).json.items;
    const wait = await owner.request('POST', '/api/v1/waitlist', { body: { client_id: client.json.id, service_id: services[0].id, note: marks.note } });
    assert.equal(wait.status, 201, wait.text);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((k) => k.given_name === 'Rowan');
    const video = services.find((x) => x.modes.includes('video'));
    const start = new Date(Date.now() + 9 * 86_400_000);
    start.setUTCHours(23, 30, 0, 0);
    const visit = await owner.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.json.id, service_id: video.id,
      mode: 'video', start: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), override_reason: marks.override } });
    assert.equal(visit.status, 201, visit.text);
    assert.equal((await owner.request('POST', `/api/v1/appointments/${visit.json.id}/cancel`, { body: { reason: marks.cancel } })).status, 200);
    // Read back in the clear by those allowed...
    assert.equal((await owner.request('GET', `/api/v1/clients/${client.json.id}`)).json.diagnoses[0].description, marks.dx);
    assert.equal((await owner.request('GET', `/api/v1/clients/${client.json.id}/documents`)).json.items[0].title, marks.title);
    assert.ok((await owner.request('GET', '/api/v1/waitlist')).json.items.some((w) => w.note === marks.note));
    assert.equal((await owner.request('GET', `/api/v1/appointments/${visit.json.id}`)).json.override_reason, marks.override);
    // ... and never in the database.
    const raw = rawStorage(server, ['clients', 'documents', 'waitlist_entries', 'appointments', 'appointment_events']);
    for (const [what, text] of Object.entries(marks)) assert.ok(!raw.includes(text), `${what} is sealed at rest`);
  });
});

describe(`older plain text is sealed at start (${ENGINE})`, () => {
  it('seals what an older version stored in the clear, and it still reads back', async () => {
    const first = await startServer();
    const owner = await signedIn(first.url, DEMO.owner);
    const alex = await demoClient(owner, 'Alex');
    const service = (await owner.request('GET', '/api/v1/services')).json.items[0];
    assert.equal((await owner.request('POST', '/api/v1/waitlist', { body: { client_id: alex.id, service_id: service.id, note: 'placeholder' } })).status, 201);
    await first.stop({ keep: true });
    // What an older version wrote: plain text in these columns.
    const sql = `UPDATE waitlist_entries SET note = 'Pangolin legacy note'; UPDATE clients SET diagnoses = '[{"code":"F41.1","description":"Pangolin legacy dx","primary":true}]' WHERE id = '${alex.id}';`;
    if (ENGINE === 'postgres') execFileSync('psql', [first.database, '-q', '-c', sql]);
    else execFileSync('sqlite3', [first.database.slice('sqlite:'.length), sql]);
    const server = await startServer({ database: first.database, dir: first.dir, demo: false });
    try {
      const again = await signedIn(server.url, DEMO.owner);
      assert.equal((await again.request('GET', `/api/v1/clients/${alex.id}`)).json.diagnoses[0].description, 'Pangolin legacy dx');
      assert.ok((await again.request('GET', '/api/v1/waitlist')).json.items.some((w) => w.note === 'Pangolin legacy note'));
      assert.ok(!rawStorage(server, ['clients', 'waitlist_entries']).includes('Pangolin'), 'sealed at start');
    } finally {
      await server.stop();
    }
  });
});
