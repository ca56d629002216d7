// Booking through the real server: the rules, their problem types, and no double booking under load.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, newPractice, signedIn, startServer } from '../lib/server.mjs';

// A Tuesday two to three weeks ahead (so that nothing here is late or in the past, whatever day the
// tests run); Rowan Stone works in America/New_York, whose offset that day comes from the zone data.
const DAY = (() => {
  const d = new Date(Date.now() + 14 * 86400000);
  d.setUTCDate(d.getUTCDate() + ((2 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
})();
const OFFSET = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' })
  .formatToParts(new Date(`${DAY}T17:00:00Z`)).find((p) => p.type === 'timeZoneName').value.replace('GMT', '');
const at = (hhmm) => `${DAY}T${hhmm}:00${OFFSET}`;
const NEXT_DAY = new Date(Date.parse(`${DAY}T12:00:00Z`) + 86400000).toISOString().slice(0, 10);

describe(`scheduling (${ENGINE})`, () => {
  let server;
  let owner;
  let desk;
  let rowan;
  let followup;
  let intake;
  let clinic;
  const clients = {};
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    for (const c of (await owner.request('GET', '/api/v1/clients')).json.items) clients[c.given_name] = c;
    clinic = (await owner.request('POST', '/api/v1/locations', { body: { name: 'Columbus clinic', kind: 'clinic', address: '1 Synthetic Ave', time_zone: 'America/New_York' } })).json;
    followup = (await owner.request('POST', '/api/v1/services', {
      body: { name: 'Psychotherapy, 45 min', cpt_code: '90834', duration_minutes: 50, modes: ['in_person', 'video', 'audio'],
        fees: { in_person: 15000, video: 12500, audio: 12500 } },
    })).json;
    intake = (await owner.request('POST', '/api/v1/services', {
      body: { name: 'Intake', cpt_code: '90791', duration_minutes: 60, modes: ['in_person'], in_person_required: true, fees: { in_person: 20000 } },
    })).json;
    const put = await desk.request('PUT', `/api/v1/clinicians/${rowan.id}/availability`, {
      body: { blocks: [
        { weekday: 2, start_time: '08:00', end_time: '12:00', mode: 'in_person', location_id: clinic.id },
        { weekday: 2, start_time: '13:00', end_time: '17:00', mode: 'telehealth' },
      ] },
    });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => server?.stop());

  const book = (body, c = desk) => c.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, service_id: followup.id, ...body } });

  it('validates services, availability and booking bodies', async () => {
    const svc = await owner.request('POST', '/api/v1/services', { body: { name: 'X', duration_minutes: 50, modes: ['video', 'smoke-signal'] } });
    assert.equal(svc.status, 400);
    const svc2 = await owner.request('POST', '/api/v1/services', { body: { name: 'X', duration_minutes: 50, modes: ['video'] } });
    assert.equal(svc2.status, 400);
    assert.deepEqual(svc2.json.errors.map((e) => e.field), ['fees.video']);
    const overlap = await desk.request('PUT', `/api/v1/clinicians/${rowan.id}/availability`, {
      body: { blocks: [{ weekday: 1, start_time: '09:00', end_time: '12:00', mode: 'telehealth' }, { weekday: 1, start_time: '11:00', end_time: '13:00', mode: 'telehealth' }] },
    });
    assert.equal(overlap.status, 400);
    const badTime = await book({ client_id: clients.Alex.id, mode: 'video', start: 'next tuesday' });
    assert.equal(badTime.status, 400);
    assert.deepEqual(badTime.json.errors.map((e) => e.field), ['start']);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await book({ client_id: clients.Alex.id, mode: 'video', start: at('13:00') }, biller)).status, 403);
  });

  it('books a video visit in a telehealth block, with the time in the clinician\u2019s zone', async () => {
    const res = await book({ client_id: clients.Alex.id, mode: 'video', start: at('13:00') });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.start, at('13:00'));
    assert.equal(res.json.end, at('13:50'));
    assert.deepEqual(res.json.warnings, []);
    const list = await desk.request('GET', `/api/v1/appointments?clinician_id=${rowan.id}&from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent(at('23:59'))}`);
    assert.ok(list.json.items.some((a) => a.id === res.json.id));
  });

  it('refuses telehealth where the clinician is not licensed, naming the rule and the fix', async () => {
    const res = await book({ client_id: clients.Casey.id, mode: 'video', start: at('14:00') });
    assert.equal(res.status, 422);
    assert.match(res.json.type, /\/rules\/licensure$/);
    assert.equal(res.json.overridable, false, 'licensure gives way to no reason');
    assert.match(res.json.detail, /Telehealth to TX: No Texas license or compact privilege\..*Book in person/);
    const inPerson = await book({ client_id: clients.Casey.id, mode: 'in_person', start: at('10:00'), location_id: clinic.id });
    assert.equal(inPerson.status, 201, 'in person in Ohio is fine for a Texas resident who comes in');
  });

  it('keeps in-person-required services in person and working hours a wall', async () => {
    const res = await book({ client_id: clients.Taylor.id, mode: 'video', start: at('15:00'), service_id: intake.id });
    assert.match(res.json.type, /\/rules\/in_person_required$/);
    const late = await book({ client_id: clients.Taylor.id, mode: 'video', start: at('18:00') });
    assert.equal(late.status, 422);
    assert.match(late.json.type, /\/rules\/working_hours$/);
    assert.equal(late.json.overridable, true, 'the server says a reason lets it through');
    const ok = await book({ client_id: clients.Taylor.id, mode: 'video', start: at('18:00'), override_reason: 'Evening visit agreed with the client' });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.json.warnings.map((w) => w.code), ['after_hours']);
  });

  it('warns about a sprinkle and records the first block conversion', async () => {
    const first = await book({ client_id: clients.Jamie.id, mode: 'video', start: at('08:00') });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.json.warnings.map((w) => w.code), ['sprinkle', 'block_conversion']);
    assert.equal(first.json.block_conversion, true);
    const second = await book({ client_id: clients.Morgan.id, mode: 'video', start: at('09:00') });
    assert.deepEqual(second.json.warnings.map((w) => w.code), ['sprinkle']);
  });

  it('books one slot once when a hundred requests race for it', async () => {
    const attempts = await Promise.all(Array.from({ length: 100 }, () => book({ client_id: clients.Alex.id, mode: 'video', start: at('15:00') })));
    const statuses = attempts.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 99);
    const day = await desk.request('GET', `/api/v1/appointments?clinician_id=${rowan.id}&from=${encodeURIComponent(at('15:00'))}&to=${encodeURIComponent(at('15:50'))}`);
    assert.equal(day.json.items.length, 1);
  });

  it('books a client once when two clinicians race for the same hour', async () => {
    const avery = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Avery');
    const attempts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2
      ? book({ client_id: clients.Morgan.id, mode: 'video', start: `${NEXT_DAY}T10:00:00${OFFSET}`, override_reason: 'a race test visit' })
      : desk.request('POST', '/api/v1/appointments', { body: { clinician_id: avery.id, client_id: clients.Morgan.id, service_id: followup.id,
        mode: 'in_person', location_id: clinic.id, start: `${NEXT_DAY}T10:00:00${OFFSET}`, override_reason: 'a race test visit' } }))));
    const statuses = attempts.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
    // The other clinician's requests lost on the client (each clinician was free): the race was over the client.
    const winner = attempts.find((r) => r.status === 201).json.clinician_id;
    const others = attempts.filter((r, i) => (i % 2 ? rowan.id : avery.id) !== winner);
    assert.equal(others.length, 10);
    for (const r of others) assert.match(r.json.detail, /client already has a visit/);
  });

  it('does not let a client be in two visits at once', async () => {
    const avery = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Avery');
    const res = await desk.request('POST', '/api/v1/appointments', {
      body: { clinician_id: avery.id, client_id: clients.Alex.id, service_id: followup.id, mode: 'in_person', start: at('13:30'), override_reason: 'test' },
    });
    assert.equal(res.status, 409);
    assert.match(res.json.detail, /client already has a visit/);
  });

  it('keeps a visit\u2019s practice and service for as long as the visit: a row naming neither is refused, and neither is deleted', async () => {
    // PostgreSQL checks these two without a row lock (migration 0063: every booking of a practice shared those
    // locks); SQLite keeps its foreign keys. Either way the database refuses what the keys refused.
    const sql = (text) => (ENGINE === 'postgres'
      ? execFileSync('psql', [server.database, '-Atq', '-v', 'ON_ERROR_STOP=1', '-c', text], { stdio: ['ignore', 'pipe', 'pipe'] })
      : execFileSync('sqlite3', [server.database.slice('sqlite:'.length), `PRAGMA foreign_keys=ON; ${text}`], { stdio: ['ignore', 'pipe', 'pipe'] })).toString().trim();
    const refused = (text, why) => assert.throws(() => sql(text), (e) => /foreign key|FOREIGN KEY|never deleted|names no/.test(String(e.stderr)), why);
    const visit = sql(`SELECT id FROM appointments WHERE service_id = '${followup.id}' LIMIT 1`);
    assert.ok(visit, 'a visit of the service exists');
    const copy = (column, value) => `INSERT INTO appointments (id, practice_id, clinician_id, service_id, mode, start_at, end_at, time_zone, status, created_at, updated_at)
      SELECT 'copy-${column}', ${column === 'practice_id' ? `'${value}'` : 'practice_id'}, clinician_id, ${column === 'service_id' ? `'${value}'` : 'service_id'},
        mode, start_at, end_at, time_zone, 'cancelled', created_at, updated_at FROM appointments WHERE id = '${visit}'`;
    refused(copy('service_id', 'no-such-service'), 'a visit naming no service');
    refused(copy('practice_id', 'no-such-practice'), 'a visit naming no practice');
    refused(`INSERT INTO appointment_events (id, practice_id, appointment_id, at, status_to) VALUES ('copy-event', 'no-such-practice', '${visit}', 1, 'booked')`, 'an event naming no practice');
    refused(`DELETE FROM services WHERE id = '${followup.id}'`, 'a service with visits');
    refused(`DELETE FROM practices WHERE id = (SELECT practice_id FROM appointments WHERE id = '${visit}')`, 'a practice');
    assert.equal(sql(`SELECT count(*) FROM appointments WHERE id LIKE 'copy-%'`), '0');
    assert.equal(sql(`SELECT count(*) FROM services WHERE id = '${followup.id}'`), '1');
  });

  it("keeps another practice's clinicians, clients and services out of a booking, and answers policy first", async () => {
    const other = await newPractice(server, { name: 'Elsewhere Practice' });
    const theirs = await other.clinician({ given: 'Other', family: 'Clinician', state: 'OH', zone: 'America/New_York' });
    const theirClient = await other.owner.request('POST', '/api/v1/clients', { body: { given_name: 'Other', family_name: 'Client',
      birth_date: '1990-01-01', email: 'other.client@client.example.com', location_state: 'OH', time_zone: 'America/New_York' } });
    assert.equal(theirClient.status, 201, theirClient.text);
    const theirService = await other.owner.request('POST', '/api/v1/services', { body: { name: 'Theirs', cpt_code: '90834',
      duration_minutes: 50, modes: ['video'], fees: { video: 10000 } } });
    assert.equal(theirService.status, 201, theirService.text);
    const day = () => desk.request('GET', `/api/v1/appointments?from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent(at('23:59'))}`);
    const before = (await day()).json.items.length;
    const visit = { client_id: clients.Morgan.id, mode: 'video', start: at('15:00') };
    const clinician = await book({ ...visit, clinician_id: theirs.id });
    assert.equal(clinician.status, 404, clinician.text);
    const client = await book({ ...visit, client_id: theirClient.json.id });
    assert.equal(client.status, 400, client.text);
    assert.deepEqual(client.json.errors.map((e) => e.field), ['client_id']);
    const service = await book({ ...visit, service_id: theirService.json.id });
    assert.equal(service.status, 400, service.text);
    assert.deepEqual(service.json.errors.map((e) => e.field), ['service_id']);
    // Their own practice books none of ours either.
    const back = await other.owner.request('POST', '/api/v1/appointments', { body: { clinician_id: theirs.id,
      client_id: clients.Morgan.id, service_id: theirService.json.id, mode: 'video', start: at('15:00') } });
    assert.equal(back.status, 400, back.text);
    // A clinician who may not change Rowan's schedule hears 403 first, not whether the client exists.
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    const denied = await book({ ...visit, client_id: theirClient.json.id }, ot);
    assert.equal(denied.status, 403, denied.text);
    assert.equal((await day()).json.items.length, before, 'nothing was booked');
  });

  it('reschedules with the same rules, and keeps who cancelled and why', async () => {
    const booked = await book({ client_id: clients.Alex.id, mode: 'video', start: at('16:00') });
    assert.equal(booked.status, 201, booked.text);
    const id = booked.json.id;
    const moveLate = await desk.request('PATCH', `/api/v1/appointments/${id}`, { body: { start: at('19:00'), version: booked.json.version } });
    assert.equal(moveLate.status, 422);
    assert.match(moveLate.json.type, /working_hours$/);
    const clash = await desk.request('PATCH', `/api/v1/appointments/${id}`, { body: { start: at('13:00') } });
    assert.equal(clash.status, 409, 'Alex and Rowan already hold 13:00');
    const moved = await desk.request('PATCH', `/api/v1/appointments/${id}`, { body: { start: at('16:10'), version: booked.json.version } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.json.start, at('16:10'));
    // The client is busy at the new time (a client's busy times move with the visit).
    const avery = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Avery');
    const tryAlex = (start) => desk.request('POST', '/api/v1/appointments?dry_run=true', {
      body: { clinician_id: avery.id, client_id: clients.Alex.id, service_id: followup.id, mode: 'in_person', start, override_reason: 'test' },
    });
    const atNew = await tryAlex(at('16:55')); // overlaps 16:10–17:00, not the old 16:00–16:50
    assert.equal(atNew.status, 409, atNew.text);
    assert.match(atNew.json.detail, /client already has a visit/);
    const stale = await desk.request('PATCH', `/api/v1/appointments/${id}`, { body: { start: at('16:00'), version: booked.json.version } });
    assert.equal(stale.status, 409);
    assert.equal((await desk.request('POST', `/api/v1/appointments/${id}/cancel`, { body: {} })).status, 400, 'a reason is required');
    const noShowEarly = await desk.request('POST', `/api/v1/appointments/${id}/no-show`);
    assert.equal(noShowEarly.status, 422);
    const cancelled = await desk.request('POST', `/api/v1/appointments/${id}/cancel`, { body: { reason: 'Client asked to move to January' } });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.json.status, 'cancelled');
    const again = await book({ client_id: clients.Sam.id, mode: 'video', start: at('16:10'), override_reason: 'x' });
    assert.equal(again.status, 422, 'the freed time is open again for licensure-covered clients only');
    const rebook = await book({ client_id: clients.Taylor.id, mode: 'video', start: at('16:10') });
    assert.equal(rebook.status, 201, 'a cancelled visit frees its time');
  });

  it('finds open slots that every rule allows, block-keeping ones first', async () => {
    const q = (client, mode) => `/api/v1/slots?service_id=${followup.id}&client_id=${client.id}&mode=${mode}` +
      `&from=${encodeURIComponent(at('00:00'))}&to=${encodeURIComponent(`${NEXT_DAY}T00:00:00${OFFSET}`)}&clinician_id=${rowan.id}`;
    const video = await desk.request('GET', q(clients.Harper, 'video'));
    assert.equal(video.status, 200, video.text);
    assert.deepEqual(video.json.items, [], 'Rowan is not licensed in New York');
    const forTaylor = (await desk.request('GET', q(clients.Taylor, 'video'))).json.items;
    assert.ok(forTaylor.length > 0);
    assert.equal(forTaylor[0].keeps_block, true);
    const taken = ['13:00', '15:00', '16:10'].map(at);
    for (const s of forTaylor.filter((x) => x.keeps_block)) {
      assert.ok(s.start >= at('13:00') && s.end <= at('17:00'), `${s.start} is in the telehealth block`);
      assert.ok(!taken.includes(s.start), `${s.start} is free`);
    }
    const booked = await book({ client_id: clients.Taylor.id, mode: 'video', start: forTaylor[0].start });
    assert.equal(booked.status, 201, `a slot the search offered can be booked: ${booked.text}`);
    assert.equal((await desk.request('GET', '/api/v1/slots?mode=video')).status, 400);
  });
});
