// The audit appender under load: reads of client records hand their events to one appender that
// writes them in batches, and an answer is sent only once its event is stored. Killed with SIGKILL in
// the middle of the load, the server loses no event of any read it answered with a 2xx, and the
// chain still verifies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, duet, ENGINE, signedIn, startServer } from '../lib/server.mjs';

describe(`audit under load and a crash (${ENGINE})`, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  it('has an event for every answered read after kill -9, in an unbroken chain', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const clients = (await owner.request('GET', '/api/v1/clients')).json.items.map((c) => c.id);
    assert.ok(clients.length >= 5);
    const answered = new Map(); // request id → client id
    let stop = false;
    const loop = async (n) => {
      for (let i = n; !stop; i += 16) {
        const id = clients[i % clients.length];
        try {
          const r = await owner.request('GET', `/api/v1/clients/${id}`);
          if (r.status === 200) answered.set(r.headers.get('x-request-id'), id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const loops = Array.from({ length: 16 }, (_, n) => loop(n));
    while (answered.size < 300) await new Promise((r) => setTimeout(r, 20));
    server.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    await new Promise((r) => (server.proc.exitCode === null && server.proc.signalCode === null ? server.proc.once('exit', r) : r()));

    server = await startServer({ dir: server.dir, database: server.database, demo: false });
    const again = await signedIn(server.url, DEMO.owner);
    const stored = new Set();
    for (const client of new Set(answered.values())) {
      let cursor = '';
      do {
        const page = await again.request('GET', `/api/v1/audit?client_id=${client}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200, page.text);
        for (const e of page.json.items) if (e.action === 'client.read') stored.add(e.request_id);
        cursor = page.json.next ?? '';
      } while (cursor);
    }
    const missing = [...answered.keys()].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${answered.size} answered reads have no audit event`);

    const verify = duet(['audit', 'verify'], { database: server.database, dir: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /audit chain intact/);
    // The appender wrote in batches (several events per transaction) and says so in /metrics.
    const metrics = (await again.request('GET', '/metrics')).text;
    assert.match(metrics, /duet_audit_batches_total \d+/);
    // And the database's writes with the transactions that held them (a transaction holds at least one).
    const figure = (name) => Number(metrics.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1]);
    const [batches, writes] = [figure('duet_db_write_batches_total'), figure('duet_db_batched_writes_total')];
    assert.ok(batches > 0 && writes >= batches, `${writes} writes in ${batches} transactions`);
  });
});
