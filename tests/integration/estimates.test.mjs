// Good Faith Estimates: an uninsured client's bookings make an estimate due (1 business day when the
// visit is 3+ business days away, 3 when 10+), the front desk sees it owed and then overdue, issues it
// (drafted from the bookings and the practice's fees), prints it with every notice; a request makes one
// due in 3 business days; a new estimate replaces the old; bad input is refused and nothing leaks to
// another practice. The server runs on a fixed clock (Monday 2026-12-07, 10:00 in New York).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, newPractice, signedIn, startServer } from '../lib/server.mjs';

describe(`good faith estimates (${ENGINE})`, () => {
  let server;
  let desk;
  let owner;
  let robin;
  let insured;
  let rowan;
  let service;
  const signIn = async () => {
    desk = await signedIn(server.url, DEMO.front_desk);
    owner = await signedIn(server.url, DEMO.owner);
  };
  before(async () => {
    server = await startServer({ args: ['--clock', 'fixed:2026-12-07T15:00:00Z'] });
    await signIn();
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const alex = await demoClient(owner, 'Alex');
    const make = async (given, insurance_status) => {
      const r = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Estimate', birth_date: '1990-03-04',
        email: `${given.toLowerCase()}.estimate@client.example.com`, location_state: alex.location_state, time_zone: alex.time_zone,
        clinician_ids: [rowan.id], insurance_status, diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }] } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.insurance_status, insurance_status);
      return r.json;
    };
    robin = await make('Robin', 'uninsured');
    insured = await make('Ines', 'insurance');
    for (const [client, start] of [[robin, '2026-12-10T17:00:00Z'], [robin, '2026-12-21T17:00:00Z'], [insured, '2026-12-10T18:00:00Z']]) {
      const b = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.id, service_id: service.id,
        mode: 'video', start, override_reason: 'estimate test at any hour' } });
      assert.equal(b.status, 201, b.text);
    }
  });
  after(async () => server?.stop());

  const owed = async (due) => {
    const r = await desk.request('GET', `/api/v1/good-faith-estimates?due=${due}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.estimates, []);
    return r.json.due;
  };

  it('owes an estimate for the uninsured client\'s bookings, due 1 business day after booking (visit 3 business days away)', async () => {
    const due = await owed('pending');
    const mine = due.filter((d) => d.client_id === robin.id);
    assert.equal(mine.length, 1, JSON.stringify(due));
    assert.equal(mine[0].due_on, '2026-12-08');
    assert.equal(mine[0].first_visit, '2026-12-10');
    assert.equal(mine[0].trigger, 'scheduled');
    assert.equal(mine[0].overdue, false);
    assert.equal(mine[0].client_name, 'Robin Estimate');
    assert.ok(!due.some((d) => d.client_id === insured.id), 'a client billing insurance is owed none');
    assert.deepEqual(await owed('overdue'), []);
  });

  it('shows it overdue once the due day has passed', async () => {
    const set = await desk.request('POST', '/api/v1/test/clock', { body: { set: '2026-12-09T15:00:00Z' } });
    assert.equal(set.status, 200, set.text);
    await signIn();
    const due = await owed('overdue');
    assert.deepEqual(due.map((d) => d.client_id), [robin.id]);
  });

  let first;
  it('drafts the estimate from the bookings and the practice\'s fees, then issues it', async () => {
    const draft = await desk.request('POST', '/api/v1/good-faith-estimates?dry_run=true', { body: { client_id: robin.id } });
    assert.equal(draft.status, 200, draft.text);
    assert.equal(draft.json.number, '');
    assert.equal(draft.json.items.length, 1);
    const item = draft.json.items[0];
    assert.equal(item.quantity, 2);
    assert.equal(item.cpt_code, '90834');
    assert.equal(item.unit_fee, service.fees.video);
    assert.equal(item.total, 2 * service.fees.video);
    assert.match(item.provider_name, /Rowan/);
    assert.match(item.npi, /^\d{10}$/);
    assert.equal(draft.json.period_from, '2026-12-09');
    assert.equal(draft.json.period_to, '2027-12-08');
    assert.deepEqual(draft.json.diagnoses, [], 'the front desk does not see diagnoses');
    assert.equal(draft.json.diagnoses_withheld, true);
    const billerView = await owner.request('POST', '/api/v1/good-faith-estimates?dry_run=true', { body: { client_id: robin.id } });
    assert.deepEqual(billerView.json.diagnoses, ['F41.1 Generalized anxiety disorder']);
    assert.equal(draft.json.notices.length, 7);
    assert.match(draft.json.locations[0], new RegExp(`By video to the client in ${robin.location_state}`));
    assert.deepEqual(await owed('overdue').then((d) => d.map((x) => x.client_id)), [robin.id], 'a dry run saves nothing');

    const issued = await desk.request('POST', '/api/v1/good-faith-estimates', { body: { client_id: robin.id } });
    assert.equal(issued.status, 201, issued.text);
    first = issued.json;
    assert.match(first.number, /^GFE-\d{6}$/);
    assert.equal(first.status, 'issued');
    assert.equal(first.keep_until, '2032-12-09', 'kept six years');
    assert.deepEqual(await owed('pending'), [], 'nothing is owed any more');
  });

  it('prints it with the provider\'s NPI and TIN, the codes, the charges and every required notice', async () => {
    const res = await fetch(`${server.url}/api/v1/good-faith-estimates/${first.id}/pdf`, { headers: { Cookie: desk.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString().replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`Good Faith Estimate ${first.number}`));
    assert.match(text, /Robin Estimate · date of birth 1990-03-04/);
    assert.match(text, /NPI \d{10} · TIN/);
    assert.match(text, /CPT 90834/);
    assert.match(text, /F41\.1/);
    assert.match(text, /dispute/);
    assert.match(text, /120 calendar days/);
    assert.match(text, /will not affect the quality of care/);
  });

  it('owes one 3 business days after a request, and a new estimate replaces the old one', async () => {
    const later = await desk.request('POST', '/api/v1/test/clock', { body: { advance_seconds: 60 } });
    assert.equal(later.status, 200);
    const asked = await desk.request('POST', '/api/v1/good-faith-estimates/requests', { body: { client_id: robin.id } });
    assert.equal(asked.status, 201, asked.text);
    const due = await owed('pending');
    assert.deepEqual(due.map((d) => [d.client_id, d.trigger, d.due_on]), [[robin.id, 'requested', '2026-12-14']]);
    const again = await desk.request('POST', '/api/v1/good-faith-estimates', { body: { client_id: robin.id, trigger: 'requested', months: 6,
      items: [{ clinician_id: rowan.id, service_id: service.id, mode: 'video', quantity: 20, unit_fee: 12000 }],
      separately_scheduled: 'A psychiatric evaluation if one is recommended.' } });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.json.supersedes, first.id);
    assert.equal(again.json.total, 20 * 12000);
    assert.equal(again.json.period_to, '2027-06-08');
    assert.deepEqual(await owed('pending'), []);
    const old = await desk.request('GET', `/api/v1/good-faith-estimates/${first.id}`);
    assert.equal(old.json.status, 'superseded');
    const list = await desk.request('GET', `/api/v1/good-faith-estimates?client_id=${robin.id}`);
    assert.deepEqual(list.json.estimates.map((e) => e.status), ['issued', 'superseded']);
    assert.deepEqual(list.json.estimates[0].variances.map((v) => [v.estimated, v.billed, v.dispute_eligible]), [[240000, 0, false]]);
  });

  it('refuses bad input with a problem and saves nothing', async () => {
    const before = (await desk.request('GET', `/api/v1/good-faith-estimates?client_id=${robin.id}`)).json.estimates.length;
    const bad = [
      [{ client_id: robin.id, months: 13 }, 'months'],
      [{ client_id: 'no-such-client' }, 'client_id'],
      [{ client_id: robin.id, items: [{ clinician_id: rowan.id, service_id: 'nope', mode: 'video', quantity: 1 }] }, 'items'],
      [{ client_id: robin.id, items: [{ clinician_id: rowan.id, service_id: service.id, mode: 'teleport', quantity: 1 }] }, 'items'],
      [{ client_id: robin.id, items: [{ clinician_id: rowan.id, service_id: service.id, mode: 'video', quantity: 0 }] }, 'items[0].quantity'],
      [{ client_id: insured.id, period_from: '2030-01-01' }, 'items'],
    ];
    for (const [body, field] of bad) {
      const r = await desk.request('POST', '/api/v1/good-faith-estimates', { body });
      assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.match(r.headers.get('content-type'), /problem\+json/);
      assert.ok(JSON.stringify(r.json).includes(field), `${field} named: ${r.text}`);
    }
    assert.equal((await desk.request('GET', '/api/v1/good-faith-estimates?due=soon')).status, 400);
    assert.equal((await desk.request('GET', '/api/v1/good-faith-estimates/nope')).status, 404);
    const after = (await desk.request('GET', `/api/v1/good-faith-estimates?client_id=${robin.id}`)).json.estimates.length;
    assert.equal(after, before);
    const zone = await owner.request('PUT', '/api/v1/billing/business-calendar', { body: { time_zone: 'Mars/Olympus', open_weekdays: [1] } });
    assert.equal(zone.status, 400, zone.text);
    const none = await owner.request('PUT', '/api/v1/billing/business-calendar', { body: { time_zone: 'America/Denver', open_weekdays: [] } });
    assert.equal(none.status, 400, none.text);
  });

  it('counts the practice\'s own calendar: a closed day moves the due date', async () => {
    const put = await owner.request('PUT', '/api/v1/billing/business-calendar',
      { body: { time_zone: 'America/New_York', open_weekdays: [1, 2, 3, 4, 5], federal_holidays: true, closed_dates: ['2026-12-10', '2026-12-11'] } });
    assert.equal(put.status, 200, put.text);
    const asked = await desk.request('POST', '/api/v1/good-faith-estimates/requests', { body: { client_id: insured.id } });
    assert.equal(asked.status, 201);
    const due = await owed('pending');
    // Asked Wednesday 12-09: Thursday and Friday closed, so Mon 14, Tue 15, Wed 16.
    assert.deepEqual(due.map((d) => [d.client_id, d.due_on]), [[insured.id, '2026-12-16']]);
  });

  it('gives the client their own estimates in the portal, never another client\'s', async () => {
    const alex = await demoClient(owner, 'Alex');
    const issued = await desk.request('POST', '/api/v1/good-faith-estimates', { body: { client_id: alex.id,
      items: [{ clinician_id: rowan.id, service_id: service.id, mode: 'video', quantity: 10 }] } });
    assert.equal(issued.status, 201, issued.text);
    const me = await signedIn(server.url, DEMO.client);
    const mine = await me.request('GET', '/api/v1/portal/estimates');
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json.items.map((e) => e.id), [issued.json.id]);
    const pdf = await fetch(`${server.url}/api/v1/portal/estimates/${issued.json.id}/pdf`, { headers: { Cookie: me.cookie } });
    assert.equal(pdf.status, 200);
    assert.equal((await me.request('GET', `/api/v1/portal/estimates/${first.id}/pdf`)).status, 404, 'Robin\'s estimate is not Alex\'s');
    assert.equal((await me.request('GET', `/api/v1/good-faith-estimates/${issued.json.id}`)).status, 403);
  });

  it('shows another practice nothing', async () => {
    const other = await newPractice(server, { at: Date.parse('2026-12-09T15:01:00Z') });
    assert.equal((await other.owner.request('GET', `/api/v1/good-faith-estimates/${first.id}`)).status, 404);
    const list = await other.owner.request('GET', '/api/v1/good-faith-estimates');
    assert.deepEqual(list.json, { estimates: [], due: [] });
    const r = await other.owner.request('POST', '/api/v1/good-faith-estimates', { body: { client_id: robin.id } });
    assert.equal(r.status, 400);
    assert.doesNotMatch(r.text, /Robin/);
  });
});
