// Sign-in, lockout, CSRF, sessions and their timeouts, MFA enrolment and verification, API tokens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, createPractice, DEMO, duet, signedIn, startServer, totpAt } from '../lib/server.mjs';

describe(`sign-in and sessions (${process.env.DUET_TEST_DB ?? 'sqlite'})`, () => {
  let server;
  before(async () => {
    server = await startServer({ args: ['--session-idle-seconds', '6'] });
  });
  after(async () => server?.stop());

  it('signs in with the demo password and reports user, role and practice', async () => {
    const c = new Client(server.url);
    const res = await c.login(DEMO.owner);
    assert.equal(res.status, 200);
    assert.equal(res.json.user.role, 'owner');
    assert.equal(res.json.practice.name, 'Duet Demo Practice');
    assert.equal(res.json.mfa_enrollment_required, false, 'demo users are exempt from MFA');
    const cookie = res.headers.get('set-cookie');
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain HTTP');
    const me = await c.request('GET', '/api/v1/me');
    assert.equal(me.json.user.email, DEMO.owner);
  });

  it('gives the same message for a wrong password and an unknown account', async () => {
    const wrong = await new Client(server.url).login(DEMO.biller, 'not-the-password');
    const unknown = await new Client(server.url).login('nobody@demo.example.com', 'not-the-password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.json.detail, unknown.json.detail);
    assert.doesNotMatch(wrong.json.detail, /billing|demo/);
  });

  it('locks an account after five failures, even for the right password', async () => {
    const c = new Client(server.url);
    for (let i = 0; i < 5; i++) assert.equal((await c.login(DEMO.supervisor, 'wrong-password-x')).status, 401);
    const locked = await c.login(DEMO.supervisor);
    assert.equal(locked.status, 401, 'the right password does not open a locked account');
    // A locked account and an unknown e-mail get the same answer, so neither tells which accounts exist.
    const unknown = await c.login('nobody-here@demo.example.com', 'wrong-password-x');
    assert.equal(unknown.status, locked.status);
    assert.equal(unknown.json.type, locked.json.type);
    assert.equal(unknown.json.detail, locked.json.detail);
    assert.match(locked.json.detail, /locked for 15 minutes/);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const c = await signedIn(server.url, DEMO.front_desk);
    const without = await c.request('POST', '/api/v1/auth/logout', { csrf: false });
    assert.equal(without.status, 403);
    const wrong = await c.request('POST', '/api/v1/auth/logout', { csrf: false, headers: { 'X-CSRF-Token': 'forged' } });
    assert.equal(wrong.status, 403);
    assert.equal((await c.request('GET', '/api/v1/me')).status, 200, 'session survives the refused write');
  });

  it('ends the session at sign-out', async () => {
    const c = await signedIn(server.url, DEMO.clinician);
    const cookie = c.cookie;
    assert.equal((await c.request('POST', '/api/v1/auth/logout')).status, 204);
    c.cookie = cookie; // replaying the old cookie must not work
    assert.equal((await c.request('GET', '/api/v1/me')).status, 401);
  });

  it('signs out after the idle timeout and says why', async () => {
    const c = await signedIn(server.url, DEMO.front_desk);
    await new Promise((r) => setTimeout(r, 7000));
    const res = await c.request('GET', '/api/v1/me');
    assert.equal(res.status, 401);
    assert.match(res.json.detail, /inactivity/);
  });
});

describe(`two-step sign-in and API tokens (${process.env.DUET_TEST_DB ?? 'sqlite'})`, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  it('makes a new owner enrol in TOTP before anything else, then asks for a code at every sign-in', async () => {
    const created = createPractice(server, { name: 'Hillside Counseling', email: 'owner@hillside.example.com', password: 'hillside-owner-pass' });
    assert.equal(created.status, 0, created.stderr);
    const c = new Client(server.url);
    const first = await c.login('owner@hillside.example.com', 'hillside-owner-pass');
    assert.equal(first.status, 200);
    assert.equal(first.json.mfa_enrollment_required, true);
    const blocked = await c.request('GET', '/api/v1/practice');
    assert.equal(blocked.status, 403);
    assert.match(blocked.json.detail, /two-step/);

    const enrol = await c.request('POST', '/api/v1/auth/mfa/enroll');
    assert.equal(enrol.status, 200);
    assert.match(enrol.json.otpauth_uri, /^otpauth:\/\/totp\//);
    assert.match(enrol.json.qr_svg, /^<svg/);
    assert.equal((await c.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: '000000' } })).status, 400);
    const ok = await c.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(enrol.json.secret) } });
    assert.equal(ok.status, 200);
    assert.equal((await c.request('GET', '/api/v1/practice')).json.name, 'Hillside Counseling');

    const again = new Client(server.url);
    const needCode = await again.login('owner@hillside.example.com', 'hillside-owner-pass');
    assert.equal(needCode.status, 401);
    assert.match(needCode.json.type, /mfa-required$/);
    // The code from the confirmation step was used; the next step's code is accepted (±1 step skew).
    const code = totpAt(enrol.json.secret, Date.now() + 30000);
    assert.equal((await again.login('owner@hillside.example.com', 'hillside-owner-pass', code)).status, 200);
    const replay = await new Client(server.url).login('owner@hillside.example.com', 'hillside-owner-pass', code);
    assert.equal(replay.status, 401, 'a code is accepted only once');
  });

  it('issues API tokens from the command line for Bearer access', async () => {
    const made = duet(['admin', 'token', 'create', '--email', DEMO.biller], { database: server.database, dir: server.dir });
    assert.equal(made.status, 0, made.stderr);
    const token = made.stdout.trim();
    assert.match(token, /^duet_[A-Za-z0-9_-]{43}$/);
    const c = new Client(server.url);
    c.bearer = token;
    const me = await c.request('GET', '/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.user.role, 'biller');
    assert.equal((await c.request('GET', '/api/v1/users')).status, 403, 'tokens carry their user role');
    c.bearer = token.slice(0, -2) + 'xx';
    assert.equal((await c.request('GET', '/api/v1/me')).status, 401);
    assert.equal(duet(['admin', 'token', 'create', '--email', 'nobody@example.com'], { database: server.database, dir: server.dir }).status, 2);
  });

  it('scopes, lists, expires and revokes API tokens, from Settings and the command line', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = (await owner.request('GET', '/api/v1/users')).json.items.find((u) => u.role === 'biller');
    const made = await owner.request('POST', '/api/v1/api-tokens', { body: { user_id: biller.id, name: 'Accounting export', scope: 'read_only', expires_in_days: 30 } });
    assert.equal(made.status, 201, made.text);
    assert.match(made.json.token, /^duet_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.json.state, 'active');
    const days = (Date.parse(made.json.expires_at) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `${days}`);
    const c = new Client(server.url);
    c.bearer = made.json.token;
    assert.equal((await c.request('GET', '/api/v1/me')).status, 200);
    const write = await c.request('POST', '/api/v1/auth/logout');
    assert.equal(write.status, 403);
    assert.match(write.json.detail, /read-only/);
    const listed = (await owner.request('GET', '/api/v1/api-tokens')).json.items.find((t) => t.id === made.json.id);
    assert.equal(listed.scope, 'read_only');
    assert.ok(listed.last_used_at, 'the first use is recorded');
    assert.equal(listed.token, undefined, 'the secret is never listed');
    for (const body of [{ user_id: biller.id, scope: 'admin' }, { user_id: biller.id, expires_in_days: 0 }, { user_id: biller.id, expires_in_days: 731 }])
      assert.equal((await owner.request('POST', '/api/v1/api-tokens', { body })).status, 400, JSON.stringify(body));
    assert.equal((await owner.request('POST', '/api/v1/api-tokens', { body: { user_id: 'not-a-user' } })).status, 404);
    assert.equal((await owner.request('POST', `/api/v1/api-tokens/${made.json.id}/revoke`)).status, 204);
    assert.equal((await c.request('GET', '/api/v1/me')).status, 401, 'revoked at once');
    assert.equal((await owner.request('POST', `/api/v1/api-tokens/${made.json.id}/revoke`)).status, 404);
    // The command line: scope and expiry, a list without secrets, revoke by id.
    const cli = duet(['admin', 'token', 'create', '--email', DEMO.biller, '--scope', 'read_only', '--expires-days', '7', '--name', 'nightly'],
      { database: server.database, dir: server.dir });
    assert.equal(cli.status, 0, cli.stderr);
    const list = duet(['admin', 'token', 'list'], { database: server.database, dir: server.dir });
    assert.equal(list.status, 0, list.stderr);
    const row = list.stdout.split('\n').find((l) => l.includes(DEMO.biller) && l.includes('read_only') && l.includes('active'));
    assert.ok(row, list.stdout);
    assert.ok(!list.stdout.includes(cli.stdout.trim()), 'no secrets listed');
    c.bearer = cli.stdout.trim();
    assert.equal((await c.request('GET', '/api/v1/me')).status, 200);
    assert.equal(duet(['admin', 'token', 'revoke', '--id', row.split(/\s+/)[0]], { database: server.database, dir: server.dir }).status, 0);
    // The command line is another process: the server, which checked the token a moment ago, sees the change
    // within its sign-in memory (one second).
    assert.ok(await refusedWithin(c, 1500), 'revoked on the command line: refused within a second');
  });
});

/** True once `client`'s GET /me is refused (401), polling for up to `ms`. */
async function refusedWithin(client, ms) {
  const until = Date.now() + ms;
  for (;;) {
    if ((await client.request('GET', '/api/v1/me')).status === 401) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe(`a sign-in checked a moment ago (${process.env.DUET_TEST_DB ?? 'sqlite'})`, () => {
  let server;
  let quick;
  before(async () => {
    server = await startServer();
    quick = await startServer({ args: ['--sign-in-memory-ms', '0'] });
  });
  after(async () => {
    await quick?.stop();
    await server?.stop();
  });

  // A front-desk token made on the command line: its secret and its id (the one row the list did not have before).
  const cliToken = (s) => {
    const ids = () => duet(['admin', 'token', 'list'], { database: s.database, dir: s.dir }).stdout.split('\n').slice(1)
      .map((l) => l.split(/\s+/)[0]).filter(Boolean);
    const before = ids();
    const made = duet(['admin', 'token', 'create', '--email', DEMO.front_desk, '--name', 'memory'], { database: s.database, dir: s.dir });
    assert.equal(made.status, 0, made.stderr);
    const id = ids().filter((i) => !before.includes(i));
    assert.equal(id.length, 1);
    return { secret: made.stdout.trim(), id: id[0] };
  };

  it('takes a change made through the server at once, to a session and a token it has just checked', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const deskId = (await desk.request('GET', '/api/v1/me')).json.user.id;
    const { secret } = cliToken(server);
    const api = new Client(server.url);
    api.bearer = secret;
    for (let i = 0; i < 3; i++) {
      assert.equal((await desk.request('GET', '/api/v1/me')).json.user.role, 'front_desk');
      assert.equal((await api.request('GET', '/api/v1/me')).json.user.role, 'front_desk');
    }
    assert.equal((await owner.request('PATCH', `/api/v1/users/${deskId}`, { body: { role: 'biller' } })).status, 200);
    assert.equal((await desk.request('GET', '/api/v1/me')).json.user.role, 'biller', 'the session has the new role at once');
    assert.equal((await api.request('GET', '/api/v1/me')).json.user.role, 'biller', 'so has the token');
    assert.equal((await owner.request('PATCH', `/api/v1/users/${deskId}`, { body: { role: 'front_desk' } })).status, 200);
    const tokenId = (await owner.request('GET', '/api/v1/api-tokens')).json.items.find((t) => t.name === 'memory' && t.state === 'active').id;
    assert.equal((await api.request('GET', '/api/v1/me')).status, 200);
    assert.equal((await owner.request('POST', `/api/v1/api-tokens/${tokenId}/revoke`)).status, 204);
    assert.equal((await api.request('GET', '/api/v1/me')).status, 401, 'revoked at once');
    assert.equal((await desk.request('POST', '/api/v1/auth/logout')).status, 204);
    assert.equal((await desk.request('GET', '/api/v1/me')).status, 401, 'signed out at once');
  });

  it('counts in /metrics the requests whose sign-in was taken from the last second and those that read it', async () => {
    const figures = async (s) => {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      return ['remembered', 'read'].map((k) => Number(text.match(new RegExp(`^duet_sign_ins_${k}_total (\\d+)$`, 'm'))[1]));
    };
    for (const [s, remembers] of [[server, true], [quick, false]]) {
      const c = await signedIn(s.url, DEMO.clinician);
      const [remembered, read] = await figures(s);
      for (let i = 0; i < 5; i++) assert.equal((await c.request('GET', '/api/v1/me')).status, 200);
      const [remembered2, read2] = await figures(s);
      assert.equal(remembered2 - remembered + read2 - read, 5, 'each request counted once');
      if (remembers) assert.ok(remembered2 - remembered >= 3, `most taken from memory: ${remembered2 - remembered}`);
      else assert.equal(remembered2, remembered, 'with --sign-in-memory-ms 0 every request reads');
    }
  });

  it('sees a change made elsewhere within a second, or at once with --sign-in-memory-ms 0', async () => {
    for (const [s, within] of [[server, 1500], [quick, 0]]) {
      const { secret, id } = cliToken(s);
      const api = new Client(s.url);
      api.bearer = secret;
      assert.equal((await api.request('GET', '/api/v1/me')).status, 200);
      assert.equal((await api.request('GET', '/api/v1/me')).status, 200);
      assert.equal(duet(['admin', 'token', 'revoke', '--id', id], { database: s.database, dir: s.dir }).status, 0);
      assert.ok(await refusedWithin(api, within), `refused within ${within} ms`);
    }
  });
});
