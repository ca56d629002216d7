// Weekly series across a DST change with "this and following", schedule health, the iCalendar feed
// (parsed by ical.js, an independent parser) and the waitlist, through the real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ICAL from 'ical.js';
import { Client, DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';

describe(`series, schedule health, feed and waitlist (${ENGINE})`, () => {
  let server;
  let owner;
  let desk;
  let reyes; // LCSW in America/Denver: in person 08–12 at the Denver clinic, video 13–17
  let therapy;
  let denver;
  let series;
  const clients = {};
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    reyes = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.family_name === 'Reyes');
    for (const c of (await owner.request('GET', '/api/v1/clients')).json.items) clients[c.given_name] = c;
    therapy = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    denver = (await owner.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Denver clinic');
  });
  after(async () => server?.stop());

  const book = (body) => desk.request('POST', '/api/v1/appointments', {
    body: { clinician_id: reyes.id, service_id: therapy.id, mode: 'in_person', location_id: denver.id, ...body },
  });
  const week = (from, to) => desk.request('GET', `/api/v1/appointments?clinician_id=${reyes.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);

  it('checks a whole series in a dry run and saves nothing', async () => {
    const before = (await week('2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.length;
    const dry = await desk.request('POST', '/api/v1/appointments?dry_run=true', {
      body: { clinician_id: reyes.id, service_id: therapy.id, mode: 'in_person', location_id: denver.id, client_id: clients.Morgan.id,
        start: '2027-03-02T09:00:00-07:00', recurrence: { every_weeks: 1, count: 4 } } });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.json.dry_run, true);
    assert.equal(dry.json.occurrences.length, 4);
    assert.ok(dry.json.occurrences.every((a) => a.id === null && a.series_id === null && a.dry_run));
    assert.equal((await week('2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.length, before, 'nothing was booked');
  });

  it('books a weekly series that stays at 09:00 in Denver across the DST change', async () => {
    const res = await book({ client_id: clients.Morgan.id, start: '2027-03-02T09:00:00-07:00', recurrence: { every_weeks: 1, count: 4 } });
    assert.equal(res.status, 201, res.text);
    series = res.json.occurrences;
    assert.deepEqual(series.map((a) => a.start), ['2027-03-02T09:00:00-07:00', '2027-03-09T09:00:00-07:00',
      '2027-03-16T09:00:00-06:00', '2027-03-23T09:00:00-06:00']);
    assert.ok(series.every((a) => a.series_id === res.json.series_id && a.series_id));
  });

  it('books a series all or none, naming the date that cannot be booked', async () => {
    const before = (await week('2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.length;
    const res = await book({ client_id: clients.Quinn.id, start: '2027-02-23T09:00:00-07:00', recurrence: { every_weeks: 1, until: '2027-03-09' } });
    assert.equal(res.status, 409, res.text);
    assert.match(res.json.detail, /2027-03-02/);
    assert.equal((await week('2027-02-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.length, before, 'nothing was booked');
    const bad = await book({ client_id: clients.Quinn.id, start: '2027-02-23T09:00:00-07:00', recurrence: { every_weeks: 0 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['recurrence.count', 'recurrence.every_weeks']);
  });

  it('moves this and the following visits of a series, keeping local time', async () => {
    const second = series[1];
    const res = await desk.request('PATCH', `/api/v1/appointments/${second.id}`, {
      body: { start: '2027-03-09T10:00:00-07:00', scope: 'following', version: second.version },
    });
    assert.equal(res.status, 200, res.text);
    const after = (await week('2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.filter((a) => a.series_id === second.series_id);
    assert.deepEqual(after.map((a) => a.start), ['2027-03-02T09:00:00-07:00', '2027-03-09T10:00:00-07:00',
      '2027-03-16T10:00:00-06:00', '2027-03-23T10:00:00-06:00']);
  });

  it('cancels this and the following visits of a series', async () => {
    const third = series[2];
    const res = await desk.request('POST', `/api/v1/appointments/${third.id}/cancel`, { body: { reason: 'client moving away', scope: 'following' } });
    assert.equal(res.status, 200, res.text);
    const after = (await week('2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).json.items.filter((a) => a.series_id === third.series_id);
    assert.deepEqual(after.map((a) => a.status), ['booked', 'booked', 'cancelled', 'cancelled']);
  });

  it('reports schedule health by week to the clinician, a supervisor and the owner only', async () => {
    // A video visit in an in-person block (sprinkle + block conversion) and one after hours.
    const sprinkle = await book({ client_id: clients.Morgan.id, mode: 'video', location_id: undefined, start: '2027-03-03T11:00:00-07:00' });
    assert.equal(sprinkle.status, 201, sprinkle.text);
    assert.deepEqual(sprinkle.json.warnings.map((w) => w.code).sort(), ['block_conversion', 'sprinkle']);
    const late = await book({ client_id: clients.Morgan.id, mode: 'video', location_id: undefined, start: '2027-03-04T18:00:00-07:00', override_reason: 'only time after work' });
    assert.equal(late.status, 201, late.text);
    const supervisor = await signedIn(server.url, DEMO.supervisor);
    const res = await supervisor.request('GET', `/api/v1/clinicians/${reyes.id}/schedule-health?from=2027-03-01&to=2027-03-28`);
    assert.equal(res.status, 200, res.text);
    const weeks = res.json.items;
    assert.deepEqual(weeks.map((w) => w.week_start), ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22']);
    assert.deepEqual(weeks[0].hours, { in_person: 50 / 60, video: 100 / 60, audio: 0 });
    assert.equal(weeks[0].sprinkles, 1);
    assert.equal(weeks[0].block_conversions, 1);
    assert.equal(weeks[0].after_hours, 1);
    assert.equal(weeks[1].reschedules, 1);
    assert.equal(weeks[2].cancellations + weeks[2].late_cancellations, 1);
    assert.equal(weeks[2].visits, 0);
    assert.equal((await desk.request('GET', `/api/v1/clinicians/${reyes.id}/schedule-health`)).status, 403);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const therapist = await signedIn(server.url, DEMO.clinician);
    assert.equal((await therapist.request('GET', `/api/v1/clinicians/${reyes.id}/schedule-health`)).status, 403, 'not someone else\u2019s');
    const own = await therapist.request('GET', `/api/v1/clinicians/${rowan.id}/schedule-health`);
    assert.equal(own.status, 200);
    assert.equal(own.json.items.length, 12, 'the last 12 weeks by default');
    assert.equal((await owner.request('GET', `/api/v1/clinicians/${reyes.id}/schedule-health?from=2027-03-01&to=soon`)).status, 400);
  });

  it('serves an iCalendar feed with initials only, behind a revocable token', async () => {
    const created = await desk.request('POST', `/api/v1/clinicians/${reyes.id}/calendar-feed`);
    assert.equal(created.status, 201, created.text);
    const anon = new Client(server.url);
    const feed = await anon.request('GET', created.json.path);
    assert.equal(feed.status, 200, feed.text);
    assert.match(feed.headers.get('content-type'), /^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const march = events.filter((e) => e.startDate.toJSDate() >= new Date('2027-03-01') && e.startDate.toJSDate() < new Date('2027-04-01'));
    assert.equal(march.length, 6);
    const first = march.find((e) => e.startDate.toJSDate().toISOString() === '2027-03-02T16:00:00.000Z');
    assert.equal(first.summary, 'M.L. · in person');
    assert.equal(first.endDate.toJSDate().toISOString(), '2027-03-02T16:50:00.000Z');
    assert.equal(first.location, 'Denver clinic');
    // UIDs are random hex, so codes are matched as whole words only.
    assert.doesNotMatch(feed.text, /Morgan Lee|Psychotherapy|\b90834\b|Bipolar|\bF31(\.\d+)?\b|Okafor/i);
    assert.equal((await desk.request('GET', `/api/v1/clinicians/${reyes.id}/calendar-feed`)).json.active, true);
    // A new link retires the old one; revoking retires every link; a wrong token is refused alike.
    const rotated = await desk.request('POST', `/api/v1/clinicians/${reyes.id}/calendar-feed`);
    assert.equal((await anon.request('GET', created.json.path)).status, 404);
    assert.equal((await anon.request('GET', rotated.json.path)).status, 200);
    assert.equal((await anon.request('GET', rotated.json.path.replace(/token=.*/, 'token=' + 'x'.repeat(43)))).status, 404);
    assert.equal((await desk.request('DELETE', `/api/v1/clinicians/${reyes.id}/calendar-feed`)).status, 204);
    assert.equal((await anon.request('GET', rotated.json.path)).status, 404);
    const therapist = await signedIn(server.url, DEMO.clinician);
    assert.equal((await therapist.request('POST', `/api/v1/clinicians/${reyes.id}/calendar-feed`)).status, 403);
  });

  it('needs licensure where the clinic is for in-person visits', async () => {
    const ellis = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.family_name === 'Ellis'); // OT, AZ and UT
    const ot = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '97530');
    const res = await desk.request('POST', '/api/v1/appointments', {
      body: { clinician_id: ellis.id, service_id: ot.id, client_id: clients.Emery.id, mode: 'in_person', location_id: denver.id,
        start: '2027-03-02T10:00:00-07:00', override_reason: 'covering in Denver' },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.json.type, /\/rules\/licensure$/);
    assert.match(res.json.detail, /^In person in CO: /);
    const phoenix = (await owner.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Phoenix clinic');
    assert.equal(phoenix.state, 'AZ');
    const ok = await desk.request('POST', '/api/v1/appointments', {
      body: { clinician_id: ellis.id, service_id: ot.id, client_id: clients.Emery.id, mode: 'in_person', location_id: phoenix.id,
        start: '2027-03-02T10:00:00-07:00' },
    });
    assert.equal(ok.status, 201, ok.text);
    const badState = await owner.request('POST', '/api/v1/locations', { body: { name: 'X', time_zone: 'America/Denver', state: 'XX' } });
    assert.equal(badState.status, 400);
  });

  it('shows the front desk who on the waitlist a freed time suits, and books from it', async () => {
    const add = await desk.request('POST', '/api/v1/waitlist', {
      body: { client_id: clients.Quinn.id, service_id: therapy.id, mode: 'in_person', clinician_id: reyes.id, times_of_day: ['morning'], weekdays: [2], note: 'prefers Tuesdays' },
    });
    assert.equal(add.status, 201, add.text);
    const evening = await desk.request('POST', '/api/v1/waitlist', { body: { client_id: clients.Sam.id, service_id: therapy.id, times_of_day: ['evening'] } });
    assert.equal(evening.status, 201);
    const bad = await desk.request('POST', '/api/v1/waitlist', { body: { client_id: clients.Sam.id, service_id: therapy.id, weekdays: [9], times_of_day: ['noonish'] } });
    assert.equal(bad.status, 400);
    const cancelled = series[2]; // Tuesday 10:00 Denver, cancelled above
    const matches = await desk.request('GET', `/api/v1/waitlist?appointment_id=${cancelled.id}`);
    assert.equal(matches.status, 200, matches.text);
    assert.deepEqual(matches.json.items.map((e) => e.client_name), ['Quinn Harper']);
    const booked = await book({ client_id: clients.Quinn.id, start: '2027-03-16T10:00:00-06:00', waitlist_entry_id: add.json.id });
    assert.equal(booked.status, 201, booked.text);
    const left = (await desk.request('GET', '/api/v1/waitlist')).json.items;
    assert.deepEqual(left.map((e) => e.client_id), [clients.Sam.id]);
    assert.equal((await desk.request('DELETE', `/api/v1/waitlist/${evening.json.id}`)).status, 204);
    assert.equal((await desk.request('DELETE', `/api/v1/waitlist/${evening.json.id}`)).status, 404);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', '/api/v1/waitlist')).status, 403);
  });
});
