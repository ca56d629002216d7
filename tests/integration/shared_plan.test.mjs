// One plan, several disciplines, in a new practice: the therapist, the prescriber and the OT on a client's care
// team each own goals of one plan of care (one version history); each signs their part, the therapist signing
// the whole signs theirs with it, and the client signs the whole. A goal cannot belong to someone off the team;
// a member without goals has no part to sign; a clinician off the team does not see the plan at all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, startServer } from '../lib/server.mjs';

const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const objective = (id, text, measure, baseline, target) => ({ id, text, measure, baseline, target, target_date: day(90) });

describe(`a shared plan of care (${ENGINE})`, () => {
  let server;
  let therapist;
  let np;
  let ot;
  let other;
  let client;
  const ids = {};
  const plan = (owners = {}) => ({
    problems: [{ id: 'p1', text: 'Worry and poor sleep keep the client from work', diagnosis: 'F41.1' },
      { id: 'p2', text: 'Hand pain makes typing hard', diagnosis: 'M79.641' }],
    goals: [
      { id: 'g1', problem_id: 'p1', text: 'Back at work full time', owner_clinician_id: owners.g1 ?? ids.lane,
        objectives: [{ ...objective('o1', 'Anxiety in the mild range', 'GAD-7 total', '15', 'below 10'), instrument: 'gad7' }] },
      { id: 'g2', problem_id: 'p1', text: 'Sleeps through most nights', owner_clinician_id: owners.g2 ?? ids.shah,
        objectives: [objective('o2', 'Nights slept through in a week', 'sleep diary', '2', '5 or more')] },
      { id: 'g3', problem_id: 'p2', text: 'Types for an hour without pain', owner_clinician_id: owners.g3 ?? ids.ito,
        objectives: [objective('o3', 'Minutes of typing before pain', 'timed task', '15', '60')] }],
    interventions: [{ text: 'CBT', goal_ids: ['g1'] }, { text: 'Medication management', goal_ids: ['g2'] }, { text: 'Ergonomic retraining', goal_ids: ['g3'] }],
    frequency: 'weekly therapy; monthly medication review; OT twice a month',
    review_due: day(60),
  });

  before(async () => {
    server = await startServer({ demo: false });
    const practice = await newPractice(server, { name: 'Willow Shared Care' });
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    const ito = await practice.clinician({ given: 'Kai', family: 'Ito', discipline: 'occupational_therapy' });
    const okafor = await practice.clinician({ given: 'Chidi', family: 'Okafor', discipline: 'counseling' });
    Object.assign(ids, { lane: lane.id, shah: shah.id, ito: ito.id, okafor: okafor.id });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    ot = await practice.invite('clinician', { local: 'ito', clinician_id: ito.id });
    other = await practice.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    const desk = await practice.invite('front_desk', { local: 'desk' });
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Robin', family_name: 'Together', birth_date: '1985-09-10',
      email: 'robin.together@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    const team = (await desk.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    const put = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: team.version, members: [
      { clinician_id: lane.id, role: 'primary' }, { clinician_id: shah.id, role: 'prescriber' }, { clinician_id: ito.id, role: 'rehabilitation' }] } });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => server?.stop());

  it('refuses a goal owned by someone off the care team, naming the goal', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${client.id}/plans`, { body: { plan: plan({ g3: ids.okafor }) } });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json.errors.map((e) => e.field), ['plan.goals[2].owner_clinician_id']);
    assert.equal((await therapist.request('GET', `/api/v1/clients/${client.id}/plans`)).json.current, null, 'nothing saved');
  });

  it('one plan for the team: each member owns goals; the prescriber edits theirs in the same version history', async () => {
    const v1 = await therapist.request('POST', `/api/v1/clients/${client.id}/plans`, { body: { plan: plan() } });
    assert.equal(v1.status, 201, v1.text);
    assert.deepEqual(v1.json.parts.map((p) => [p.clinician_id, p.goal_ids, p.signature]),
      [[ids.lane, ['g1'], null], [ids.shah, ['g2'], null], [ids.ito, ['g3'], null]]);
    const mine = plan();
    mine.goals[1].objectives[0].target = '6 or more';
    const v2 = await np.request('POST', `/api/v1/clients/${client.id}/plans`, { body: { plan: mine } });
    assert.equal(v2.status, 201, v2.text);
    assert.equal(v2.json.version, 2);
    assert.equal(v2.json.author.name.includes('Shah'), true);
    assert.equal((await other.request('GET', `/api/v1/clients/${client.id}/plans`)).status, 404, 'off the team: no plan, no client');
  });

  it('each member signs their part, the therapist the whole with theirs, the client the whole', async () => {
    const sign = (who, signer, version = 2) => who.request('POST', `/api/v1/clients/${client.id}/plans/${version}/sign`, { body: { signer } });
    let r = await sign(np, 'part');
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.parts.find((p) => p.clinician_id === ids.shah).signature.name, /Priya Shah/);
    assert.equal((await sign(np, 'part')).status, 409, 'once');
    r = await sign(ot, 'part', 1);
    assert.equal(r.status, 200, 'an earlier version has its own signatures');
    r = await sign(ot, 'part');
    assert.equal(r.status, 200, r.text);
    const lane = await sign(therapist, 'clinician');
    assert.equal(lane.status, 200, lane.text);
    assert.match(lane.json.clinician_signature.name, /Morgan Lane/);
    assert.ok(lane.json.parts.every((p) => p.signature), 'signing the whole signed the therapist\'s part');
    assert.equal((await sign(therapist, 'part')).status, 409);
    r = await sign(therapist, 'client');
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.client_signature.name, /Robin/);
    // A member who owns no goal on a version has no part to sign there.
    const v3 = await therapist.request('POST', `/api/v1/clients/${client.id}/plans`, { body: { plan: plan({ g3: ids.lane }) } });
    assert.equal(v3.status, 201, v3.text);
    const none = await sign(ot, 'part', 3);
    assert.equal(none.status, 422, none.text);
    assert.match(none.json.type, /plan_signer$/);
    const history = (await ot.request('GET', `/api/v1/clients/${client.id}/plans`)).json;
    assert.deepEqual(history.versions.map((v) => v.parts.filter((p) => p.signature).length), [0, 3, 1]);
  });
});
