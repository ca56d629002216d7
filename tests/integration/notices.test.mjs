// License expiry warnings by e-mail through a real SMTP conversation on loopback: once per step.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe(`license expiry e-mails (${ENGINE})`, () => {
  let smtp;
  // Servers still running when a test fails are stopped before the mail stand-in closes (it waits for
  // their open connections).
  const running = [];
  const start = async (options) => {
    const s = await startServer(options);
    running.push(s);
    return s;
  };
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    for (const s of running) await s.stop().catch(() => {});
    await smtp?.close();
  });

  it('e-mails each clinician once per warning step, with no client detail, even across restarts', async () => {
    const server = await start({ args: ['--smtp-url', smtp.url, '--notice-interval', '1', '--mail-from', 'Duet Demo <no-reply@demo.example.com>'] });
    const deadline = Date.now() + 15000;
    while (smtp.messages.length < 2 && Date.now() < deadline) await sleep(100);
    await sleep(2500); // several more checks run; none may send again
    assert.equal(smtp.messages.length, 2, smtp.messages.map((m) => m.to).join(', '));
    const byRcpt = Object.fromEntries(smtp.messages.map((m) => [m.to[0], m.data]));
    assert.match(byRcpt['therapist@demo.example.com'], /Subject: License expiring in 45 days/);
    assert.match(byRcpt['therapist@demo.example.com'], /Your Colorado license ending \d{4} expires on \d{4}-\d{2}-\d{2}/);
    assert.match(byRcpt['ot@demo.example.com'], /Subject: License expiring in 20 days/);
    for (const data of Object.values(byRcpt)) {
      assert.doesNotMatch(data, /Alex|Morgan Lee|Rivera|Brooks|\bF41(\.\d+)?\b|diagnos/i, 'no client data in e-mail');
      assert.match(data, /From: Duet Demo <no-reply@demo.example.com>/);
    }
    const owner = await signedIn(server.url, DEMO.owner);
    const audit = (await owner.request('GET', '/api/v1/audit')).json.items;
    assert.equal(audit.filter((e) => e.action === 'license.expiry_notice').length, 2);
    await server.stop({ keep: true });

    const again = await start({ dir: server.dir, database: server.database, demo: false,
      args: ['--smtp-url', smtp.url, '--notice-interval', '1'] });
    await sleep(2500);
    assert.equal(smtp.messages.length, 2, 'a restart sends nothing twice');
    await again.stop();
  });

  it('keeps a warning for later when the mail server is down', async () => {
    const before = smtp.messages.length;
    const server = await start({ args: ['--smtp-url', 'smtp://127.0.0.1:9', '--notice-interval', '1'] });
    await sleep(1500);
    await server.stop({ keep: true });
    const again = await start({ dir: server.dir, database: server.database, demo: false,
      args: ['--smtp-url', smtp.url, '--notice-interval', '1'] });
    const deadline = Date.now() + 10000;
    while (smtp.messages.length < before + 2 && Date.now() < deadline) await sleep(100);
    assert.equal(smtp.messages.length, before + 2, 'the warnings went out once the server was reachable');
    await again.stop();
  });

  it('holds no one else\'s writes while the mail server does not answer', async () => {
    // A mail server that accepts the connection and never greets: each send waits for its timeout (30 s).
    const sockets = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const server = await start({ args: ['--smtp-url', `smtp://127.0.0.1:${silent.address().port}`, '--notice-interval', '1'] });
      const deadline = Date.now() + 15000;
      while (sockets.length === 0 && Date.now() < deadline) await sleep(50);
      assert.ok(sockets.length > 0, 'the expiry check is talking to the mail server');
      const began = Date.now();
      const owner = await signedIn(server.url, DEMO.owner);
      const made = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Unheld', family_name: 'Writer',
        birth_date: '1990-01-01', email: 'unheld@client.example.com', location_state: 'CO', time_zone: 'America/Denver' } });
      assert.equal(made.status, 201, made.text);
      const waited = Date.now() - began;
      assert.ok(waited < 10000, `a sign-in and a new client took ${waited} ms while the mail server was silent`);
      for (const socket of sockets) socket.destroy();
      await server.stop();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
