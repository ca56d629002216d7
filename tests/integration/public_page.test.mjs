// The practice's public page, in a practice built from nothing and on a fixed clock: off until the owner
// gives it an address; clinicians with the states where each may see clients by video today; services
// with fees; a new client books a first visit under the same rules (licensed state only, in-person blocks),
// creating their record once even when they retry; the spam guard (hidden field, time trap, rate limit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';

// Monday 1 March 2027, 08:00 in Denver.
const START = '2027-03-01T15:00:00Z';
const NOW_MS = Date.parse(START);
const week = { from: '2027-03-02T00:00:00Z', to: '2027-03-06T00:00:00Z' };
const ruleOf = (res) => res.json.type?.split('/rules/')[1];

describe(`the practice's public page (${ENGINE})`, () => {
  let server;
  let practice;
  let desk;
  let noor;
  let intake;
  let followUp;
  const anon = () => new Client(server.url);
  const slots = async (query) => {
    const res = await anon().request('GET', `/api/v1/public/harbor-light/slots?${new URLSearchParams(query)}`);
    if (res.status === 200) res.json = res.json.items;
    return res;
  };
  const person = (given, extra = {}) => ({
    given_name: given, family_name: 'Newcomer', birth_date: '1992-05-06', email: `${given.toLowerCase()}@new.example.com`,
    phone: '(555) 555-0142', state: 'CO', payment: 'self_pay', form_opened_ms: NOW_MS - 60_000, website: '', ...extra,
  });

  before(async () => {
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`] });
    practice = await newPractice(server, { name: 'Harbor Light Therapy', at: NOW_MS });
    const { owner } = practice;
    desk = await practice.invite('front_desk');
    noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    const license = await owner.request('POST', `/api/v1/clinicians/${noor.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-0099',
      issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } });
    assert.equal(license.status, 201, license.text);
    const office = (await owner.request('POST', '/api/v1/locations', { body: { name: 'Harbor office', kind: 'clinic', address: '1 Pier Rd, Denver, CO',
      time_zone: 'America/Denver', state: 'CO' } })).json;
    const blocks = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { weekday, start_time: '09:00', end_time: '12:00', mode: 'telehealth' },
      { weekday, start_time: '13:00', end_time: '17:00', mode: 'in_person', location_id: office.id },
    ]);
    assert.equal((await desk.request('PUT', `/api/v1/clinicians/${noor.id}/availability`, { body: { blocks } })).status, 200);
    intake = (await owner.request('POST', '/api/v1/services', { body: { name: 'First visit (intake)', cpt_code: '90791', duration_minutes: 60,
      modes: ['in_person', 'video'], fees: { in_person: 20000, video: 18000 } } })).json;
    followUp = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy, 53 min', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 16000, video: 14000 } } })).json;
  });
  after(async () => server?.stop());

  it('is off until the owner gives it an address, then shows clinicians, their video states and fees', async () => {
    assert.equal((await anon().request('GET', '/api/v1/public/harbor-light')).status, 404);
    for (const [slug, status] of [['Harbor Light', 400], ['ab', 400], ['-harbor', 400], ['harbor--light', 400]])
      assert.equal((await practice.owner.request('PUT', '/api/v1/public-page', { body: { slug, intake_open: true } })).status, status, slug);
    assert.equal((await desk.request('PUT', '/api/v1/public-page', { body: { slug: 'harbor-light', intake_open: true } })).status, 403);
    const set = await practice.owner.request('PUT', '/api/v1/public-page', { body: { slug: 'harbor-light', intake_open: true } });
    assert.equal(set.status, 200, set.text);
    const other = await newPractice(server, { name: 'Across Town', at: NOW_MS });
    assert.equal((await other.owner.request('PUT', '/api/v1/public-page', { body: { slug: 'harbor-light', intake_open: true } })).status, 409, 'one page per address');

    const page = await anon().request('GET', '/api/v1/public/harbor-light');
    assert.equal(page.status, 200, page.text);
    assert.equal(page.json.practice_name, 'Harbor Light Therapy');
    const n = page.json.clinicians.find((c) => c.id === noor.id);
    assert.deepEqual(n.video_states, ['CO']);
    assert.equal(n.discipline, 'counseling');
    assert.deepEqual(page.json.services.map((s) => [s.name, s.fees.video]).sort(), [['First visit (intake)', 18000], ['Psychotherapy, 53 min', 14000]]);
    assert.ok(!JSON.stringify(page.json).includes('LPC-0099'), 'licence numbers are not published');
    // The page may be embedded in the practice's own website; nothing else may be framed.
    const html = await fetch(`${server.url}/p/harbor-light`);
    assert.match(html.headers.get('content-security-policy'), /frame-ancestors \*/);
    assert.equal(html.headers.get('x-frame-options'), null);
    const app = await fetch(`${server.url}/`);
    assert.match(app.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal(app.headers.get('x-frame-options'), 'DENY');
  });

  it('offers first visits only for services opened to new clients, by video only in a licensed state', async () => {
    const closed = await slots({ service_id: intake.id, mode: 'video', state: 'CO', ...week });
    assert.equal(closed.status, 400, 'not opened to new clients yet');
    const opened = await practice.owner.request('PUT', `/api/v1/services/${intake.id}/client-booking`, { body: { client_bookable: false, new_clients: true } });
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.json.new_clients, true);
    const video = await slots({ service_id: intake.id, mode: 'video', state: 'CO', ...week });
    assert.equal(video.status, 200, video.text);
    assert.ok(video.json.length > 0);
    assert.deepEqual((await slots({ service_id: intake.id, mode: 'video', state: 'NY', ...week })).json, [], 'not licensed in New York');
    const inPerson = (await slots({ service_id: intake.id, mode: 'in_person', state: 'NY', ...week })).json;
    assert.ok(inPerson.length > 0, 'in person the clinic\'s state counts, not where the client lives');
    assert.ok(inPerson.every((s) => s.location_name === 'Harbor office'));
    assert.equal((await slots({ service_id: followUp.id, mode: 'video', state: 'CO', ...week })).status, 400);
  });

  it('books a new client\'s first visit once, under the same rules, and the front desk sees them', async () => {
    const [slot] = (await slots({ service_id: intake.id, mode: 'video', state: 'CO', ...week })).json;
    // Read in Spanish: the new client's e-mails and pages are in Spanish.
    const body = person('Avery', { service_id: intake.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start, language: 'es' });
    const ny = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: { ...body, state: 'NY' } });
    assert.equal(ny.status, 409, 'the same time from New York is not offered');
    const klingon = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: { ...body, language: 'tlh' } });
    assert.equal(klingon.status, 400, klingon.text);
    assert.equal((await desk.request('GET', '/api/v1/clients?q=Avery')).json.items.length, 0, 'no record for a refused request');
    const made = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.start, slot.start);
    assert.equal(made.json.clinician_name, 'Noor Haddad');
    const found = (await desk.request('GET', '/api/v1/clients?q=Avery')).json.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].insurance_status, 'self_pay');
    assert.equal(found[0].language, 'es');
    const visits = (await desk.request('GET', `/api/v1/appointments?from=${week.from}&to=${week.to}&client_id=${found[0].id}`)).json.items;
    assert.equal(visits.length, 1);
    assert.equal(visits[0].client_state, 'CO');
    // The time is gone: a second person gets 409 and no record.
    const late = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: person('Blake', { service_id: intake.id, mode: 'video',
      clinician_id: slot.clinician_id, start: slot.start }) });
    assert.equal(late.status, 409);
    assert.deepEqual((await desk.request('GET', '/api/v1/clients?q=Blake')).json.items, [], 'nothing half-written');
  });

  it('guards against robots without a captcha, and can be closed', async () => {
    const [slot] = (await slots({ service_id: intake.id, mode: 'in_person', state: 'CO', ...week })).json;
    const base = { service_id: intake.id, mode: 'in_person', clinician_id: slot.clinician_id, start: slot.start };
    const honeypot = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: person('Casey', { ...base, website: 'http://spam.example' }) });
    assert.equal(honeypot.status, 400);
    const fast = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: person('Casey', { ...base, form_opened_ms: NOW_MS - 500 }) });
    assert.equal(fast.status, 400, 'a form sent half a second after it opened');
    assert.deepEqual((await desk.request('GET', '/api/v1/clients?q=Casey')).json.items, []);
    const bad = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: person('Casey', { ...base, payment: 'barter' }) });
    assert.equal(bad.status, 400);
    // Three requests an hour from one address (Avery's and the two 409s counted only when a record was made).
    const open = [];
    for (const x of (await slots({ service_id: intake.id, mode: 'in_person', state: 'CO', ...week })).json)
      if (!open.length || Date.parse(x.start) >= Date.parse(open[open.length - 1].start) + 3600_000) open.push(x); // an hour apart
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await anon().request('POST', '/api/v1/public/harbor-light/intake-requests', { body: person(`Drew${i}`, {
        service_id: intake.id, mode: 'in_person', clinician_id: open[i + 1].clinician_id, start: open[i + 1].start, email: `drew${i}@new.example.com` }) });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [201, 201, 429, 429], 'Avery and two more, then the address waits an hour');
    await practice.owner.request('PUT', '/api/v1/public-page', { body: { slug: 'harbor-light', intake_open: false } });
    const shut = await slots({ service_id: intake.id, mode: 'video', state: 'CO', ...week });
    assert.equal(shut.status, 422);
    assert.equal(ruleOf(shut), 'intake_closed');
    assert.equal((await anon().request('GET', '/api/v1/public/harbor-light')).json.intake_open, false);
  });
});
