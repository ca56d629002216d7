// Practices never see each other; the audit log is a tamper-evident chain per practice.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, createPractice, DEMO, duet, ENGINE, signedIn, startServer, totpAt } from '../lib/server.mjs';

describe(`tenancy and audit (${ENGINE})`, () => {
  let server;
  let other; // owner of a second practice
  before(async () => {
    server = await startServer();
    assert.equal(createPractice(server, { name: 'Lakeview OT', email: 'owner@lakeview.example.com', password: 'lakeview-owner-pass' }).status, 0);
    other = new Client(server.url);
    await other.login('owner@lakeview.example.com', 'lakeview-owner-pass');
    const enrol = await other.request('POST', '/api/v1/auth/mfa/enroll');
    assert.equal((await other.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(enrol.json.secret) } })).status, 200);
  });
  after(async () => server?.stop());

  it('shows a user of practice A nothing of practice B', async () => {
    const demoOwner = await signedIn(server.url, DEMO.owner);
    const demoUsers = (await demoOwner.request('GET', '/api/v1/users')).json.items.map((u) => u.email);
    const otherUsers = (await other.request('GET', '/api/v1/users')).json.items.map((u) => u.email);
    assert.ok(demoUsers.includes(DEMO.owner));
    assert.ok(!demoUsers.includes('owner@lakeview.example.com'));
    assert.deepEqual(otherUsers, ['owner@lakeview.example.com']);
    const demoAudit = (await demoOwner.request('GET', '/api/v1/audit')).json.items;
    const otherAudit = (await other.request('GET', '/api/v1/audit')).json.items;
    const demoUserIds = new Set((await demoOwner.request('GET', '/api/v1/users')).json.items.map((u) => u.id));
    assert.ok(otherAudit.every((e) => !demoUserIds.has(e.actor_user_id)), 'no demo events in the other practice');
    assert.ok(demoAudit.length > 0);
    assert.equal((await other.request('GET', '/api/v1/practice')).json.name, 'Lakeview OT');
  });

  it('records sign-in, failures, denials and sign-out with who, what, when, where and outcome', async () => {
    await new Client(server.url).login(DEMO.clinician, 'wrong-password-1');
    const clinician = await signedIn(server.url, DEMO.clinician);
    assert.equal((await clinician.request('GET', '/api/v1/audit')).status, 403);
    await clinician.request('POST', '/api/v1/auth/logout');
    const owner = await signedIn(server.url, DEMO.owner);
    const events = (await owner.request('GET', '/api/v1/audit')).json.items;
    const actions = events.map((e) => `${e.action}:${e.outcome}`);
    for (const want of ['auth.login:failure', 'auth.login:success', 'audit.read:denied', 'auth.logout:success']) {
      assert.ok(actions.includes(want), `${want} in ${actions.slice(0, 12)}`);
    }
    const login = events.find((e) => e.action === 'auth.login' && e.outcome === 'success');
    assert.equal(login.ip, '127.0.0.1');
    assert.match(login.request_id, /^[A-Za-z0-9_-]{12}$/);
    assert.ok(login.at > 1700000000);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    await Promise.all(Array.from({ length: 40 }, () => owner.request('GET', '/api/v1/audit')));
    const verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact/);
  });

  it('reports an edited audit row', async () => {
    await server.stop({ keep: true });
    if (ENGINE === 'postgres') {
      execFileSync('psql', [server.database, '-q', '-c',
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change; UPDATE audit_events SET outcome = 'tampered' WHERE seq = 2"]);
    } else {
      execFileSync('sqlite3', [server.database.slice('sqlite:'.length),
        "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET outcome = 'tampered' WHERE seq = 2;"]);
    }
    const verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 1);
    assert.match(verify.stdout, /event 2 was altered/);
    assert.match(verify.stdout, /BROKEN/);
  });
});

describe(`audit checkpoints (${ENGINE})`, () => {
  it('signs every chain head outside the database, so a cut tail with a rewound head is reported', async () => {
    const server = await startServer();
    const owner = await signedIn(server.url, DEMO.owner);
    for (let i = 0; i < 5; i++) await owner.request('GET', '/api/v1/audit');
    await server.stop({ keep: true });  // shutdown signs the last heads
    const { readFileSync } = await import('node:fs');
    const signed = JSON.parse(readFileSync(`${server.dir}/var/audit-checkpoint.json`, 'utf8'));
    assert.ok(signed.mac && Object.keys(signed.checkpoint.heads).length >= 1);
    let verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /checked against the signed checkpoint/);
    assert.doesNotMatch(verify.stdout, /not checked/, 'the keyed events were checked with the master key');

    // Someone with database access deletes the newest three events of the demo practice and rewinds its head.
    const practice = Object.entries(signed.checkpoint.heads).sort((x, y) => y[1].seq - x[1].seq)[0][0];
    const cut = `DELETE FROM audit_events WHERE practice_id = '${practice}' AND seq > (SELECT seq - 3 FROM audit_heads WHERE practice_id = '${practice}');
      UPDATE audit_heads SET seq = (SELECT MAX(seq) FROM audit_events WHERE practice_id = '${practice}'),
        hash = (SELECT hash FROM audit_events WHERE practice_id = '${practice}' ORDER BY seq DESC LIMIT 1) WHERE practice_id = '${practice}';`;
    if (ENGINE === 'postgres') execFileSync('psql', [server.database, '-q', '-c', `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change; ${cut}`]);
    else execFileSync('sqlite3', [server.database.slice('sqlite:'.length), `DROP TRIGGER audit_events_no_delete; ${cut}`]);
    verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 1, verify.stdout);
    assert.match(verify.stdout, /were in the signed checkpoint and are gone: the newest events were cut/);
    // An edited checkpoint file is refused too.
    const { writeFileSync } = await import('node:fs');
    signed.checkpoint.heads[practice].seq -= 3;
    writeFileSync(`${server.dir}/var/audit-checkpoint.json`, JSON.stringify(signed));
    verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 1);
    assert.match(verify.stdout, /checkpoint is not valid/);
  });
});
