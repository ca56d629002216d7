// Starts a real duet server on port 0 over a temp directory, on SQLite or on the throw-away
// PostgreSQL cluster (DUET_TEST_DB=postgres, DUET_PG_DIR from tests/pg-cluster.sh).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP } from 'otpauth';

export const BIN = process.env.DUET_BIN ?? new URL('../../build/release/duet', import.meta.url).pathname;
export const ENGINE = process.env.DUET_TEST_DB ?? 'sqlite';
export const DEMO_PASSWORD = 'duet-demo-2026';

/** A fresh, empty database URL for one test server. */
export function freshDatabase(dir) {
  if (ENGINE !== 'postgres') return `sqlite:${join(dir, 'duet.db')}`;
  const pgDir = process.env.DUET_PG_DIR;
  if (!pgDir) throw new Error('DUET_PG_DIR is not set: start the cluster with tests/pg-cluster.sh');
  const base = readFileSync(join(pgDir, 'url'), 'utf8').trim();
  const name = `duet_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [base, '-q', '-c', `CREATE DATABASE ${name}`]);
  return base.replace(/\/postgres$/, `/${name}`);
}

/** Runs a duet subcommand against dir/database; returns {status, stdout, stderr}. */
export function duet(args, { database, dir, env = {} } = {}) {
  const full = [...args];
  if (database) full.push('--database', database);
  if (dir) full.push('--var-dir', join(dir, 'var'));
  try {
    const stdout = execFileSync(BIN, full, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

/** Starts `duet serve --port 0 --demo`; resolves when it prints its address. */
export async function startServer({ args = [], env = {}, demo = true, database, dir } = {}) {
  dir ??= mkdtempSync(join(tmpdir(), 'duet-it-'));
  database ??= freshDatabase(dir);
  // Warnings and errors only, unless the test asks for a level of its own.
  const level = args.includes('--log-level') ? [] : ['--log-level', 'warn'];
  const full = ['serve', '--port', '0', '--database', database, '--var-dir', join(dir, 'var'), ...level, ...args];
  // The demo practice without its dated visits: tests book their own, on fixed dates.
  if (demo) full.push('--demo', '--no-demo-visits');
  const proc = spawn(BIN, full, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (https?:\/\/[\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    dir,
    database,
    proc,
    stderr: () => stderr,
    async stop({ keep = false } = {}) {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
      return proc.exitCode;
    },
  };
}

/** A client with a cookie jar and the CSRF token of its session. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
    this.bearer = '';
  }
  async request(method, path, { body, raw, headers = {}, csrf = true } = {}) {
    const h = { ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (this.bearer) h.Authorization = `Bearer ${this.bearer}`;
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    let payload = raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = setCookie.match(/duet_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `duet_session=${m[1]}` : '';
    }
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    // Sign-in and two-step enrolment answer with the (new) session's CSRF token.
    if (res.status === 200 && typeof json?.csrf_token === 'string' && json.csrf_token) this.csrf = json.csrf_token;
    return { status: res.status, headers: res.headers, json, text };
  }
  async login(email, password = DEMO_PASSWORD, totp) {
    const res = await this.request('POST', '/api/v1/auth/login', { body: totp ? { email, password, totp } : { email, password } });
    if (res.status === 200) this.csrf = res.json.csrf_token;
    return res;
  }
}

/** Signs in and returns the client, failing loudly if sign-in does not work. */
export async function signedIn(base, email, password = DEMO_PASSWORD) {
  const c = new Client(base);
  const res = await c.login(email, password);
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.text}`);
  return c;
}

/** The TOTP code for a base32 secret at a time (ms). */
export function totpAt(secret, ms = Date.now()) {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: ms });
}

/** Creates a (non-demo) practice through the CLI; its owner must enrol in MFA. */
export function createPractice(server, { name, email, password }) {
  const file = join(server.dir, `pw-${randomBytes(4).toString('hex')}`);
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return duet(['admin', 'create-practice', '--name', name, '--owner-email', email, '--owner-password-file', file, '--owner-name', 'Test Owner'],
    { database: server.database, dir: server.dir });
}

export const DEMO = {
  owner: 'owner@demo.example.com',
  clinician: 'therapist@demo.example.com',
  supervisor: 'supervisor@demo.example.com',
  biller: 'billing@demo.example.com',
  front_desk: 'frontdesk@demo.example.com',
  client: 'client@demo.example.com',
};

/**
 * What the database holds, as raw bytes: the SQLite file and its WAL, or (PostgreSQL) the text of
 * every row of `tables`. Tests search it for a phrase that must only ever be stored sealed.
 */
export function rawStorage(server, tables) {
  if (ENGINE === 'sqlite') {
    const file = server.database.replace(/^sqlite:/, '');
    return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))).toString('latin1');
  }
  const sql = tables.map((t) => `SELECT x::text FROM ${t} x`).join(' UNION ALL ');
  return execFileSync('psql', [server.database, '-At', '-c', sql]).toString();
}

/** The demo client with this given name, as `client` (a signed-in Client) sees it. */
export async function demoClient(client, given) {
  return (await client.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === given);
}

/** A 90834 video visit of the demo's Alex with Rowan Stone in five minutes, booked by `booker`. */
export async function demoVideoVisit(booker, reason, minutesAhead = 5) {
  const rowan = (await booker.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
  const alex = await demoClient(booker, 'Alex');
  const service = (await booker.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
  const start = new Date(Date.now() + minutesAhead * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const res = await booker.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
    mode: 'video', start, override_reason: reason } });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${res.text}`);
  return { visit: res.json, alex, rowan, service };
}

/** A minimal PDF's text (a chart document's bytes in tests). */
export const TINY_PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

/** Adds a small PDF to the client's chart as `who` (category "other"); returns the document. */
export async function addChartPdf(who, clientId, title) {
  const up = await who.request('POST', `/api/v1/clients/${clientId}/documents`, { body: { title, category: 'other',
    data: Buffer.from(TINY_PDF).toString('base64') } });
  if (up.status !== 201) throw new Error(`document upload failed: ${up.status} ${up.text}`);
  return up.json;
}

/** Starts the visit's SOAP note as `therapist`, fills its required fields and signs it; returns the note. */
export async function signSoapNote(therapist, clientId, visitId) {
  const started = await therapist.request('POST', '/api/v1/notes', { body: { client_id: clientId, appointment_id: visitId, template_key: 'soap' } });
  if (started.status !== 201) throw new Error(`note failed: ${started.status} ${started.text}`);
  const note = started.json;
  const saved = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: note.version, content: { ...note.content,
    'subjective.presenting': 'Worry at work.', 'subjective.mood': 'Anxious', 'objective.observations': 'Engaged.', 'objective.risk': 'None reported',
    'assessment.assessment': 'Improving.', 'assessment.diagnoses': ['F41.1'], 'assessment.progress': 6, 'plan.plan': 'Continue weekly.',
    'plan.interventions': ['CBT'] } } });
  if (saved.status !== 200) throw new Error(`note save failed: ${saved.status} ${saved.text}`);
  const signed = await therapist.request('POST', `/api/v1/notes/${note.id}/sign`, { body: { version: saved.json.version } });
  if (signed.status !== 200) throw new Error(`signing failed: ${signed.status} ${signed.text}`);
  return signed.json;
}

/** A valid NPI (Luhn over the 80840 prefix) built from nine digits. */
export function npi(nine) {
  const digits = `80840${nine}`.split('').map(Number);
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits[i];
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}

/** Finishes two-step enrolment for a session that must enrol; returns the TOTP secret. */
export async function enrolMfa(client, at = Date.now()) {
  const start = await client.request('POST', '/api/v1/auth/mfa/enroll');
  if (start.status !== 200) throw new Error(`enrolment failed: ${start.status} ${start.text}`);
  const done = await client.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(start.json.secret, at) } });
  if (done.status !== 200) throw new Error(`enrolment confirm failed: ${done.status} ${done.text}`);
  return start.json.secret;
}

/**
 * A new practice built as a real one is: created on the command line, its owner signed in and
 * enrolled in two-step sign-in, its people invited through the API. `invite` accepts the
 * invitation and returns the new person's signed-in Client (enrolled too) with its user id.
 */
export async function newPractice(server, { name = 'Test Practice', domain = `p${randomBytes(3).toString('hex')}.example.com`, at } = {}) {
  const password = 'a-long-test-password-1';
  const email = `owner@${domain}`;
  const made = createPractice(server, { name, email, password });
  if (made.status !== 0) throw new Error(`create-practice failed: ${made.stderr}`);
  const owner = new Client(server.url);
  const res = await owner.login(email, password);
  if (res.status !== 200) throw new Error(`owner sign-in failed: ${res.status} ${res.text}`);
  owner.totpSecret = await enrolMfa(owner, at); // `at`: the server's time when it runs on a fixed clock
  owner.userId = res.json.user.id;
  owner.email = email;
  let n = 0;
  return {
    owner,
    domain,
    password,
    /** Creates a clinician record (discipline, home state, zone) and returns it. */
    async clinician({ given = 'Sam', family = `Clin${++n}`, discipline = 'counseling', state = 'CO', zone = 'America/Denver' } = {}) {
      const r = await owner.request('POST', '/api/v1/clinicians', {
        body: { given_name: given, family_name: family, discipline, npi: npi(String(100000000 + Math.floor(Math.random() * 899999999))), home_state: state, time_zone: zone },
      });
      if (r.status !== 201) throw new Error(`clinician failed: ${r.status} ${r.text}`);
      return r.json;
    },
    /** Invites a person, accepts as them, enrols their two-step sign-in (at the server's time `at` on a fixed
     *  clock; the practice's by default); returns their Client. */
    async invite(role, { local = `${role}${++n}`, clinician_id, at: when = at } = {}) {
      const inv = await owner.request('POST', '/api/v1/invitations', { body: { email: `${local}@${domain}`, role, ...(clinician_id ? { clinician_id } : {}) } });
      if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${inv.text}`);
      const c = new Client(server.url);
      const acc = await c.request('POST', '/api/v1/invitations/accept', { body: { token: inv.json.path.split('/').pop(), password } });
      if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${acc.text}`);
      c.csrf = acc.json.csrf_token;
      c.userId = acc.json.user.id;
      c.email = `${local}@${domain}`;
      if (acc.json.mfa_enrollment_required) c.totpSecret = await enrolMfa(c, when);
      return c;
    },
  };
}
