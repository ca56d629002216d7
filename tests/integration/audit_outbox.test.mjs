// On PostgreSQL an audit event written with a change goes to the outbox inside the change's transaction (no
// lock on the practice's chain head) and is chained by the server within milliseconds; reading the trail
// chains what is pending first, so every write shows at once. A row someone puts in the outbox without the
// server's key is chained as a rejected row, never as the event it claims. On SQLite events are chained at
// once and the outbox stays empty. Either way the chain verifies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, duet, newPractice, startServer, totpAt } from '../lib/server.mjs';

describe(`the audit outbox (${ENGINE})`, () => {
  let server;
  let practice;
  const sql = (text) => (ENGINE === 'postgres'
    ? execFileSync('psql', [server.database, '-Atq', '-c', text])
    : execFileSync('sqlite3', [server.database.slice('sqlite:'.length), text])).toString().trim();

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Outbox Counseling' });
  });
  after(async () => { await server?.stop(); });

  it('every write of a burst is in the trail as soon as it is read, and the outbox is empty after', async () => {
    const made = await Promise.all(Array.from({ length: 24 }, (_, i) => practice.owner.request('POST', '/api/v1/clients', { body: {
      given_name: 'Burst', family_name: `Client${i}`, birth_date: '1990-01-01', email: `burst${i}@client.example.com`,
      location_state: 'CO', time_zone: 'America/Denver' } })));
    assert.deepEqual(made.map((r) => r.status), Array(24).fill(201), made.map((r) => r.text).join('\n'));
    const trail = (await practice.owner.request('GET', '/api/v1/audit?limit=200')).json.items;
    const created = new Set(trail.filter((e) => e.action === 'client.create').map((e) => e.client_id));
    for (const r of made) assert.ok(created.has(r.json.id), `the creation of ${r.json.id} is in the trail`);
    const seqs = trail.map((e) => e.seq);
    assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => b - a), 'one chain, newest first, no seq twice');
    assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
  });

  it('a row put in the outbox without the key is chained as rejected, not as the event it claims', async (t) => {
    if (ENGINE !== 'postgres') {
      t.diagnostic('SQLite chains at once: nothing reads the outbox');
      assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
      return;
    }
    const practiceId = (await practice.owner.request('GET', '/api/v1/me')).json.practice.id;
    sql(`INSERT INTO audit_outbox (id, practice_id, at, actor_user_id, actor_role, action, outcome, mac)
      VALUES (nextval('audit_outbox_ids'), '${practiceId}', 1700000000, 'someone', 'owner', 'client.delete', 'success', 'forged')`);
    const trail = (await practice.owner.request('GET', '/api/v1/audit?limit=50')).json.items;
    assert.ok(trail.some((e) => e.action === 'audit.outbox_rejected' && e.outcome === 'failure'), JSON.stringify(trail.slice(0, 3)));
    assert.ok(!trail.some((e) => e.action === 'client.delete'), 'the forged event is not in the trail');
    assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
  });

  it('two servers on one database write and chain one practice at once, and the chain stays whole', async (t) => {
    if (ENGINE !== 'postgres') {
      t.diagnostic('one server per SQLite file');
      assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
      return;
    }
    const other = await startServer({ database: server.database, dir: server.dir, demo: false });
    try {
      const there = new Client(other.url);
      // A code not used yet (each is taken once): the current one or a neighbour.
      let login;
      for (const skew of [30_000, 0, -30_000]) {
        login = await there.login(practice.owner.email, practice.password, totpAt(practice.owner.totpSecret, Date.now() + skew));
        if (login.status === 200) break;
      }
      assert.equal(login.status, 200, login.text);
      const write = (who, i) => who.request('POST', '/api/v1/clients', { body: { given_name: 'Twin', family_name: `Writer${i}`,
        birth_date: '1990-01-01', email: `twin${i}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver' } });
      const made = await Promise.all(Array.from({ length: 30 }, (_, i) => write(i % 2 ? there : practice.owner, i)));
      assert.deepEqual(made.map((r) => r.status), Array(30).fill(201), made.map((r) => r.text).join('\n'));
      // Each server's appender chains its own writes within milliseconds; the other's rows are skipped while locked.
      for (let i = 0; i < 50 && sql('SELECT count(*) FROM audit_outbox') !== '0'; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
      const trail = (await there.request('GET', '/api/v1/audit?limit=200')).json.items;
      const created = new Set(trail.filter((e) => e.action === 'client.create').map((e) => e.client_id));
      for (const r of made) assert.ok(created.has(r.json.id));
    } finally {
      await other.stop({ keep: true });
    }
  });

  it('the chain verifies after the server stops', async () => {
    await server.stop({ keep: true });
    const verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact/);
    server = null;
  });
});
