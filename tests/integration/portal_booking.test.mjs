// A client books, moves and cancels their own visits, in a practice built from nothing and on a fixed
// clock: only services the practice opened to clients; video only where the clinician may practise in the
// state the client will be in; in person only in in-person blocks; a late cancellation's fee shown and
// accepted first; two clients racing for one time get it once; another client's visits are not found.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer, totpAt } from '../lib/server.mjs';

// Monday 1 March 2027, 08:00 in Denver.
const START = '2027-03-01T15:00:00Z';
const tokenOf = (path) => path.split('/').pop();
const ruleOf = (res) => res.json.type?.split('/rules/')[1];
const hourIn = (iso) => new Date(iso).getUTCHours() - 7; // Denver is UTC−7 in early March

describe(`a client books their own visits (${ENGINE})`, () => {
  let server;
  let practice;
  let desk;
  let noor;
  let therapy;
  let intake;
  let jordan;
  let riley;
  let j; // Jordan's portal
  let r; // Riley's portal
  const passwords = { jordan: 'jordan-portal-password', riley: 'riley-portal-password' };

  const signIn = async (email, password) => {
    const c = new Client(server.url);
    const res = await c.login(email, password);
    assert.equal(res.status, 200, res.text);
    return c;
  };
  const setClock = async (body) => {
    const res = await desk.request('POST', '/api/v1/test/clock', { body });
    assert.equal(res.status, 200, res.text);
    // Sessions end after 15 idle minutes: everyone signs in again at the new time.
    j = await signIn('jordan@client.example.com', passwords.jordan);
    r = await signIn('riley@client.example.com', passwords.riley);
    const at = Date.parse(res.json.now);
    const owner = await practice.owner.login(practice.owner.email, practice.password, totpAt(practice.owner.totpSecret, at));
    assert.equal(owner.status, 200, owner.text);
    desk = await practice.invite('front_desk', { at });
  };
  const slots = async (c, query) => {
    const res = await c.request('GET', `/api/v1/portal/slots?${new URLSearchParams(query)}`);
    if (res.status === 200) res.json = res.json.items;
    return res;
  };
  const week = { from: '2027-03-02T00:00:00Z', to: '2027-03-06T00:00:00Z' };

  before(async () => {
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`] });
    practice = await newPractice(server, { name: 'Harbor Light Therapy', at: Date.parse(START) });
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
    const avail = await desk.request('PUT', `/api/v1/clinicians/${noor.id}/availability`, { body: { blocks } });
    assert.equal(avail.status, 200, avail.text);
    therapy = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy, 53 min', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 16000, video: 14000 } } })).json;
    intake = (await owner.request('POST', '/api/v1/services', { body: { name: 'Intake', cpt_code: '90791', duration_minutes: 60,
      modes: ['in_person'], in_person_required: true, fees: { in_person: 20000 } } })).json;
    const fees = await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 7500 } });
    assert.equal(fees.status, 200, fees.text);
    const client = async (given) => {
      const res = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Portal', birth_date: '1991-04-12',
        email: `${given.toLowerCase()}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [noor.id] } });
      assert.equal(res.status, 201, res.text);
      const inv = await desk.request('POST', `/api/v1/clients/${res.json.id}/portal-invitation`, { body: { email: `${given.toLowerCase()}@client.example.com` } });
      assert.equal(inv.status, 201, inv.text);
      const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: passwords[given.toLowerCase()] } });
      assert.equal(acc.status, 200, acc.text);
      return res.json;
    };
    jordan = await client('Jordan');
    riley = await client('Riley');
    j = await signIn('jordan@client.example.com', passwords.jordan);
    r = await signIn('riley@client.example.com', passwords.riley);
  });
  after(async () => server?.stop());

  it('offers only what the practice opened to clients, with the fee for each mode', async () => {
    const closed = await j.request('GET', '/api/v1/portal/booking');
    assert.equal(closed.status, 200, closed.text);
    assert.deepEqual(closed.json.services, [], 'nothing is bookable until the practice says so');
    assert.equal(closed.json.state, 'CO');
    assert.deepEqual(closed.json.clinician_names, ['Noor Haddad']);
    const notYet = await slots(j, { service_id: therapy.id, mode: 'video', ...week });
    assert.equal(notYet.status, 422);
    assert.equal(ruleOf(notYet), 'client_booking');

    assert.equal((await desk.request('PUT', `/api/v1/services/${therapy.id}/client-booking`, { body: { client_bookable: true } })).status, 403, 'the owner decides');
    const open = await practice.owner.request('PUT', `/api/v1/services/${therapy.id}/client-booking`, { body: { client_bookable: true } });
    assert.equal(open.status, 200, open.text);
    assert.equal(open.json.client_bookable, true);
    assert.equal((await practice.owner.request('PUT', '/api/v1/services/no-such-service/client-booking', { body: { client_bookable: true } })).status, 404);

    const options = (await j.request('GET', '/api/v1/portal/booking')).json;
    assert.deepEqual(options.services.map((s) => [s.name, s.modes, s.fee_in_person, s.fee_video]),
      [['Psychotherapy, 53 min', ['in_person', 'video'], 16000, 14000]], 'the intake stays with the practice');
  });

  it('offers video only where the clinician may practise, and in person only in in-person blocks', async () => {
    const video = await slots(j, { service_id: therapy.id, mode: 'video', state: 'CO', ...week });
    assert.equal(video.status, 200, video.text);
    assert.ok(video.json.length > 0);
    for (const s of video.json) {
      assert.equal(s.mode, 'video');
      assert.equal(s.clinician_name, 'Noor Haddad');
      assert.ok(hourIn(s.start) >= 9 && hourIn(s.end) <= 12, `${s.start} is in the telehealth block`);
    }
    const away = await slots(j, { service_id: therapy.id, mode: 'video', state: 'NY', ...week });
    assert.equal(away.status, 200);
    assert.deepEqual(away.json, [], 'not licensed in New York: nothing offered there');
    const inPerson = (await slots(j, { service_id: therapy.id, mode: 'in_person', ...week })).json;
    assert.ok(inPerson.length > 0);
    for (const s of inPerson) {
      assert.ok(hourIn(s.start) >= 13 && hourIn(s.end) <= 17, `${s.start} is in the in-person block`);
      assert.equal(s.location_name, 'Harbor office');
    }
    // Bad questions are 400s.
    for (const [query, field] of [
      [{ service_id: therapy.id, mode: 'teleport', ...week }, 'mode'],
      [{ service_id: therapy.id, mode: 'video', state: 'ZZ', ...week }, 'state'],
      [{ service_id: therapy.id, mode: 'video', from: week.from, to: '2027-05-01T00:00:00Z' }, 'to'],
      [{ service_id: 'nope', mode: 'video', ...week }, 'service_id'],
    ]) {
      const bad = await slots(j, query);
      assert.equal(bad.status, 400, `${field}: ${bad.text}`);
      assert.equal(bad.json.errors?.[0]?.field, field);
    }
  });

  let first;
  it('books a video visit in a state where the clinician is licensed, confirmed at once and audited as the client', async () => {
    const [slot] = (await slots(j, { service_id: therapy.id, mode: 'video', state: 'CO', ...week })).json;
    const refused = await j.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start, state: 'NY' } });
    assert.equal(refused.status, 422, 'the same time from New York breaks the licensure rule');
    assert.equal(ruleOf(refused), 'licensure');
    const booked = await j.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start, state: 'CO' } });
    assert.equal(booked.status, 201, booked.text);
    first = booked.json;
    assert.equal(first.status, 'booked');
    assert.equal(first.mode, 'video');
    assert.equal(first.service_name, 'Psychotherapy, 53 min');
    assert.equal(first.may_cancel, true);
    assert.equal(first.may_reschedule, true);
    assert.equal(first.late_cancel_fee, 7500);
    const home = (await j.request('GET', '/api/v1/portal/me')).json;
    assert.deepEqual(home.upcoming.map((v) => v.id), [first.id]);
    // The staff's calendar has it, with the state the client gave.
    const staffView = await desk.request('GET', `/api/v1/appointments/${first.id}`);
    assert.equal(staffView.json.client_id, jordan.id);
    assert.equal(staffView.json.client_state, 'CO');
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${jordan.id}`)).json.items;
    const made = audit.find((e) => e.action === 'appointment.create' && e.resource_id === first.id);
    assert.equal(made.actor_role, 'client');
    // The time is gone for everyone else.
    const again = (await slots(r, { service_id: therapy.id, mode: 'video', state: 'CO', ...week })).json;
    assert.ok(!again.some((s) => s.start === slot.start));
  });

  it('gives one time to one of two clients racing for it, and keeps the rules a client cannot bend', async () => {
    const open = (await slots(j, { service_id: therapy.id, mode: 'video', state: 'CO', ...week })).json;
    const slot = open[open.length - 1];
    const body = { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start };
    const results = await Promise.all([j, r].map((c) => c.request('POST', '/api/v1/portal/appointments', { body })));
    assert.deepEqual(results.map((x) => x.status).sort(), [201, 409], results.map((x) => x.text).join(' | '));
    const winner = results.find((x) => x.status === 201).json;
    const loser = results[0].status === 201 ? r : j;
    assert.equal((await loser.request('GET', '/api/v1/portal/me')).json.upcoming.some((v) => v.id === winner.id), false);
    // In person at a time in the telehealth block, a service the practice did not open, a time gone by, another clinician's id.
    const telehealthHour = open[0].start;
    const inPerson = await j.request('POST', '/api/v1/portal/appointments', { body: { ...body, mode: 'in_person', start: telehealthHour } });
    assert.equal(inPerson.status, 422);
    assert.equal(ruleOf(inPerson), 'client_block');
    const closed = await j.request('POST', '/api/v1/portal/appointments', { body: { service_id: intake.id, mode: 'in_person', clinician_id: noor.id, start: '2027-03-03T20:00:00Z' } });
    assert.equal(closed.status, 422);
    assert.equal(ruleOf(closed), 'client_booking');
    const past = await j.request('POST', '/api/v1/portal/appointments', { body: { ...body, start: '2027-02-26T16:00:00Z' } });
    assert.equal(past.status, 400);
    const other = await practice.clinician({ given: 'Ari', family: 'Other' });
    const notMine = await j.request('POST', '/api/v1/portal/appointments', { body: { ...body, clinician_id: other.id } });
    assert.equal(notMine.status, 422);
    assert.equal(ruleOf(notMine), 'client_booking');
    const extra = await j.request('POST', '/api/v1/portal/appointments', { body: { ...body, override_reason: 'please' } });
    assert.equal(extra.status, 400, 'a client cannot send an override');
    // A client's account reaches none of the staff's booking routes.
    assert.equal((await j.request('POST', '/api/v1/appointments', { body: { ...body, client_id: jordan.id } })).status, 403);
    assert.equal((await j.request('POST', `/api/v1/appointments/${winner.id}/check-in`, { body: {} })).status, 403);
  });

  it('books in person where the block is, moves a visit, and finds nothing of another client\'s', async () => {
    const [slot] = (await slots(j, { service_id: therapy.id, mode: 'in_person', ...week })).json;
    const booked = await j.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'in_person', clinician_id: slot.clinician_id, start: slot.start } });
    assert.equal(booked.status, 201, booked.text);
    assert.deepEqual(booked.json.location, { name: 'Harbor office', address: '1 Pier Rd, Denver, CO' });

    const later = (await slots(j, { service_id: therapy.id, mode: 'video', state: 'CO', from: '2027-03-04T00:00:00Z', to: '2027-03-06T00:00:00Z' })).json[0];
    for (const [path, body] of [[`/api/v1/portal/appointments/${first.id}/reschedule`, { start: later.start }], [`/api/v1/portal/appointments/${first.id}/cancel`, {}]]) {
      const res = await r.request('POST', path, { body });
      assert.equal(res.status, 404, `Riley cannot touch Jordan's visit: ${path}`);
    }
    assert.equal((await r.request('POST', '/api/v1/portal/appointments/no-such-visit/cancel', { body: {} })).status, 404);
    const moved = await j.request('POST', `/api/v1/portal/appointments/${first.id}/reschedule`, { body: { start: later.start } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.start, later.start);
    assert.equal(moved.json.mode, 'video');
    assert.equal((await desk.request('GET', `/api/v1/appointments/${first.id}`)).json.client_state, 'CO', 'the move keeps the state given');
    const cancelled = await j.request('POST', `/api/v1/portal/appointments/${booked.json.id}/cancel`, { body: {} });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'cancelled', 'days ahead: not late, no fee asked');
    assert.equal(cancelled.json.may_cancel, false);
  });

  it('shows a late cancellation\'s fee and asks for a yes before cancelling late; a late visit is not moved here', async () => {
    const visit = (await j.request('GET', '/api/v1/portal/me')).json.upcoming.find((v) => v.id === first.id);
    // Two hours before the visit.
    await setClock({ set: new Date(Date.parse(visit.start) - 2 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const now = (await j.request('GET', '/api/v1/portal/me')).json.upcoming.find((v) => v.id === first.id);
    assert.equal(now.may_cancel, true);
    assert.equal(now.may_reschedule, false);
    assert.equal(now.late_cancel_fee, 7500);
    assert.ok(Date.parse(now.late_from) <= Date.parse(visit.start) - 2 * 3600_000);
    const move = await j.request('POST', `/api/v1/portal/appointments/${first.id}/reschedule`, { body: { start: '2027-03-05T17:00:00Z' } });
    assert.equal(move.status, 422);
    assert.equal(ruleOf(move), 'reschedule_window');
    const unasked = await j.request('POST', `/api/v1/portal/appointments/${first.id}/cancel`, { body: {} });
    assert.equal(unasked.status, 422);
    assert.equal(ruleOf(unasked), 'late_fee_not_accepted');
    assert.equal((await desk.request('GET', `/api/v1/appointments/${first.id}`)).json.status, 'booked', 'nothing changed');
    const late = await j.request('POST', `/api/v1/portal/appointments/${first.id}/cancel`, { body: { accept_fee: true } });
    assert.equal(late.status, 200, late.text);
    assert.equal(late.json.status, 'late_cancelled');
    const again = await j.request('POST', `/api/v1/portal/appointments/${first.id}/cancel`, { body: { accept_fee: true } });
    assert.equal(again.status, 422, 'once');
    // The practice's fee is owed, as for a cancellation at the desk.
    const ledger = await practice.owner.request('GET', `/api/v1/clients/${jordan.id}/ledger`);
    assert.equal(ledger.status, 200, ledger.text);
    assert.ok(JSON.stringify(ledger.json).includes('7500'), 'the late-cancellation fee is charged');
  });
});
