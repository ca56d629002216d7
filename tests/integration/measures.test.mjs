// Measurement-based care over HTTP: a PHQ-9 sent to a client by e-mail (a real SMTP server on
// loopback; the message says nothing of what is asked), filled from the link without signing in,
// scored with its band; item 9 above zero alerts the clinician at once (live event, e-mail without
// clinical detail, queued so that a mail server that is down delays it without losing it; the alert
// list); results graphable over time; answers sealed at rest.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, demoClient, signedIn, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { openLive } from '../lib/ws.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe(`measures (${ENGINE})`, () => {
  let smtp;
  let server;
  let therapist;
  let alex;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ args: ['--smtp-url', smtp.url, '--public-url', 'https://duet.example.test'] });
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
  });
  const mailTo = async (address, subject) => {
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const m = smtp.messages.find((x) => x.to.includes(address) && subject.test(x.data));
      if (m) return m.data;
      await sleep(100);
    }
    throw new Error(`no mail to ${address}`);
  };

  it('sends a PHQ-9 link by e-mail that names nothing clinical, and the client fills it on the link', async () => {
    const sent = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures`, { body: { instrument: 'phq9' } });
    assert.equal(sent.status, 201, sent.text);
    const mail = await mailTo('alex.morgan@client.example.com', /Subject: A short check-in/);
    const token = mail.match(/https:\/\/duet\.example\.test\/measure\/([A-Za-z0-9_-]{43})/)?.[1];
    assert.ok(token, 'the link is in the e-mail');
    assert.doesNotMatch(mail.replace(token, ''), /PHQ|depress|mood|suicid|Rowan|Stone/i);

    const anon = new Client(server.url);
    const form = await anon.request('GET', `/api/v1/measures/links/${token}`);
    assert.equal(form.status, 200);
    assert.equal(form.json.instrument.items.length, 9);
    assert.match(form.json.instrument.attribution, /Pfizer/);
    assert.equal((await anon.request('POST', `/api/v1/measures/links/${token}`, { body: { answers: [1, 1, 1] } })).status, 422, 'incomplete');
    assert.equal((await anon.request('POST', `/api/v1/measures/links/${token}`, { body: { answers: 'lots' } })).status, 400);
    const ok = await anon.request('POST', `/api/v1/measures/links/${token}`, { body: { answers: [1, 2, 1, 2, 1, 1, 1, 1, 0], functional: 1 } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await anon.request('POST', `/api/v1/measures/links/${token}`, { body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] } })).status, 422, 'once');

    const results = await therapist.request('GET', `/api/v1/clients/${alex.id}/measures`);
    assert.equal(results.status, 200);
    const phq = results.json.items.find((r) => r.instrument === 'phq9');
    assert.equal(phq.total, 10);
    assert.equal(phq.band, 'moderate');
    assert.equal(phq.safety_flag, false);
    assert.deepEqual(results.json.bands.phq9.map((b) => b.label), ['minimal', 'mild', 'moderate', 'moderately severe', 'severe']);
  });

  it('alerts the clinician at once when item 9 is above zero, without clinical detail in the e-mail', async () => {
    const lobby = await openLive(server.url, { cookie: therapist.cookie });
    await lobby.until('hello');
    const sent = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures`, { body: { instrument: 'phq9' } });
    const token = sent.json.path.split('/').pop();
    const res = await new Client(server.url).request('POST', `/api/v1/measures/links/${token}`, { body: { answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] } });
    assert.equal(res.status, 200, res.text);
    const live = await lobby.until('alert.new');
    const alerts = await therapist.request('GET', '/api/v1/alerts');
    const alert = alerts.json.items.find((a) => a.id === live.alert_id);
    assert.ok(alert, 'on the clinician\u2019s alert list');
    assert.equal(alert.kind, 'phq9_item9');
    assert.match(alert.client_name, /Alex/);
    const mail = await mailTo('therapist@demo.example.com', /Subject: Duet: a response needs your review/);
    assert.doesNotMatch(mail, /Alex|Morgan|PHQ|item|suicid|self-harm|score/i);
    // Others may not see or clear it; the clinician acknowledges it once.
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', '/api/v1/alerts')).status, 403);
    assert.equal((await therapist.request('POST', `/api/v1/alerts/${alert.id}/acknowledge`)).status, 204);
    assert.equal((await therapist.request('POST', `/api/v1/alerts/${alert.id}/acknowledge`)).status, 409);
    assert.ok(!(await therapist.request('GET', '/api/v1/alerts')).json.items.some((a) => a.id === alert.id));
    lobby.close();
  });

  it('keeps the alert e-mail for later when the mail server is down, and sends it once it is back', async () => {
    const down = await startServer({ args: ['--smtp-url', 'smtp://127.0.0.1:9', '--job-poll-seconds', '1'] });
    const rowan = await signedIn(down.url, DEMO.clinician);
    const client = await demoClient(rowan, 'Taylor');
    const before = smtp.messages.length;
    const res = await rowan.request('POST', `/api/v1/clients/${client.id}/measures/responses`, { body: { instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 2] } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.safety_flag, true);
    assert.equal((await rowan.request('GET', '/api/v1/alerts')).json.items.length, 1, 'the alert itself never waits for mail');
    await sleep(1500);  // the first attempt fails: nothing listens on port 9
    await down.stop({ keep: true });
    const back = await startServer({ dir: down.dir, database: down.database, demo: false,
      args: ['--smtp-url', smtp.url, '--job-poll-seconds', '1'] });
    const deadline = Date.now() + 20000;
    while (smtp.messages.length === before && Date.now() < deadline) await sleep(200);
    const mails = smtp.messages.slice(before).filter((m) => m.to.includes('therapist@demo.example.com'));
    assert.equal(mails.length, 1, 'sent once the mail server answered');
    assert.doesNotMatch(mails[0].data, /Taylor|Brooks|PHQ|item|score/i);
    await back.stop();
  });

  it('scores a GAD-7 entered in session, keeps answers sealed, and refuses unknown instruments', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [3, 3, 3, 3, 3, 0, 0] } });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual([res.json.total, res.json.band], [15, 'severe']);
    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/measures`, { body: { instrument: 'beck' } })).status, 400);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.equal((await ot.request('GET', `/api/v1/clients/${alex.id}/measures`)).status, 404, 'not their client');
    if (ENGINE === 'sqlite') {
      const file = server.database.replace(/^sqlite:/, '');
      const raw = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))).toString('latin1');
      assert.ok(!raw.includes('[3,3,3,3,3,0,0]'), 'answers are not stored in the clear');
    }
  });
});
