// Reminders through the durable job queue: a real SMTP server (python3-aiosmtpd) and a local SMS
// webhook receiver; no clinical detail in either; a restart loses nothing; two servers send once.
// The servers run on a fixed clock: a reminder falls due when the test moves the clock past it, not
// after minutes of real time.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (fn, ms = 60000) => {
  const deadline = Date.now() + ms;
  while (!fn() && Date.now() < deadline) await sleep(100);
  return fn();
};

function startTextReceiver() {
  const texts = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      texts.push({ auth: req.headers.authorization, ...JSON.parse(body) });
      res.writeHead(202).end('{"queued":true}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/sms`, texts, close: () => new Promise((r) => server.close(r)),
  })));
}

// Monday 7 December 2026, 15:00 UTC. Visits are booked a little over two minutes ahead, so the "2m"
// reminder falls due when the clock moves on by half a minute.
let now = Date.parse('2026-12-07T15:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const soon = (seconds = 130) => iso(now + seconds * 1000);

describe(`reminders (${ENGINE})`, () => {
  let smtp;
  let sms;
  let server;
  let desk;
  let owner;
  let rowan;
  let others; // one clinician per test, so that visits a minute apart do not collide
  let service;
  let clinic;
  const clients = {};
  const args = () => ['--clock', `fixed:${iso(now)}`, '--smtp-url', smtp.url, '--sms-webhook-url', sms.url, '--reminder-offsets', '48h,2m', '--job-poll-seconds', '1',
    '--public-url', 'https://duet.example.test', '--mail-from', 'Duet Demo <no-reply@demo.example.com>'];
  before(async () => {
    smtp = await startSmtp();
    sms = await startTextReceiver();
    server = await startServer({ args: args(), env: { DUET_SMS_TOKEN: 'sms-secret' } });
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    const clinicians = (await owner.request('GET', '/api/v1/clinicians')).json.items;
    rowan = clinicians.find((c) => c.given_name === 'Rowan');
    others = clinicians.filter((c) => c.id !== rowan.id);
    for (const c of (await owner.request('GET', '/api/v1/clients')).json.items) clients[c.given_name] = c;
    clinic = (await owner.request('POST', '/api/v1/locations', { body: { name: 'Columbus clinic', kind: 'clinic', address: '1 Synthetic Ave, Columbus OH', time_zone: 'America/New_York' } })).json;
    service = (await owner.request('POST', '/api/v1/services', {
      body: { name: 'Psychotherapy, 45 min', cpt_code: '90834', duration_minutes: 50, modes: ['in_person', 'video'], fees: { in_person: 15000, video: 12500 } },
    })).json;
    const taylor = await owner.request('PATCH', `/api/v1/clients/${clients.Taylor.id}`, { body: { preferred_channel: 'sms', version: clients.Taylor.version } });
    assert.equal(taylor.status, 200, taylor.text);
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
    await sms?.close();
  });

  // Past the moment every reminder booked so far was due.
  const advance = async (client = desk, seconds = 30) => {
    const r = await client.request('POST', '/api/v1/test/clock', { body: { advance_seconds: seconds } });
    assert.equal(r.status, 200, r.text);
    now += seconds * 1000;
  };
  const book = (body, clinician = rowan) => desk.request('POST', '/api/v1/appointments', {
    body: { clinician_id: clinician.id, service_id: service.id, override_reason: 'reminder test outside the usual hours', ...body },
  });

  it('e-mails a video reminder with the join link and the client\u2019s local time, and nothing clinical', async () => {
    const start = soon();
    const res = await book({ client_id: clients.Alex.id, mode: 'video', start });
    assert.equal(res.status, 201, res.text);
    await advance();
    assert.ok(await until(() => smtp.messages.some((m) => m.to.includes('alex.morgan@client.example.com'))), 'reminder e-mailed');
    const mail = smtp.messages.find((m) => m.to.includes('alex.morgan@client.example.com')).data;
    assert.match(mail, /Subject: Appointment reminder/);
    assert.match(mail, /video appointment/);
    // A single-purpose join link for this client (not the appointment id): the join page knows it.
    const token = mail.match(/https:\/\/duet\.example\.test\/join\/([A-Za-z0-9_-]{43})/)?.[1];
    assert.ok(token, 'a join link');
    const preview = await new Client(server.url).request('GET', `/api/v1/telehealth/links/${token}`);
    assert.equal(preview.status, 200, preview.text);
    const local = new Date(start).toLocaleTimeString('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit' });
    assert.match(mail, new RegExp(`at ${local} \\(America/New_York time\\)`));
    const body = mail.slice(mail.indexOf('\r\n\r\n')).replace(token, '');
    assert.doesNotMatch(body, /Psychotherapy|\b90834\b|counsel|\bLPC\b|Rowan|Stone|Alex|Morgan|anxiety|\bF41(\.\d+)?\b/i, 'no clinical detail or names');
  });

  it('texts an in-person reminder with the clinic address to a client who prefers SMS', async () => {
    const res = await book({ client_id: clients.Taylor.id, mode: 'in_person', location_id: clinic.id, start: soon(140) }, others[0]);
    assert.equal(res.status, 201, res.text);
    await advance();
    assert.ok(await until(() => sms.texts.length >= 1), 'reminder texted');
    const text = sms.texts[0];
    assert.equal(text.to, '+16125550103');
    assert.equal(text.auth, 'Bearer sms-secret');
    assert.match(text.body, /1 Synthetic Ave, Columbus OH/);
    assert.doesNotMatch(text.body, /Psychotherapy|counsel|Rowan|Taylor|Brooks|depress/i);
  });

  it('sends nothing for a visit cancelled before its reminder', async () => {
    const before = smtp.messages.length;
    const res = await book({ client_id: clients.Harper.id, mode: 'in_person', location_id: clinic.id, start: soon(125) }, others[1]);
    assert.equal(res.status, 201, res.text);
    const cancel = await desk.request('POST', `/api/v1/appointments/${res.json.id}/cancel`, { body: { reason: 'client asked' } });
    assert.equal(cancel.status, 200, cancel.text);
    await advance();
    await sleep(3000); // several polls of the job queue after the moment the reminder was due
    assert.equal(smtp.messages.filter((m) => m.to.includes('harper.kim@client.example.com')).length, 0);
    assert.equal(smtp.messages.length, before);
  });

  it('survives a restart and sends once with two servers on one database', async () => {
    const res = await book({ client_id: clients.Logan.id, mode: 'in_person', location_id: clinic.id, start: soon(135) }, others[2]);
    assert.equal(res.status, 201, res.text);
    await server.stop({ keep: true });
    now += 30_000; // the servers start after the moment it was due
    const a = await startServer({ dir: server.dir, database: server.database, demo: false, args: args() });
    const b = await startServer({ dir: server.dir, database: server.database, demo: false, args: args() });
    try {
      const to = 'logan.price@client.example.com';
      assert.ok(await until(() => smtp.messages.some((m) => m.to.includes(to)), 20000), 'reminder sent after the restart');
      await sleep(3000);
      assert.equal(smtp.messages.filter((m) => m.to.includes(to)).length, 1, 'exactly one of the two servers sent it');
      const audit = (await (await signedIn(a.url, DEMO.owner)).request('GET', `/api/v1/audit?client_id=${clients.Logan.id}`)).json.items;
      assert.equal(audit.filter((e) => e.action === 'appointment.reminder.email').length, 1);
    } finally {
      await b.stop({ keep: true });
      await a.stop({ keep: true });
      server = a;
    }
  });
});
