// Weekly payouts on the demo's last week (the therapist's five visits, held and signed, paid by the
// demo's plans and closed): each visit with its rule and amount; the clinician reads their statement
// and asks about a line, the owner answers; a closed week does not change, even when the plan does;
// weeks run in order; the payroll file has no client data; bad plans and other practices get nothing.
// (A draft run, run again and closed, is in money_week.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, newPractice, signedIn, startServer } from '../lib/server.mjs';

const day = (d) => d.toISOString().slice(0, 10);

describe(`payouts (${ENGINE})`, () => {
  let server;
  let owner;
  let therapist;
  let ot;
  let rowan;
  let service;
  let lastWeek;
  before(async () => {
    server = await startServer({ demo: false, args: ['--demo', '--demo-visits'] });
    owner = await signedIn(server.url, DEMO.owner);
    therapist = await signedIn(server.url, DEMO.clinician);
    ot = await signedIn(server.url, 'ot@demo.example.com');
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const cal = (await owner.request('GET', '/api/v1/billing/business-calendar')).json;
    const put = await owner.request('PUT', '/api/v1/billing/business-calendar', { body: { ...cal, time_zone: rowan.time_zone } });
    assert.equal(put.status, 200, put.text);
    const now = new Date();
    const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7) - 7));
    lastWeek = day(monday);
  });
  after(async () => server?.stop());

  it('keeps a plan per clinician: per visit by service and mode; bad plans are refused', async () => {
    const demo = await owner.request('GET', `/api/v1/clinicians/${rowan.id}/compensation`);
    assert.equal(demo.status, 200, demo.text);
    assert.equal(demo.json.basis, 'per_visit');
    const bad = [
      { basis: 'per_visit', rates: [] },
      { basis: 'share', share_percent: 0 },
      { basis: 'per_visit', rates: [{ service_id: service.id, mode: 'teleport', amount: 100 }] },
      { basis: 'per_visit', rates: [{ service_id: service.id, mode: '', amount: 100 }, { service_id: service.id, mode: '', amount: 200 }] },
      { basis: 'hourly', hourly_rate: -5 },
    ];
    for (const body of bad) {
      const r = await owner.request('PUT', `/api/v1/clinicians/${rowan.id}/compensation`, { body });
      assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    }
    assert.equal((await therapist.request('GET', `/api/v1/clinicians/${rowan.id}/compensation`)).json.default_rate, 6000, 'the clinician reads their own plan');
    assert.equal((await ot.request('GET', `/api/v1/clinicians/${rowan.id}/compensation`)).status, 404, 'not another clinician\'s');
    assert.equal((await therapist.request('PUT', `/api/v1/clinicians/${rowan.id}/compensation`, { body: demo.json })).status, 403);
  });

  let run;
  it('has paid last week: every visit with its mode, minutes, service, the rule and the amount', async () => {
    const runs = await owner.request('GET', '/api/v1/payouts/runs');
    assert.equal(runs.json.items[0].week, lastWeek);
    assert.equal(runs.json.items[0].status, 'closed');
    const r = await owner.request('GET', `/api/v1/payouts/runs/${runs.json.items[0].id}`);
    assert.equal(r.status, 200, r.text);
    run = r.json;
    const mine = run.statements.find((s) => s.clinician_id === rowan.id);
    assert.ok(mine, JSON.stringify(run));
    assert.equal(mine.lines.length, 5);
    const inPerson = mine.lines.filter((l) => l.mode === 'in_person');
    const video = mine.lines.filter((l) => l.mode === 'video');
    assert.equal(inPerson.length, 2);
    assert.ok(inPerson.every((l) => l.amount === 7000 && /in person/.test(l.rule)));
    assert.ok(video.every((l) => l.amount === 6500 && /every mode/.test(l.rule)));
    assert.ok(mine.lines.every((l) => l.minutes === 53 && l.service_name && /^[A-Z]\. [A-Z]\.$/.test(l.client_label)), 'initials, never names');
    assert.equal(mine.total, 2 * 7000 + 3 * 6500);
    assert.equal(mine.visits_paid, 5);
    assert.deepEqual(run.without_plan, []);
  });

  it('refuses a week that is not over', async () => {
    const thisWeek = await owner.request('POST', '/api/v1/payouts/runs', { body: { week: day(new Date()) } });
    assert.equal(thisWeek.status, 422, thisWeek.text);
    assert.match(thisWeek.json.type, /week_not_over/);
  });

  let line;
  it('shows the clinician their closed statement; they ask about a line and the owner answers', async () => {
    const mine = await therapist.request('GET', '/api/v1/payouts/statements');
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.items.length, 1);
    assert.equal(mine.json.items[0].total, 2 * 7000 + 3 * 6500);
    line = mine.json.items[0].lines[0];
    const other = await therapist.request('GET', `/api/v1/payouts/statements?clinician_id=${(await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.id !== rowan.id).id}`);
    assert.equal(other.status, 404, 'never another clinician\'s pay');
    assert.equal((await ot.request('POST', `/api/v1/payouts/lines/${line.id}/question`, { body: { text: 'Why?' } })).status, 404);
    const asked = await therapist.request('POST', `/api/v1/payouts/lines/${line.id}/question`, { body: { text: 'Was this the in-person rate?' } });
    assert.equal(asked.status, 200, asked.text);
    const runs = await owner.request('GET', '/api/v1/payouts/runs');
    assert.equal(runs.json.items[0].questions_open, 1);
    const answered = await owner.request('POST', `/api/v1/payouts/lines/${line.id}/answer`, { body: { text: 'Yes: $70 in person, $65 by video.' } });
    assert.equal(answered.status, 200, answered.text);
    const again = (await therapist.request('GET', `/api/v1/payouts/statements?week=${lastWeek}`)).json.items[0];
    assert.equal(again.lines.find((l) => l.id === line.id).answer, 'Yes: $70 in person, $65 by video.');
    assert.equal((await owner.request('GET', '/api/v1/payouts/runs')).json.items[0].questions_open, 0);
  });

  it('never changes a closed week; an earlier week cannot be run after it', async () => {
    await owner.request('PUT', `/api/v1/clinicians/${rowan.id}/compensation`, { body: { basis: 'per_visit', default_rate: 1, rates: [] } });
    const again = await owner.request('POST', '/api/v1/payouts/runs', { body: { week: lastWeek } });
    assert.equal(again.status, 200);
    assert.equal(again.json.total, 2 * 7000 + 3 * 6500, 'closed: the new plan does not reach back');
    assert.equal(again.json.statements[0].lines.find((l) => l.id === line.id).question, 'Was this the in-person rate?');
    const earlier = new Date(Date.parse(lastWeek) - 7 * 86400_000);
    const r = await owner.request('POST', '/api/v1/payouts/runs', { body: { week: day(earlier) } });
    assert.equal(r.status, 422);
    assert.match(r.json.type, /later_week_run/);
  });

  it('exports the payroll file of the closed run, with no client data', async () => {
    const res = await fetch(`${server.url}/api/v1/payouts/runs/${run.id}/payroll.csv`, { headers: { Cookie: owner.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/csv/);
    const text = await res.text();
    const rows = text.trim().split('\r\n');
    assert.equal(rows[0], 'clinician_id,clinician_name,npi,week,visits_paid,visits_held,adjustments,total');
    assert.match(rows[1], new RegExp(`^${rowan.id},"Rowan Stone, LPC",${rowan.npi},${lastWeek},5,0,0\\.00,335\\.00$`));
    for (const name of ['Alex', 'Jamie', 'Casey', 'Taylor', 'Morgan']) assert.ok(!text.includes(name), `no ${name}`);
  });

  it('shows another practice nothing', async () => {
    const other = await newPractice(server);
    assert.equal((await other.owner.request('GET', `/api/v1/payouts/runs/${run.id}`)).status, 404);
    assert.equal((await other.owner.request('GET', `/api/v1/clinicians/${rowan.id}/compensation`)).status, 404);
    assert.equal((await other.owner.request('PUT', `/api/v1/clinicians/${rowan.id}/compensation`, { body: { basis: 'per_visit', default_rate: 1 } })).status, 404);
    assert.equal((await other.owner.request('POST', `/api/v1/payouts/lines/${line.id}/answer`, { body: { text: 'x' } })).status, 404);
    assert.deepEqual((await other.owner.request('GET', '/api/v1/payouts/runs')).json.items, []);
  });
});
