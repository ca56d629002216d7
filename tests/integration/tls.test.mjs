// Optional TLS: --tls-cert/--tls-key serve HTTPS with HSTS and Secure cookies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO, DEMO_PASSWORD, ENGINE, startServer } from '../lib/server.mjs';

function call(url, method, path, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(path, url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method, rejectUnauthorized: false,
      headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

describe(`TLS (${ENGINE})`, () => {
  let server;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duet-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    server = await startServer({ dir, args: ['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')] });
  });
  after(async () => server?.stop());

  it('serves HTTPS with HSTS and marks the session cookie Secure', async () => {
    assert.match(server.url, /^https:/);
    const health = await call(server.url, 'GET', '/healthz');
    assert.equal(health.status, 200);
    assert.match(health.headers['strict-transport-security'], /max-age=31536000/);
    const login = await call(server.url, 'POST', '/api/v1/auth/login', { email: DEMO.owner, password: DEMO_PASSWORD });
    assert.equal(login.status, 200);
    assert.match(login.headers['set-cookie'][0], /; Secure/);
  });

  it('refuses to start with unreadable certificate files', async () => {
    await assert.rejects(startServer({ args: ['--tls-cert', '/nonexistent.pem', '--tls-key', '/nonexistent.pem'] }), /exited with 2/);
  });
});
