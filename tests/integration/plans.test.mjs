// Plans of care over HTTP: a measurable plan saved as versions (older ones kept), signed by the
// clinician and by the client in session, reviews due on the clinician's list, only for the chart.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, startServer } from '../lib/server.mjs';

const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const plan = (reviewInDays) => ({
  problems: [{ id: 'p1', text: 'Worry keeps the client from work three days a week', diagnosis: 'F41.1' }],
  goals: [{ id: 'g1', problem_id: 'p1', text: 'Back at work full time', objectives: [
    { id: 'o1', text: 'Anxiety in the mild range', measure: 'GAD-7 total', baseline: '15', target: 'below 10', target_date: day(90) }] }],
  interventions: [{ text: 'CBT with weekly exposure practice', goal_ids: ['g1'] }],
  frequency: 'weekly',
  mode_mix: 'alternating in person and video',
  review_due: day(reviewInDays),
  reevaluation_due: day(180),
});

describe(`plans of care (${ENGINE})`, () => {
  let server;
  let therapist;
  let alex;
  before(async () => {
    server = await startServer();
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
  });
  after(async () => server?.stop());

  it('refuses a plan that is not measurable, naming each gap', async () => {
    const bad = plan(30);
    delete bad.goals[0].objectives[0].baseline;
    bad.goals[0].problem_id = 'nope';
    bad.review_due = 'soon';
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: bad } });
    assert.equal(res.status, 400);
    assert.ok(res.json.errors.some((e) => e.field === 'plan.review_due'), res.text);
    const res2 = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: { ...bad, review_due: day(30) } } });
    assert.deepEqual(res2.json.errors.map((e) => e.field).sort(), ['plan.goals[0].objectives[0].baseline', 'plan.goals[0].problem_id']);
  });

  it('saves versions, keeps the old ones, and records both signatures', async () => {
    const v1 = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: plan(30) } });
    assert.equal(v1.status, 201, v1.text);
    assert.equal(v1.json.version, 1);
    const signed = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans/1/sign`, { body: { signer: 'clinician' } });
    assert.equal(signed.status, 200, signed.text);
    assert.match(signed.json.clinician_signature.name, /Rowan Stone/);
    const client = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans/1/sign`, { body: { signer: 'client' } });
    assert.match(client.json.client_signature.name, /Alex/);
    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/plans/1/sign`, { body: { signer: 'client' } })).status, 409, 'once');

    const v2 = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: { ...plan(5), frequency: 'every two weeks' } } });
    assert.equal(v2.json.version, 2);
    const all = await therapist.request('GET', `/api/v1/clients/${alex.id}/plans`);
    assert.equal(all.json.current.version, 2);
    assert.equal(all.json.current.plan.frequency, 'every two weeks');
    assert.deepEqual(all.json.versions.map((v) => v.version), [2, 1]);
    assert.equal(all.json.versions[1].plan.frequency, 'weekly', 'the old version is kept as it was');
    assert.equal(all.json.current.clinician_signature, null, 'a new version needs signing again');
  });

  it('puts reviews due soon on the clinician\u2019s list, and only the chart may see plans', async () => {
    const due = await therapist.request('GET', '/api/v1/plans/due');
    assert.equal(due.status, 200, due.text);
    const mine = due.json.items.find((d) => d.client_id === alex.id);
    assert.deepEqual([mine.what, mine.days_left, mine.version], ['review', 5, 2]);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', `/api/v1/clients/${alex.id}/plans`)).status, 403);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.equal((await ot.request('GET', `/api/v1/clients/${alex.id}/plans`)).status, 404);
    assert.ok(!(await ot.request('GET', '/api/v1/plans/due')).json.items.some((d) => d.client_id === alex.id));
  });
});
