// A practice that confirms clients' own bookings first, built from nothing on a fixed clock, with real SMTP on
// loopback: off by default (confirmed at once); on, a portal or public-page booking is "requested" with its time
// held; the front desk approves it (booked, the client told) or declines it with a reason (the time freed, the
// client told, with no detail in the e-mail); a request cannot be checked in; withdrawing one is never late.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer, totpAt } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

// Monday 1 March 2027, 08:00 in Denver.
const START = '2027-03-01T15:00:00Z';
const NOW_MS = Date.parse(START);
const week = { from: '2027-03-02T00:00:00Z', to: '2027-03-06T00:00:00Z' };
const tokenOf = (path) => path.split('/').pop();
const ruleOf = (res) => res.json.type?.split('/rules/')[1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe(`booking approval (${ENGINE})`, () => {
  let smtp;
  let server;
  let practice;
  let desk;
  let noor;
  let therapy;
  let j;
  let r;
  const PASSWORD = 'an-approval-password-1';

  const slots = async (c) => (await c.request('GET', `/api/v1/portal/slots?${new URLSearchParams({ service_id: therapy.id, mode: 'video', state: 'CO', ...week })}`)).json.items;
  const book = (c, slot) => c.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start, state: 'CO' } });
  const requested = async () => (await desk.request('GET', `/api/v1/appointments?status=requested&from=${week.from}&to=${week.to}`)).json.items;
  const answers = (address) => smtp.messages.filter((m) => m.to.includes(address) && /Subject: Your visit (is confirmed|request could not be confirmed)/.test(m.data));
  const waitFor = async (address, count) => {
    const deadline = Date.now() + 10000;
    while (answers(address).length < count && Date.now() < deadline) await sleep(50);
    return answers(address);
  };

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`, '--smtp-url', smtp.url, '--mail-from', 'Cedar <no-reply@cedar.example.com>', '--job-poll-seconds', '1'] });
    practice = await newPractice(server, { name: 'Cedar Counseling', at: NOW_MS });
    const { owner } = practice;
    desk = await practice.invite('front_desk');
    noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    assert.equal((await owner.request('POST', `/api/v1/clinicians/${noor.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-0777',
      issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } })).status, 201);
    const blocks = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_time: '09:00', end_time: '17:00', mode: 'telehealth' }));
    assert.equal((await desk.request('PUT', `/api/v1/clinicians/${noor.id}/availability`, { body: { blocks } })).status, 200);
    therapy = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy', cpt_code: '90834', duration_minutes: 45,
      modes: ['video'], fees: { video: 12000 } } })).json;
    assert.equal((await owner.request('PUT', `/api/v1/services/${therapy.id}/client-booking`, { body: { client_bookable: true, new_clients: true } })).status, 200);
    assert.equal((await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 7500 } })).status, 200);
    const portal = async (given) => {
      const email = `${given.toLowerCase()}@approval.example.com`;
      const c = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Asks', birth_date: '1990-05-06', email,
        location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [noor.id] } });
      const inv = await desk.request('POST', `/api/v1/clients/${c.json.id}/portal-invitation`, { body: { email } });
      const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
      assert.equal(acc.status, 200, acc.text);
      const client = new Client(server.url);
      assert.equal((await client.login(email, PASSWORD)).status, 200);
      return client;
    };
    j = await portal('Jordan');
    r = await portal('Riley');
  });
  after(async () => {
    await server?.stop().catch(() => {});
    await smtp?.close();
  });

  it('confirms at once until the owner turns approval on', async () => {
    assert.deepEqual((await desk.request('GET', '/api/v1/portal-settings')).json, { booking_approval: false });
    const [slot] = await slots(j);
    const now = await book(j, slot);
    assert.equal(now.status, 201, now.text);
    assert.equal(now.json.status, 'booked', 'no approval queue by default');
    assert.equal((await desk.request('PUT', '/api/v1/portal-settings', { body: { booking_approval: true } })).status, 403, 'the owner decides');
    const on = await practice.owner.request('PUT', '/api/v1/portal-settings', { body: { booking_approval: true } });
    assert.equal(on.status, 200, on.text);
    assert.equal((await practice.owner.request('PUT', '/api/v1/portal-settings', { body: {} })).status, 400);
  });

  let asked;
  it('holds a requested time, and lists it for the front desk', async () => {
    const open = await slots(j);
    const slot = open[2];
    const res = await book(j, slot);
    assert.equal(res.status, 201, res.text);
    asked = res.json;
    assert.equal(asked.status, 'requested');
    assert.equal(asked.may_cancel, true);
    assert.equal(asked.late_cancel_fee, null, 'withdrawing a request costs nothing');
    assert.ok(!(await slots(r)).some((s) => s.start === slot.start), 'the time is held for the request');
    assert.equal((await book(r, slot)).status, 409);
    assert.deepEqual((await requested()).map((a) => a.id), [asked.id]);
    assert.equal((await desk.request('GET', `/api/v1/appointments?status=maybe&from=${week.from}&to=${week.to}`)).status, 400);
    const checkIn = await desk.request('POST', `/api/v1/appointments/${asked.id}/check-in`, { body: {} });
    assert.equal(checkIn.status, 422);
    assert.equal(ruleOf(checkIn), 'status');
  });

  it('approves a request: booked, and the client is told without detail', async () => {
    const approved = await desk.request('POST', `/api/v1/appointments/${asked.id}/approve`, { body: {} });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.json.status, 'booked');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${asked.id}/approve`, { body: {} })).status, 422, 'once');
    const [mail] = await waitFor('jordan@approval.example.com', 1);
    assert.ok(mail, 'the client was told');
    assert.match(mail.data, /Subject: Your visit is confirmed/);
    assert.ok(!/Noor|Haddad|Psychotherapy|2027/.test(mail.data.split('\r\n\r\n').slice(1).join('')), 'no detail in the e-mail');
    assert.deepEqual(await requested(), []);
    const mine = (await j.request('GET', '/api/v1/portal/me')).json.upcoming.find((v) => v.id === asked.id);
    assert.equal(mine.status, 'booked');
  });

  it('declines a request with a reason: the time is freed and the client is told', async () => {
    const slot = (await slots(r))[4];
    const res = await book(r, slot);
    assert.equal(res.json.status, 'requested');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${res.json.id}/decline`, { body: {} })).status, 400, 'a reason is needed');
    const declined = await desk.request('POST', `/api/v1/appointments/${res.json.id}/decline`, { body: { reason: 'Noor is at a training that day' } });
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.json.status, 'cancelled');
    const [mail] = await waitFor('riley@approval.example.com', 1);
    assert.match(mail.data, /Subject: Your visit request could not be confirmed/);
    assert.ok(!mail.data.includes('training'), 'the reason stays in the record');
    assert.ok((await slots(j)).some((s) => s.start === slot.start), 'the time is free again');
  });

  it('lets the client withdraw a request inside the late window without a fee', async () => {
    const [slot] = await slots(r);
    const res = await book(r, slot);
    assert.equal(res.json.status, 'requested');
    // A day later the visit is less than 24 hours away.
    const clock = await new Client(server.url).request('POST', '/api/v1/test/clock', { body: { set: new Date(Date.parse(slot.start) - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') } });
    assert.equal(clock.status, 200, clock.text);
    const again = new Client(server.url);
    assert.equal((await again.login('riley@approval.example.com', PASSWORD)).status, 200);
    const cancelled = await again.request('POST', `/api/v1/portal/appointments/${res.json.id}/cancel`, { body: {} });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'cancelled', 'never a late cancellation');
    const at = Date.parse(clock.json.now);
    assert.equal((await practice.owner.login(practice.owner.email, practice.password, totpAt(practice.owner.totpSecret, at))).status, 200);
    desk = await practice.invite('front_desk', { at });
  });

  it('holds a new client\'s first visit from the public page as a request too', async () => {
    assert.equal((await practice.owner.request('PUT', '/api/v1/public-page', { body: { slug: 'cedar-counseling', intake_open: true } })).status, 200);
    const now = Date.parse((await new Client(server.url).request('GET', '/api/v1/test/clock')).json.now);
    const from = new Date(now + 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const to = new Date(now + 8 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const open = (await new Client(server.url).request('GET', `/api/v1/public/cedar-counseling/slots?${new URLSearchParams({ service_id: therapy.id, mode: 'video', state: 'CO', from, to })}`)).json.items;
    assert.ok(open.length > 0);
    const made = await new Client(server.url).request('POST', '/api/v1/public/cedar-counseling/intake-requests', { body: {
      given_name: 'Emerson', family_name: 'New', birth_date: '1992-02-02', email: 'emerson@new.example.com', phone: '(555) 555-0166', state: 'CO',
      payment: 'self_pay', service_id: therapy.id, mode: 'video', clinician_id: open[0].clinician_id, start: open[0].start,
      form_opened_ms: now - 60_000, website: '' } });
    assert.equal(made.status, 201, made.text);
    const list = (await desk.request('GET', `/api/v1/appointments?status=requested&from=${from}&to=${to}`)).json.items;
    assert.equal(list.length, 1);
    assert.deepEqual(list[0].client_names, ['Emerson New']);
  });
});
