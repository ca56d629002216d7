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

  it('a copy of a row the server wrote (its MAC is valid) is chained once as the event and then as rejected', async (t) => {
    if (ENGINE !== 'postgres') {
      t.diagnostic('SQLite chains at once: nothing reads the outbox');
      assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
      return;
    }
    // Someone with database access copies every row the server writes, in the same transaction (so the copy
    // and the original are chained in one batch) and aside (to put it back later, after the original is chained).
    sql(`CREATE TABLE outbox_copies AS SELECT * FROM audit_outbox WITH NO DATA;
      CREATE FUNCTION copy_outbox_row() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE copy audit_outbox;
      BEGIN
        INSERT INTO outbox_copies SELECT NEW.*;
        copy := NEW;
        copy.id := nextval('audit_outbox_ids');
        INSERT INTO audit_outbox SELECT copy.*;
        RETURN NEW;
      END $$;
      CREATE TRIGGER copy_outbox_row AFTER INSERT ON audit_outbox FOR EACH ROW WHEN (pg_trigger_depth() < 1)
        EXECUTE FUNCTION copy_outbox_row();`);
    let made;
    try {
      made = await practice.owner.request('POST', '/api/v1/clients', { body: { given_name: 'Copied', family_name: 'Row',
        birth_date: '1990-01-01', email: 'copied@client.example.com', location_state: 'CO', time_zone: 'America/Denver' } });
      assert.equal(made.status, 201, made.text);
    } finally {
      sql('DROP TRIGGER copy_outbox_row ON audit_outbox; DROP FUNCTION copy_outbox_row()');
    }
    const creations = async () => (await practice.owner.request('GET', '/api/v1/audit?limit=100')).json.items
      .filter((e) => e.action === 'client.create' && e.client_id === made.json.id);
    const refusals = async (detail) => (await practice.owner.request('GET', '/api/v1/audit?limit=100')).json.items
      .filter((e) => e.action === 'audit.outbox_rejected' && e.outcome === 'failure' && e.detail === detail);
    const copyText = 'a copy of an audit row already chained was not chained again';
    assert.equal((await creations()).length, 1, 'the event is in the trail once');
    assert.equal((await refusals(copyText)).length, 1, 'the copy written with it is chained as rejected');
    assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
    // Put back later: its id is in the chain now.
    const copied = sql(`SELECT count(*) FROM outbox_copies WHERE action = 'client.create' AND client_id = '${made.json.id}'`);
    assert.equal(copied, '1');
    sql(`INSERT INTO audit_outbox SELECT nextval('audit_outbox_ids'), practice_id, at, actor_user_id, actor_role, action,
      resource_type, resource_id, client_id, ip, outcome, request_id, detail, mac, event_id FROM outbox_copies
      WHERE action = 'client.create' AND client_id = '${made.json.id}'`);
    assert.equal((await creations()).length, 1, 'still once');
    assert.equal((await refusals(copyText)).length, 2);
    assert.equal(sql('SELECT count(*) FROM audit_outbox'), '0');
    sql('DROP TABLE outbox_copies');
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
