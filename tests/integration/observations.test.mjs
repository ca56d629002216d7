// Objective measures over HTTP: an OT records range of motion, a muscle grade and a timed test for
// a client, pointing at an objective of the client's plan; a batch with any bad entry saves nothing
// and names every field; comments are sealed at rest; an entry made in error is voided, not deleted;
// clinicians who are not the client's see nothing. A note's measure embed must name the client's own
// questionnaire results, and a note written with an older template version opens with that version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, rawStorage, signedIn, startServer } from '../lib/server.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const COMMENT = 'pain at end range, guarded with reaching overhead';

describe(`objective measures (${ENGINE})`, () => {
  let server;
  let ot;
  let therapist;
  let emery;
  before(async () => {
    server = await startServer();
    ot = await signedIn(server.url, 'ot@demo.example.com');
    therapist = await signedIn(server.url, DEMO.clinician);
    emery = await demoClient(ot, 'Emery');
    const plan = await ot.request('POST', `/api/v1/clients/${emery.id}/plans`, { body: { plan: {
      problems: [{ id: 'p1', text: 'Weak grasp limits handwriting and self-care', diagnosis: 'F82' }],
      goals: [{ id: 'g1', problem_id: 'p1', text: 'Writes a full sentence legibly', objectives: [
        { id: 'o-grip', text: 'Functional grip for writing', measure: 'Grip strength, right, kg', baseline: '8 kg', target: '14 kg', target_date: day(120) },
        { id: 'o-peg', text: 'Faster fine motor speed', measure: 'Nine-Hole Peg Test, right', baseline: '42 s', target: '30 s', target_date: day(120) }] }],
      interventions: [{ text: 'Graded grasp and in-hand manipulation work', goal_ids: ['g1'] }],
      frequency: 'weekly', mode_mix: 'in person, with video coaching for the parent', review_due: day(60) } } });
    assert.equal(plan.status, 201, plan.text);
  });
  after(async () => server?.stop());

  it('lists the catalogue of objective measures with units and bounds', async () => {
    const res = await ot.request('GET', '/api/v1/observation-types');
    assert.equal(res.status, 200);
    const kinds = new Set(res.json.items.map((t) => t.kind));
    assert.deepEqual([...kinds].sort(), ['range_of_motion', 'standardized_score', 'strength', 'timed_test']);
    const tug = res.json.items.find((t) => t.code === 'tug');
    assert.equal(tug.unit, 'seconds');
    assert.equal(tug.better, 'lower');
    assert.equal(res.json.items.find((t) => t.code === 'mmt.hip.abduction').unit, 'grade');
  });

  it('refuses a batch with any bad entry, names every field, and saves nothing', async () => {
    const res = await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [
      { code: 'grip', side: 'right', value: 9 },                         // fine on its own
      { code: 'rom.shoulder.flexion', value: 1800 },                     // no side, a typo
      { code: 'mmt.hip.abduction', side: 'left', grade: '5+' },          // not a grade
      { code: 'tug', value: 12, observed_on: day(2) },                   // in the future
      { code: 'grip', side: 'right', value: 9, objective_id: 'nope' },   // not in the plan
      { code: 'levitation', value: 1 },                                  // unknown
      { code: 'grip', side: 'right', value: 'strong', shoe_size: 9 },   // wrong type, unknown field
    ] } });
    assert.equal(res.status, 400, res.text);
    assert.match(res.headers.get('content-type'), /problem\+json/);
    const fields = res.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['observations[6].shoe_size', 'observations[6].value']);  // shapes first
    const rules = await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [
      { code: 'grip', side: 'right', value: 9 },
      { code: 'rom.shoulder.flexion', value: 1800 },
      { code: 'mmt.hip.abduction', side: 'left', grade: '5+' },
      { code: 'tug', value: 12, observed_on: day(2) },
      { code: 'grip', side: 'right', value: 9, objective_id: 'nope' },
      { code: 'levitation', value: 1 },
    ] } });
    assert.equal(rules.status, 400, rules.text);
    assert.deepEqual(rules.json.errors.map((e) => e.field).sort(), [
      'observations[1].side', 'observations[1].value', 'observations[2].grade', 'observations[3].observed_on',
      'observations[4].objective_id', 'observations[5].code']);
    assert.match(rules.json.errors.find((e) => e.field === 'observations[1].value').message, /Between -45 and 225 degrees/);
    assert.equal((await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [] } })).status, 400);
    assert.equal((await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: '{"observations": [' })).status, 400);
    const list = await ot.request('GET', `/api/v1/clients/${emery.id}/observations`);
    assert.deepEqual(list.json.items, [], 'nothing was saved');
  });

  it('records a session of measures against the plan and lists them oldest first', async () => {
    const first = await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [
      { code: 'grip', side: 'right', value: 8, observed_on: day(-14), objective_id: 'o-grip' },
      { code: '9hpt', side: 'right', value: 42, observed_on: day(-14), objective_id: 'o-peg' },
    ] } });
    assert.equal(first.status, 201, first.text);
    const second = await ot.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [
      { code: 'grip', side: 'right', value: 11.5, objective_id: 'o-grip', comment: COMMENT },
      { code: 'mmt.shoulder.flexion', side: 'right', grade: '4+' },
      { code: 'rom.shoulder.flexion', side: 'right', value: -5 },
    ] } });
    assert.equal(second.status, 201, second.text);
    assert.equal(second.json.items[0].observed_on, day(0), 'today unless said');
    assert.ok(Math.abs(second.json.items[1].value - 13 / 3) < 1e-9, '4+ is graphed as 4.33');
    assert.equal(second.json.items[1].grade, '4+');

    const list = await ot.request('GET', `/api/v1/clients/${emery.id}/observations`);
    assert.equal(list.status, 200);
    const seen = list.json.items.map((o) => `${o.observed_on} ${o.code}:${o.value}`);
    assert.deepEqual(seen.slice(0, 2).sort(), [`${day(-14)} 9hpt:42`, `${day(-14)} grip:8`], 'the earlier session first');
    assert.ok(seen.slice(2).includes(`${day(0)} grip:11.5`));
    const latest = list.json.items.find((o) => o.value === 11.5);
    assert.equal(latest.comment, COMMENT);
    assert.equal(latest.entered_by.name, 'Jordan Ellis, OTR/L');
    assert.ok(!rawStorage(server, ['observations']).includes(COMMENT), 'the comment is sealed at rest');
    // Grip went from 8 toward 14 kg: 11.5 is 7/12 of the way; the peg test has only its baseline.
    const grip = list.json.progress.find((p) => p.objective_id === 'o-grip');
    assert.deepEqual({ ...grip, fraction: Math.round(grip.fraction * 1000) / 1000 },
      { objective_id: 'o-grip', baseline: 8, target: 14, latest: 11.5, fraction: 0.583, met: false });
    assert.equal(list.json.progress.find((p) => p.objective_id === 'o-peg').fraction, 0);
  });

  it('voids an entry made in error: kept, marked, and not voided twice', async () => {
    const list = await ot.request('GET', `/api/v1/clients/${emery.id}/observations`);
    const rom = list.json.items.find((o) => o.code === 'rom.shoulder.flexion');
    const path = `/api/v1/clients/${emery.id}/observations/${rom.id}/void`;
    assert.equal((await ot.request('POST', path, { body: { reason: 'because' } })).status, 400);
    assert.equal((await ot.request('POST', path, { body: { reason: 'wrong_value' } })).status, 204);
    assert.equal((await ot.request('POST', path, { body: { reason: 'wrong_value' } })).status, 404);
    const again = await ot.request('GET', `/api/v1/clients/${emery.id}/observations`);
    const kept = again.json.items.find((o) => o.id === rom.id);
    assert.equal(kept.voided, true);
    assert.equal(kept.void_reason, 'wrong_value');
    assert.equal(again.json.items.length, list.json.items.length);
  });

  it("shows nothing to a clinician who is not the client's, and audits every read", async () => {
    assert.equal((await therapist.request('GET', `/api/v1/clients/${emery.id}/observations`)).status, 404);
    assert.equal((await therapist.request('POST', `/api/v1/clients/${emery.id}/observations`, { body: { observations: [
      { code: 'tug', value: 10 }] } })).status, 404);
    const owner = await signedIn(server.url, DEMO.owner);
    const audit = await owner.request('GET', `/api/v1/audit?client_id=${emery.id}`);
    const actions = audit.json.items.map((e) => e.action);
    for (const a of ['observation.create', 'observation.read', 'observation.void']) assert.ok(actions.includes(a), a);
  });
});

describe(`note measure embeds and template versions (${ENGINE})`, () => {
  let server;
  let therapist;
  let alex;
  let taylor;
  before(async () => {
    server = await startServer();
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
    taylor = await demoClient(therapist, 'Taylor');
  });
  after(async () => server?.stop());

  it("embeds only the client's own questionnaire results", async () => {
    const mine = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [2, 2, 1, 1, 2, 1, 1] } });
    const theirs = await therapist.request('POST', `/api/v1/clients/${taylor.id}/measures/responses`, { body: { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0] } });
    assert.equal(mine.status, 201, mine.text);
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'soap' } });
    assert.equal(note.status, 201, note.text);
    const field = 'objective.measures';
    const bad = await therapist.request('PUT', `/api/v1/notes/${note.json.id}`, { body: { version: note.json.version, content: { [field]: [theirs.json.id] } } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field), [field]);
    const good = await therapist.request('PUT', `/api/v1/notes/${note.json.id}`, { body: { version: note.json.version, content: { [field]: [mine.json.id] } } });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual(good.json.content[field], [mine.json.id]);
  });

  it("graphs a questionnaire against the plan objective it measures", async () => {
    const plan = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: {
      problems: [{ id: 'p1', text: 'Worry keeps the client from work', diagnosis: 'F41.1' }],
      goals: [{ id: 'g1', problem_id: 'p1', text: 'Back at work full time', objectives: [
        { id: 'o-gad', text: 'Anxiety in the mild range', measure: 'GAD-7 total', instrument: 'gad7', baseline: '15', target: 'below 10', target_date: day(90) }] }],
      interventions: [{ text: 'CBT', goal_ids: ['g1'] }], frequency: 'weekly', review_due: day(60) } } });
    assert.equal(plan.status, 201, plan.text);
    const bad = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: { ...plan.json.plan,
      goals: [{ ...plan.json.plan.goals[0], objectives: [{ ...plan.json.plan.goals[0].objectives[0], instrument: 'beck' }] }] } } });
    assert.deepEqual(bad.json.errors.map((e) => e.field), ['plan.goals[0].objectives[0].instrument']);
    await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [2, 2, 2, 1, 2, 2, 1] } });
    const res = await therapist.request('GET', `/api/v1/clients/${alex.id}/measures`);
    const [o] = res.json.objectives;
    // From 15 toward 10: the latest total of 12 is 60% of the way; the earlier 10 does not count as latest.
    assert.deepEqual({ ...o, fraction: Math.round(o.fraction * 100) / 100 },
      { objective_id: 'o-gad', text: 'Anxiety in the mild range', instrument: 'gad7', baseline: 15, target: 10, latest: 12, fraction: 0.6, met: false });
  });

  it('opens a note with the template version it was written with after the practice adapts it', async () => {
    const v1 = await therapist.request('GET', '/api/v1/note-templates/dap');
    assert.equal(v1.status, 200, v1.text);
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: taylor.id, template_key: 'dap' } });
    const adapted = structuredClone(v1.json);
    adapted.name = 'DAP (our practice)';
    adapted.sections[0].fields.push({ id: 'homework', label: 'Homework given', type: 'text', required: false });
    const saved = await therapist.request('POST', '/api/v1/note-templates', { body: adapted });
    assert.equal(saved.status, 201, saved.text);
    assert.equal(saved.json.version, v1.json.version + 1);
    const newest = await therapist.request('GET', '/api/v1/note-templates/dap');
    assert.equal(newest.json.name, 'DAP (our practice)');
    const old = await therapist.request('GET', `/api/v1/note-templates/dap?version=${note.json.template.version}`);
    assert.equal(old.status, 200);
    assert.equal(old.json.name, v1.json.name);
    assert.equal((await therapist.request('GET', '/api/v1/note-templates/dap?version=99')).status, 404);
    assert.equal((await therapist.request('GET', '/api/v1/note-templates/dap?version=x')).status, 400);
    assert.equal((await therapist.request('GET', '/api/v1/note-templates/nothing')).status, 404);
  });
});
