// The /api/v1/live WebSocket, and backup → restore → read back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, duet, ENGINE, signedIn, startServer } from '../lib/server.mjs';
import { openLive } from '../lib/ws.mjs';

describe(`live WebSocket (${ENGINE})`, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  it('greets a signed-in user and answers ping with pong', async () => {
    const c = await signedIn(server.url, DEMO.clinician);
    const live = await openLive(server.url, { cookie: c.cookie });
    assert.equal(live.status, 101);
    assert.deepEqual(await live.next(), { type: 'hello' });
    live.send({ type: 'ping', id: 7 });
    assert.deepEqual(await live.next(), { type: 'pong', id: 7 });
    live.send({ nonsense: true });
    assert.equal((await live.next()).type, 'error');
    live.close();
  });

  it('refuses anonymous and cross-origin upgrades', async () => {
    assert.equal((await openLive(server.url)).status, 401);
    const c = await signedIn(server.url, DEMO.clinician);
    const cross = await openLive(server.url, { cookie: c.cookie, origin: 'https://evil.example.net' });
    assert.equal(cross.status, 403);
  });
});

describe('backup and restore (sqlite)', { skip: ENGINE !== 'sqlite' && 'pg_dump covers PostgreSQL (docs/operations.md)' }, () => {
  it('restores a backup into a new database that serves the same practice', async () => {
    const server = await startServer();
    const owner = await signedIn(server.url, DEMO.owner);
    const before = (await owner.request('GET', '/api/v1/users')).json.items.map((u) => u.email).sort();
    const dir = mkdtempSync(join(tmpdir(), 'duet-backup-'));
    const file = join(dir, 'backup.db');
    const backup = duet(['backup', file], { database: server.database, dir: server.dir });
    assert.equal(backup.status, 0, backup.stderr);
    const live = server.database.replace(/^sqlite:/, '');
    const modes = [live, `${live}-wal`, file].filter(existsSync).map((f) => [f, statSync(f).mode & 0o777]);
    await server.stop();
    // The database, its WAL and the backup hold client data: readable by Duet's user only.
    for (const [f, mode] of modes) assert.equal(mode, 0o600, f);

    const restoredDb = `sqlite:${join(dir, 'restored.db')}`;
    const restore = duet(['restore', file], { database: restoredDb, dir });
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /audit chain intact/);
    const again = await startServer({ database: restoredDb, dir, demo: false });
    const c = await signedIn(again.url, DEMO.owner);
    const after = (await c.request('GET', '/api/v1/users')).json.items.map((u) => u.email).sort();
    assert.deepEqual(after, before);
    await again.stop();
    const junkDir = mkdtempSync(join(tmpdir(), 'duet-junk-'));
    writeFileSync(join(junkDir, 'junk.db'), 'this is not a database');
    assert.notEqual(duet(['restore', join(junkDir, 'junk.db')], { database: `sqlite:${join(junkDir, 'x.db')}`, dir: junkDir }).status, 0, 'a non-Duet file is refused');
    rmSync(junkDir, { recursive: true, force: true });
  });
});
