// A partner organization not yet on this server joins by invitation: the practice's owner invites it by e-mail,
// the e-mail carries a link with the one-time code, and the organization's owner creates its practice from the
// link — the practice, its owner and the connection in one step. A bad password or an e-mail already taken
// creates nothing and leaves the code usable; a used code works for nobody; two people racing with one code make
// one practice. The new owner signs in and enrols two-factor like any owner.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, ENGINE, enrolMfa, newPractice, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

describe(`a partner organization joins by invitation (${ENGINE})`, () => {
  let server;
  let smtp;
  let aspen;
  const password = 'a-long-partner-password-7';
  const anonymous = () => new Client(server.url);
  const mailTo = async (address) => {
    for (let i = 0; i < 50; i++) {
      const m = smtp.messages.find((x) => x.to.some((t) => t.includes(address)));
      if (m) return m;
      await sleep(100);
    }
    throw new Error(`no e-mail to ${address}`);
  };
  const invite = async (name, email) => {
    const r = await aspen.owner.request('POST', '/api/v1/partners', { body: { name, kind: 'telepsychiatry', email } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Aspen <no-reply@aspen.example.com>'] });
    aspen = await newPractice(server, { name: 'Aspen Counseling' });
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('e-mails the code with a link; a bad address is refused', async () => {
    const bad = await aspen.owner.request('POST', '/api/v1/partners', { body: { name: 'Nowhere', email: 'not-an-address' } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.errors[0].field, 'email');
    const p = await invite('Summit Telepsychiatry', 'owner@summit-new.example.com');
    assert.equal(p.invite_emailed, true);
    assert.equal(p.email, undefined, 'the address is not echoed');
    const mail = await mailTo('owner@summit-new.example.com');
    assert.match(mail.data, /Aspen Counseling invites Summit Telepsychiatry/);
    assert.ok(mail.data.includes(`/partner-invite/${p.invite_code}`), 'the link carries the code');
  });

  it('creates the practice, its owner and the connection at once; nothing on refusal', async () => {
    const p = await invite('Summit Telepsychiatry Group', 'founder@summit.example.com');
    const preview = await anonymous().request('POST', '/api/v1/partners/join/preview', { body: { token: p.invite_code } });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.practice_name, 'Aspen Counseling');
    assert.equal(preview.json.name, 'Summit Telepsychiatry Group');

    const join = (body) => anonymous().request('POST', '/api/v1/partners/join', { body: { token: p.invite_code,
      practice_name: 'Summit Telepsychiatry', owner_name: 'Avery Founder', owner_email: 'founder@summit.example.com', password, ...body } });
    // A weak password, an e-mail already on the server, a missing name: 4xx, nothing made, the code still good.
    const weak = await join({ password: 'short' });
    assert.equal(weak.status, 400, weak.text);
    const taken = await join({ owner_email: aspen.owner.email });
    assert.equal(taken.status, 409, taken.text);
    const unnamed = await join({ practice_name: '' });
    assert.equal(unnamed.status, 400, unnamed.text);
    assert.equal((await anonymous().login('founder@summit.example.com', password)).status, 401, 'no owner was made');
    assert.equal((await anonymous().request('POST', '/api/v1/partners/join/preview', { body: { token: p.invite_code } })).status, 200);

    const joined = await join({});
    assert.equal(joined.status, 201, joined.text);
    assert.equal(joined.json.status, 'connected');
    assert.equal(joined.json.direction, 'theirs');
    assert.equal(joined.json.practice_name, 'Aspen Counseling');
    // Used: nobody can use the code again, to join or to connect.
    assert.equal((await join({ owner_email: 'other@summit.example.com' })).status, 404);
    assert.equal((await anonymous().request('POST', '/api/v1/partners/join/preview', { body: { token: p.invite_code } })).status, 404);
    const other = await newPractice(server, { name: 'Late Practice' });
    assert.equal((await other.owner.request('POST', '/api/v1/partners/connect', { body: { token: p.invite_code } })).status, 404);

    // The new owner signs in, enrols two-factor, and sees the partnership from their side.
    const founder = anonymous();
    const signIn = await founder.login('founder@summit.example.com', password);
    assert.equal(signIn.status, 200, signIn.text);
    assert.equal(signIn.json.practice.name, 'Summit Telepsychiatry');
    assert.equal(signIn.json.mfa_enrollment_required, true);
    await enrolMfa(founder);
    const theirs = await founder.request('GET', '/api/v1/partners');
    assert.equal(theirs.status, 200, theirs.text);
    assert.deepEqual(theirs.json.items.map((x) => [x.direction, x.practice_name, x.status]), [['theirs', 'Aspen Counseling', 'connected']]);
    const ours = await aspen.owner.request('GET', '/api/v1/partners');
    assert.equal(ours.json.items.find((x) => x.id === p.id).status, 'connected');
    // Both trails say so.
    const trail = await aspen.owner.request('GET', '/api/v1/audit');
    assert.ok(trail.json.items.some((e) => e.action === 'partner.connected' && e.resource_id === p.id));
    const own = await founder.request('GET', '/api/v1/audit');
    assert.ok(own.json.items.some((e) => e.action === 'practice.create'));
    assert.ok(own.json.items.some((e) => e.action === 'partner.connect' && e.resource_id === p.id));
  });

  it('two people racing with one code make one practice', async () => {
    const p = await invite('Ridge Clinic', 'ridge@ridge.example.com');
    const tries = await Promise.all([1, 2, 3, 4].map((n) => anonymous().request('POST', '/api/v1/partners/join', { body: { token: p.invite_code,
      practice_name: `Ridge ${n}`, owner_name: `Owner ${n}`, owner_email: `owner${n}@ridge.example.com`, password } })));
    const statuses = tries.map((t) => t.status).sort();
    assert.deepEqual(statuses, [201, 404, 404, 404], tries.map((t) => t.text).join('\n'));
    let owners = 0;
    for (const n of [1, 2, 3, 4]) if ((await anonymous().login(`owner${n}@ridge.example.com`, password)).status === 200) owners++;
    assert.equal(owners, 1, 'the losers made no practice and no owner');
  });

  it('an expired or unknown code is a 404 problem, and the routes need nothing else', async () => {
    const unknown = await anonymous().request('POST', '/api/v1/partners/join/preview', { body: { token: 'no-such-code-at-all' } });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type'), /problem\+json/);
    const missing = await anonymous().request('POST', '/api/v1/partners/join', { body: { token: 'x' } });
    assert.equal(missing.status, 400, missing.text);
  });

  // Last: it uses up this address's attempts for a minute (shared with sign-in).
  it('guessing codes is throttled per network address like a sign-in', async () => {
    let last;
    for (let i = 0; i < 80 && last?.status !== 429; i++)
      last = await anonymous().request('POST', '/api/v1/partners/join/preview', { body: { token: `guess-${i}` } });
    assert.equal(last.status, 429, last.text);
    assert.match(last.headers.get('content-type'), /problem\+json/);
    const join = await anonymous().request('POST', '/api/v1/partners/join', { body: { token: 'guess', practice_name: 'Guess Clinic',
      owner_name: 'Guess Owner', owner_email: 'guess@guess.example.com', password } });
    assert.equal(join.status, 429, join.text);
  });
});
