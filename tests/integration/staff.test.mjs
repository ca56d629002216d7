// Staff accounts: a new practice invites its people by e-mail with a role (linked to their
// clinician record), they set a password and enrol in two-step sign-in; roles change, people are
// deactivated (sessions and tokens end at once, records stay), two-step sign-in is reset with a
// reason; the same from the command line. Nothing here uses the demo practice.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, duet, newPractice, startServer, totpAt } from '../lib/server.mjs';

const tokenOf = (path) => path.split('/').pop();

describe(`staff accounts (${ENGINE})`, () => {
  let server;
  let practice;
  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Riverbend Counseling' });
  });
  after(async () => server?.stop());

  it('invites a clinician linked to their record; the link sets a password, signs in and asks for two-step sign-in', async () => {
    const { owner, domain } = practice;
    const record = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    const inv = await owner.request('POST', '/api/v1/invitations', { body: { email: `Noor@${domain}`, role: 'clinician', clinician_id: record.id } });
    assert.equal(inv.status, 201, inv.text);
    assert.match(inv.json.path, /^\/invite\/[A-Za-z0-9_-]{30,}$/);
    assert.ok(Date.parse(inv.json.expires_at) > Date.now() + 6 * 86400_000, 'valid for about a week');
    assert.equal(inv.json.email, `noor@${domain}`);
    assert.equal(inv.json.display_name, 'Noor Haddad', 'named after the clinician record');
    const token = tokenOf(inv.json.path);

    const anon = new Client(server.url);
    const preview = await anon.request('POST', '/api/v1/invitations/preview', { body: { token } });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.practice.name, 'Riverbend Counseling');
    assert.equal(preview.json.role, 'clinician');
    assert.equal(preview.json.mfa_required, true);

    const weak = await anon.request('POST', '/api/v1/invitations/accept', { body: { token, password: 'short' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.json.errors[0].field, 'password');
    const accepted = await anon.request('POST', '/api/v1/invitations/accept', { body: { token, password: 'noor-chooses-a-long-one' } });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.user.role, 'clinician');
    assert.equal(accepted.json.mfa_enrollment_required, true, 'the practice requires two-step sign-in for staff');
    assert.match(accepted.headers.get('set-cookie'), /duet_session=.+HttpOnly/);
    anon.csrf = accepted.json.csrf_token;
    assert.equal((await anon.request('GET', '/api/v1/clients')).status, 403, 'nothing before enrolment');
    const secret = (await anon.request('POST', '/api/v1/auth/mfa/enroll')).json.secret;
    assert.equal((await anon.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(secret) } })).status, 200);
    assert.equal((await anon.request('GET', '/api/v1/clients')).status, 200);

    const linked = await owner.request('GET', `/api/v1/clinicians/${record.id}`);
    assert.equal(linked.json.user_id, accepted.json.user.id, 'the account signs in for the clinician record');
    const users = (await owner.request('GET', '/api/v1/users')).json.items;
    const noor = users.find((u) => u.email === `noor@${domain}`);
    assert.equal(noor.clinician_id, record.id);
    assert.equal(noor.active, true);
    assert.equal(noor.mfa_enabled, true);

    // Single use: the link does nothing a second time, and signing in works with the password.
    const again = await new Client(server.url).request('POST', '/api/v1/invitations/accept', { body: { token, password: 'someone-else-entirely' } });
    assert.equal(again.status, 422);
    assert.match(again.json.type, /invitation_used$/);
    const login = await new Client(server.url).login(`noor@${domain}`, 'noor-chooses-a-long-one', totpAt(secret, Date.now() + 30_000));
    assert.equal(login.status, 200, login.text);
    assert.equal((await owner.request('GET', '/api/v1/invitations')).json.items.some((i) => i.email === `noor@${domain}`), false,
      'accepted invitations leave the open list');
  });

  it('uses an invitation once when several people race with it', async () => {
    const inv = await practice.owner.request('POST', '/api/v1/invitations', { body: { email: `race@${practice.domain}`, role: 'front_desk' } });
    const token = tokenOf(inv.json.path);
    const results = await Promise.all(Array.from({ length: 6 }, () =>
      new Client(server.url).request('POST', '/api/v1/invitations/accept', { body: { token, password: 'racing-for-the-account' } })));
    assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(','));
    for (const r of results) assert.ok(r.status < 500, `no failure: ${r.status}`);
    const users = (await practice.owner.request('GET', '/api/v1/users')).json.items.filter((u) => u.email === `race@${practice.domain}`);
    assert.equal(users.length, 1);
  });

  it('refuses bad invitations with clear field problems and keeps nothing', async () => {
    const { owner, domain } = practice;
    const before = (await owner.request('GET', '/api/v1/invitations')).json.items.length;
    const cases = [
      [{ email: 'not-an-email', role: 'clinician' }, 400, 'email'],
      [{ email: `x@${domain}`, role: 'client' }, 400, 'role'],
      [{ email: `x@${domain}`, role: 'wizard' }, 400, 'role'],
      [{ email: `x@${domain}`, role: 'biller', clinician_id: 'nope' }, 400, 'role'],
      [{ email: `x@${domain}`, role: 'clinician', clinician_id: 'nope' }, 400, 'clinician_id'],
      [{ email: `x@${domain}`, role: 'clinician', extra: 1 }, 400, 'extra'],
      [{ email: 5, role: 'clinician' }, 400, 'email'],
      [{ email: `owner@${domain}`, role: 'clinician' }, 409, 'email'],
    ];
    for (const [body, status, field] of cases) {
      const r = await owner.request('POST', '/api/v1/invitations', { body });
      assert.equal(r.status, status, `${JSON.stringify(body)}: ${r.text}`);
      assert.match(r.headers.get('content-type'), /problem\+json/);
      assert.ok(r.json.errors?.some((e) => e.field === field) || r.json.field === field || status === 409, `${JSON.stringify(body)} names ${field}`);
    }
    // A clinician record that already has an account cannot be given another.
    const linked = (await owner.request('GET', '/api/v1/users')).json.items.find((u) => u.clinician_id);
    const dup = await owner.request('POST', '/api/v1/invitations', { body: { email: `y@${domain}`, role: 'clinician', clinician_id: linked.clinician_id } });
    assert.equal(dup.status, 409);
    assert.equal((await owner.request('GET', '/api/v1/invitations')).json.items.length, before, 'nothing was kept');
  });

  it('withdraws an invitation, and a new one for the same person replaces the old', async () => {
    const { owner, domain } = practice;
    const first = await owner.request('POST', '/api/v1/invitations', { body: { email: `pat@${domain}`, role: 'biller' } });
    const second = await owner.request('POST', '/api/v1/invitations', { body: { email: `pat@${domain}`, role: 'biller' } });
    const anon = new Client(server.url);
    const old = await anon.request('POST', '/api/v1/invitations/preview', { body: { token: tokenOf(first.json.path) } });
    assert.equal(old.status, 422);
    assert.match(old.json.type, /invitation_revoked$/);
    assert.equal((await owner.request('POST', `/api/v1/invitations/${second.json.id}/revoke`)).status, 204);
    const gone = await anon.request('POST', '/api/v1/invitations/accept', { body: { token: tokenOf(second.json.path), password: 'too-late-for-this-one' } });
    assert.equal(gone.status, 422);
    const bogus = await anon.request('POST', '/api/v1/invitations/preview', { body: { token: 'not-a-real-token' } });
    assert.equal(bogus.status, 404);
    const list = (await owner.request('GET', '/api/v1/invitations')).json.items.filter((i) => i.email === `pat@${domain}`);
    assert.deepEqual(list.map((i) => i.state), ['revoked', 'revoked']);
  });

  it('changes roles at once, deactivates people (sessions and tokens end, records stay) and reactivates them', async () => {
    const { owner } = practice;
    const desk = await practice.invite('front_desk');
    assert.equal((await desk.request('GET', '/api/v1/me')).json.user.role, 'front_desk');
    const changed = await owner.request('PATCH', `/api/v1/users/${desk.userId}`, { body: { role: 'biller' } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.role, 'biller');
    assert.equal((await desk.request('GET', '/api/v1/me')).json.user.role, 'biller', 'the open session has the new role');

    const token = duet(['admin', 'token', 'create', '--email', desk.email], { database: server.database, dir: server.dir }).stdout.trim();
    const api = new Client(server.url);
    api.bearer = token;
    assert.equal((await api.request('GET', '/api/v1/me')).status, 200);

    const off = await owner.request('PATCH', `/api/v1/users/${desk.userId}`, { body: { active: false } });
    assert.equal(off.status, 200);
    assert.equal(off.json.active, false);
    assert.equal((await desk.request('GET', '/api/v1/me')).status, 401, 'the session ended');
    assert.equal((await api.request('GET', '/api/v1/me')).status, 401, 'the API token was revoked');
    assert.equal((await new Client(server.url).login(desk.email, practice.password, totpAt(desk.totpSecret, Date.now() + 30_000))).status, 401);
    const audit = (await owner.request('GET', '/api/v1/audit')).json.items;
    assert.ok(audit.some((e) => e.action === 'user.deactivate' && e.resource_id === desk.userId));
    assert.ok(audit.some((e) => e.action === 'user.role_change' && e.resource_id === desk.userId));

    assert.equal((await owner.request('PATCH', `/api/v1/users/${desk.userId}`, { body: { active: true } })).status, 200);
    const back = await new Client(server.url).login(desk.email, practice.password, totpAt(desk.totpSecret, Date.now() + 30_000));
    assert.equal(back.status, 200, back.text);
    assert.equal((await api.request('GET', '/api/v1/me')).status, 401, 'revoked tokens stay revoked');
  });

  it('keeps an active owner and does not let owners lock themselves out', async () => {
    const { owner } = practice;
    const self = await owner.request('PATCH', `/api/v1/users/${owner.userId}`, { body: { active: false } });
    assert.equal(self.status, 422);
    assert.match(self.json.type, /self$/);
    assert.equal((await owner.request('PATCH', `/api/v1/users/${owner.userId}`, { body: { role: 'biller' } })).status, 422);
    const second = await practice.invite('owner');
    // The last other owner: demoting the first owner from the second owner's session is allowed…
    const demote = await second.request('PATCH', `/api/v1/users/${owner.userId}`, { body: { role: 'clinician' } });
    assert.equal(demote.status, 200, demote.text);
    // …and then the second owner is the last one, so the first (now a clinician) cannot demote them.
    assert.equal((await owner.request('GET', '/api/v1/users')).status, 403, 'a clinician no longer manages people');
    const restore = await second.request('PATCH', `/api/v1/users/${owner.userId}`, { body: { role: 'owner' } });
    assert.equal(restore.status, 200);
    for (const body of [{ role: 'client' }, { active: 'no' }, { role: 5 }, { nickname: 'x' }])
      assert.equal((await owner.request('PATCH', `/api/v1/users/${second.userId}`, { body })).status, 400, JSON.stringify(body));
    assert.equal((await owner.request('PATCH', '/api/v1/users/not-a-user', { body: { active: false } })).status, 404);
  });

  it('resets someone\'s two-step sign-in with a reason; they enrol again at their next sign-in', async () => {
    const { owner } = practice;
    const person = await practice.invite('supervisor');
    const short = await owner.request('POST', `/api/v1/users/${person.userId}/mfa-reset`, { body: { reason: 'lost' } });
    assert.equal(short.status, 400);
    assert.equal(short.json.errors[0].field, 'reason');
    assert.equal((await owner.request('POST', `/api/v1/users/${owner.userId}/mfa-reset`, { body: { reason: 'my own phone was lost' } })).status, 422);
    const reset = await owner.request('POST', `/api/v1/users/${person.userId}/mfa-reset`, { body: { reason: 'Phone lost; identity checked in person' } });
    assert.equal(reset.status, 204, reset.text);
    assert.equal((await person.request('GET', '/api/v1/me')).status, 401, 'their sessions ended');
    const login = await new Client(server.url).login(person.email, practice.password);
    assert.equal(login.status, 200, 'no code is asked: the old one is gone');
    assert.equal(login.json.mfa_enrollment_required, true);
    const users = (await owner.request('GET', '/api/v1/users')).json.items;
    assert.equal(users.find((u) => u.id === person.userId).mfa_enabled, false);
    assert.ok((await owner.request('GET', '/api/v1/audit')).json.items.some((e) => e.action === 'user.mfa_reset'));
  });

  it('assigns a supervisor to a clinician', async () => {
    const { owner } = practice;
    const record = await practice.clinician({ given: 'Iris', family: 'Vale' });
    const clinician = await practice.invite('clinician', { clinician_id: record.id });
    const supervisor = await practice.invite('supervisor');
    const current = (await owner.request('GET', `/api/v1/clinicians/${record.id}`)).json;
    const patched = await owner.request('PATCH', `/api/v1/clinicians/${record.id}`, { body: { supervisor_user_id: supervisor.userId, version: current.version } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.supervisor_user_id, supervisor.userId);
    assert.equal((await clinician.request('GET', '/api/v1/me')).json.user.role, 'clinician');
    // Only a supervisor or owner of this practice can be named, never a biller or someone elsewhere.
    const biller = await practice.invite('biller');
    const wrong = await owner.request('PATCH', `/api/v1/clinicians/${record.id}`, { body: { supervisor_user_id: biller.userId, version: patched.json.version } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.errors[0].field, 'supervisor_user_id');
    const other = await newPractice(server, { name: 'Across Town' });
    const theirs = await other.invite('supervisor');
    const across = await owner.request('PATCH', `/api/v1/clinicians/${record.id}`, { body: { supervisor_user_id: theirs.userId, version: patched.json.version } });
    assert.equal(across.status, 400);
    const stolen = await owner.request('POST', '/api/v1/clinicians', {
      body: { given_name: 'Stolen', family_name: 'Link', discipline: 'counseling', home_state: 'CO', time_zone: 'America/Denver', user_id: theirs.userId },
    });
    assert.equal(stolen.status, 400, 'a clinician record cannot sign in with another practice\'s account');
  });

  it('keeps practices apart: an owner cannot touch another practice\'s people or invitations', async () => {
    const other = await newPractice(server, { name: 'Elsewhere Therapy' });
    const theirs = await other.invite('biller');
    assert.equal((await practice.owner.request('PATCH', `/api/v1/users/${theirs.userId}`, { body: { active: false } })).status, 404);
    assert.equal((await practice.owner.request('POST', `/api/v1/users/${theirs.userId}/mfa-reset`, { body: { reason: 'trying to reach across' } })).status, 404);
    const inv = await other.owner.request('POST', '/api/v1/invitations', { body: { email: `later@${other.domain}`, role: 'biller' } });
    assert.equal((await practice.owner.request('POST', `/api/v1/invitations/${inv.json.id}/revoke`)).status, 404);
    assert.equal((await practice.owner.request('GET', '/api/v1/users')).json.items.some((u) => u.id === theirs.userId), false);
    assert.equal((await theirs.request('GET', '/api/v1/me')).status, 200, 'untouched');
  });

  it('invites, creates and deactivates from the command line', async () => {
    const opts = { database: server.database, dir: server.dir };
    const several = duet(['admin', 'user', 'invite', '--email', `cli@${practice.domain}`, '--role', 'front_desk'], opts);
    assert.equal(several.status, 2, 'two practices share this database: the practice must be named');
    const practiceId = (await practice.owner.request('GET', '/api/v1/practice')).json.id;
    const printed = duet(['admin', 'user', 'invite', '--email', `cli@${practice.domain}`, '--role', 'front_desk', '--practice-id', practiceId,
      '--public-url', 'https://duet.example.com'], opts);
    assert.equal(printed.status, 0, printed.stderr);
    const link = printed.stdout.match(/https:\/\/duet\.example\.com(\/invite\/\S+)/);
    assert.ok(link, printed.stdout);
    const acc = await new Client(server.url).request('POST', '/api/v1/invitations/accept', { body: { token: tokenOf(link[1]), password: 'from-the-command-line' } });
    assert.equal(acc.status, 200, acc.text);
    assert.equal(acc.json.user.role, 'front_desk');

    const file = join(server.dir, 'pw-cli');
    writeFileSync(file, 'created-on-the-command-line\n', { mode: 0o600 });
    const record = await practice.clinician({ given: 'Ode', family: 'Lind' });
    const made = duet(['admin', 'user', 'create', '--email', `ode@${practice.domain}`, '--role', 'clinician', '--password-file', file,
      '--clinician-id', record.id, '--name', 'Ode Lind', '--practice-id', practiceId], opts);
    assert.equal(made.status, 0, made.stderr);
    const ode = new Client(server.url);
    const signed = await ode.login(`ode@${practice.domain}`, 'created-on-the-command-line');
    assert.equal(signed.status, 200);
    assert.equal(signed.json.mfa_enrollment_required, true);
    assert.equal((await practice.owner.request('GET', `/api/v1/clinicians/${record.id}`)).json.user_id, signed.json.user.id);
    assert.equal(duet(['admin', 'user', 'create', '--email', `x@${practice.domain}`, '--role', 'client', '--password-file', file, '--practice-id', practiceId], opts).status, 2);

    const off = duet(['admin', 'user', 'deactivate', '--email', `ode@${practice.domain}`], opts);
    assert.equal(off.status, 0, off.stderr);
    assert.equal((await ode.request('GET', '/api/v1/me')).status, 401);
    assert.notEqual(duet(['admin', 'user', 'deactivate', '--email', `nobody@${practice.domain}`], opts).status, 0);
  });
});
