// A client signs in with a link e-mailed to them instead of their password, through a real SMTP
// conversation on loopback and on a fixed clock: every address gets the same answer; only a client account
// gets a link (staff and unknown addresses get nothing); the link names no one, works once, for 15
// minutes; at most 3 an hour per account; an account with two-step sign-in is told to use it instead.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, enrolMfa, newPractice, rawStorage, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const START = '2027-03-01T15:00:00Z';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tokenOf = (path) => path.split('/').pop();

describe(`sign-in by e-mailed link (${ENGINE})`, () => {
  let smtp;
  let server;
  let practice;
  let desk;
  const PASSWORD = 'a-client-password-123';
  const JORDAN = 'jordan.link@client.example.com';
  const RILEY = 'riley.link@client.example.com';

  // Only the sign-in mails (invitations went to the same addresses while the practice was set up).
  const mailTo = (address) => smtp.messages.filter((m) => m.to.includes(address) && /Subject: (Your sign-in link|Signing in to)/.test(m.data));
  /** Waits until `address` has `count` messages, then a little longer to see that no more arrive. */
  const settle = async (address, count) => {
    const deadline = Date.now() + 10000;
    while (mailTo(address).length < count && Date.now() < deadline) await sleep(50);
    await sleep(300);
    return mailTo(address);
  };
  const ask = (email) => new Client(server.url).request('POST', '/api/v1/auth/sign-in-link', { body: { email } });
  const redeem = (token) => new Client(server.url).request('POST', '/api/v1/auth/sign-in-link/redeem', { body: { token } });
  const linkIn = (mail) => mail.data.match(/\/signin\/link\/([A-Za-z0-9_-]+)/)?.[1];

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`, '--smtp-url', smtp.url, '--mail-from', 'Willow <no-reply@willow.example.com>'] });
    practice = await newPractice(server, { name: 'Willow Therapy', at: Date.parse(START) });
    desk = await practice.invite('front_desk', { local: 'desk' });
    for (const [given, email] of [['Jordan', JORDAN], ['Riley', RILEY]]) {
      const client = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Linkwell', birth_date: '1990-02-03',
        email, location_state: 'CO', time_zone: 'America/Denver' } });
      assert.equal(client.status, 201, client.text);
      const inv = await desk.request('POST', `/api/v1/clients/${client.json.id}/portal-invitation`, { body: { email } });
      assert.equal(inv.status, 201, inv.text);
      const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
      assert.equal(acc.status, 200, acc.text);
    }
  });
  after(async () => {
    await server?.stop().catch(() => {});
    await smtp?.close();
  });

  it('e-mails a client a link that names no one and signs them in once', async () => {
    const res = await ask(JORDAN.toUpperCase());
    assert.equal(res.status, 204, res.text);
    const [mail] = await settle(JORDAN, 1);
    assert.ok(mail, 'the link arrived');
    assert.match(mail.data, /Subject: Your sign-in link for Willow Therapy/);
    assert.ok(!/Jordan|Linkwell/.test(mail.data), 'the e-mail names no one');
    const token = linkIn(mail);
    assert.ok(token);
    // On PostgreSQL the jobs table alone can be read (SQLite's file holds the address in the account itself).
    if (ENGINE === 'postgres') assert.ok(!rawStorage(server, ['jobs']).includes('jordan.link@'), 'the queue keeps the address sealed');

    const signed = await redeem(token);
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.json.user.role, 'client');
    const c = new Client(server.url);
    c.cookie = signed.headers?.['set-cookie'];
    const again = await redeem(token);
    assert.equal(again.status, 401, 'a link works once');
    assert.equal((await redeem('not-a-token')).status, 401);

    const audit = (await practice.owner.request('GET', '/api/v1/audit')).json.items;
    assert.ok(audit.some((e) => e.action === 'auth.login' && e.actor_user_id === signed.json.user.id), 'the sign-in is audited');
  });

  it('answers every address alike and sends nothing to staff or unknown addresses', async () => {
    for (const email of [desk.email, 'nobody@nowhere.example.com']) {
      const res = await ask(email);
      assert.equal(res.status, 204, res.text);
    }
    await sleep(800);
    assert.equal(mailTo(desk.email).length, 0, 'staff sign in with a password and two-step sign-in');
    assert.equal(mailTo('nobody@nowhere.example.com').length, 0);
    const bad = await ask('not an address');
    assert.equal(bad.status, 400);
  });

  it('expires after 15 minutes', async () => {
    assert.equal((await ask(JORDAN)).status, 204);
    const mails = await settle(JORDAN, 2);
    const token = linkIn(mails[1]);
    const clock = await new Client(server.url).request('POST', '/api/v1/test/clock', { body: { advance_seconds: 16 * 60 } });
    assert.equal(clock.status, 200, clock.text);
    assert.equal((await redeem(token)).status, 401, 'too late');
  });

  it('sends at most 3 links an hour to one account', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await ask(JORDAN)).status, 204);
    const mails = await settle(JORDAN, 3);
    assert.equal(mails.length, 3, 'two earlier this hour, one more, then nothing');
  });

  it('tells an account with two-step sign-in to use it instead', async () => {
    const riley = new Client(server.url);
    const now = Date.parse((await new Client(server.url).request('POST', '/api/v1/test/clock', { body: { advance_seconds: 0 } })).json.now);
    assert.equal((await riley.login(RILEY, PASSWORD)).status, 200);
    assert.equal((await riley.request('GET', '/api/v1/portal/me')).json.two_step, false);
    await enrolMfa(riley, now);
    assert.equal((await riley.request('GET', '/api/v1/portal/me')).json.two_step, true, 'the client\'s page says it is on');
    assert.equal((await ask(RILEY)).status, 204);
    const [mail] = await settle(RILEY, 1);
    assert.match(mail.data, /two-step sign-in/);
    assert.equal(linkIn(mail), undefined, 'no link');
  });

  it('needs a mail server', async () => {
    const quiet = await startServer({ demo: false });
    try {
      const res = await new Client(quiet.url).request('POST', '/api/v1/auth/sign-in-link', { body: { email: JORDAN } });
      assert.equal(res.status, 422);
      assert.match(res.json.type, /rules\/mail_off$/);
    } finally {
      await quiet.stop();
    }
  });
});
