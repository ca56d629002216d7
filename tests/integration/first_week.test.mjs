// Defects found when a new practice probed the API in its first week, each with the test that
// would have caught it: psychotherapy-note templates cannot be re-kinded (either way), template
// bodies are read strictly, plan signatures follow who signs what, the client list names each
// client's clinicians, an export is one audit event, and the right statuses for bad input.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, startServer } from '../lib/server.mjs';

const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const plan = {
  problems: [{ id: 'p1', text: 'Worry keeps the client from work', diagnosis: 'F41.1' }],
  goals: [{ id: 'g1', problem_id: 'p1', text: 'Back at work', objectives: [
    { id: 'o1', text: 'Mild anxiety', measure: 'GAD-7 total', baseline: '15', target: 'below 10', target_date: day(90) }] }],
  interventions: [{ text: 'CBT', goal_ids: ['g1'] }],
  frequency: 'weekly',
  review_due: day(30),
};

describe(`first-week defects (${ENGINE})`, () => {
  let server;
  let owner;
  let therapist;
  let supervisor;
  let psychiatry;
  let alex;
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    therapist = await signedIn(server.url, DEMO.clinician);
    supervisor = await signedIn(server.url, DEMO.supervisor);
    psychiatry = await signedIn(server.url, 'psychiatry@demo.example.com');
    alex = await demoClient(therapist, 'Alex');
  });
  after(async () => server?.stop());

  it('keeps a psychotherapy-note template private: a new version cannot make it a progress note', async () => {
    const t = (await therapist.request('GET', '/api/v1/note-templates/psychotherapy_note')).json;
    assert.equal(t.kind, 'psychotherapy');
    const rekinded = await owner.request('POST', '/api/v1/note-templates', { body: { ...t, kind: 'progress' } });
    assert.equal(rekinded.status, 422, rekinded.text);
    assert.match(rekinded.json.type, /template_kind$/);
    // The same template adapted without changing its kind is fine, and its notes stay private.
    const adapted = await therapist.request('POST', '/api/v1/note-templates', { body: { ...t, name: 'Process notes' } });
    assert.equal(adapted.status, 201, adapted.text);
    assert.equal(adapted.json.kind, 'psychotherapy');
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'psychotherapy_note' } });
    assert.equal(note.json.kind, 'psychotherapy');
    assert.equal((await owner.request('GET', `/api/v1/notes/${note.json.id}`)).status, 404, 'the owner cannot read it');
    const ownerList = (await owner.request('GET', `/api/v1/notes?client_id=${alex.id}`)).json.items;
    assert.ok(!ownerList.some((n) => n.id === note.json.id));
    // A copy under a new key may be a progress template: it is a new template, not the private one.
    const copy = await therapist.request('POST', '/api/v1/note-templates', { body: { ...t, key: 'session_summary', name: 'Session summary', kind: 'progress' } });
    assert.equal(copy.status, 201, copy.text);
  });

  it('keeps a progress template in the chart: a new version cannot hide its notes as psychotherapy notes', async () => {
    const soap = (await therapist.request('GET', '/api/v1/note-templates/soap')).json;
    const hidden = await psychiatry.request('POST', '/api/v1/note-templates', { body: { ...soap, kind: 'psychotherapy' } });
    assert.equal(hidden.status, 422);
    assert.match(hidden.json.type, /template_kind$/);
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'soap' } });
    assert.equal(note.json.kind, 'progress');
    assert.equal((await owner.request('GET', `/api/v1/notes/${note.json.id}`)).status, 200, 'the chart still has it');
    // A practice's own key keeps its first kind too.
    const mine = { ...soap, key: 'group_note', name: 'Group note' };
    assert.equal((await therapist.request('POST', '/api/v1/note-templates', { body: mine })).status, 201);
    assert.equal((await therapist.request('POST', '/api/v1/note-templates', { body: { ...mine, kind: 'psychotherapy' } })).status, 422);
  });

  it('reads a template body strictly: wrong types and unknown fields are 400, never 500', async () => {
    const soap = (await therapist.request('GET', '/api/v1/note-templates/soap')).json;
    const cases = [
      [{ ...soap, key: 5 }, 'key'],
      [{ ...soap, version: '1' }, 'version'],
      [{ ...soap, name: [] }, 'name'],
      [{ ...soap, kind: 5 }, 'kind'],
      [{ ...soap, kind: 'secret' }, 'kind'],
      [{ ...soap, sections: [{ id: 5 }] }, 'sections[0].id'],
      [{ ...soap, sections: 'all' }, 'sections'],
      [{ ...soap, sections: [{ ...soap.sections[0], fields: [{ id: 'x', type: 'text', required: 'yes' }] }] }, 'sections[0].fields[0].required'],
      [{ ...soap, sections: [{ ...soap.sections[0], fields: [{ id: 'x', type: 'choice', options: [1] }] }] }, 'sections[0].fields[0].options'],
      [{ ...soap, colour: 'blue' }, 'colour'],
      [{ ...soap, sections: [{ ...soap.sections[0], extra: true }] }, 'sections[0].extra'],
    ];
    for (const [body, field] of cases) {
      const r = await therapist.request('POST', '/api/v1/note-templates', { body });
      assert.equal(r.status, 400, `${field}: ${r.status} ${r.text}`);
      assert.ok(r.json.errors.some((e) => e.field === field || e.field.startsWith(`${field}[`)), `${field} named: ${JSON.stringify(r.json.errors)}`);
    }
    assert.equal((await therapist.request('POST', '/api/v1/note-templates', { raw: '[1,2]', headers: { 'Content-Type': 'application/json' } })).status, 400);
    assert.equal((await therapist.request('GET', '/api/v1/note-templates/soap')).json.version, soap.version, 'nothing was saved');
  });

  it('lets each person sign a plan only as what they are', async () => {
    const v1 = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan } });
    assert.equal(v1.status, 201, v1.text);
    const sign = (who, version, signer) => who.request('POST', `/api/v1/clients/${alex.id}/plans/${version}/sign`, { body: { signer } });
    // The owner and the supervisor may read the chart but are not Alex's clinician.
    for (const who of [owner, supervisor]) {
      const r = await sign(who, 1, 'clinician');
      assert.equal(r.status, 422, r.text);
      assert.match(r.json.type, /plan_signer$/);
    }
    const early = await sign(supervisor, 1, 'supervisor');
    assert.match(early.json.type, /plan_cosign$/, 'the clinician signs first');
    assert.equal((await sign(therapist, 1, 'clinician')).status, 200);
    const cosigned = await sign(supervisor, 1, 'supervisor');
    assert.equal(cosigned.status, 200, cosigned.text);
    assert.match(cosigned.json.supervisor_signature.name, /.+/);
    assert.match(cosigned.json.clinician_signature.name, /Rowan Stone/, 'two separate signatures');
    assert.match((await sign(owner, 1, 'supervisor')).json.type, /plan_signer$/, 'the owner supervises nobody here');

    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: { ...plan, frequency: 'every two weeks' } } })).status, 201);
    const stale = await sign(therapist, 1, 'client');
    assert.equal(stale.status, 422);
    assert.match(stale.json.type, /plan_current$/);
    assert.equal((await sign(therapist, 2, 'client')).status, 200);
    assert.equal((await sign(therapist, 99, 'client')).status, 404, 'a version that does not exist');
    assert.equal((await sign(therapist, 99, 'clinician')).status, 404);
  });

  it('names each client\'s clinicians in the client list as in the record', async () => {
    const list = (await owner.request('GET', '/api/v1/clients')).json.items;
    const listed = list.find((c) => c.id === alex.id);
    const record = (await owner.request('GET', `/api/v1/clients/${alex.id}`)).json;
    assert.ok(record.clinician_ids.length > 0);
    assert.deepEqual([...listed.clinician_ids].sort(), [...record.clinician_ids].sort());
    assert.ok(list.every((c) => Array.isArray(c.clinician_ids)));
  });

  it('writes one audit event for a record export, naming what it included', async () => {
    const res = await fetch(`${server.url}/api/v1/clients/${alex.id}/record.pdf`, { headers: { Cookie: therapist.cookie } });
    assert.equal(res.status, 200);
    const requestId = res.headers.get('x-request-id');
    const events = (await owner.request('GET', `/api/v1/audit?client_id=${alex.id}`)).json.items.filter((e) => e.request_id === requestId);
    assert.equal(events.length, 1, events.map((e) => e.action).join(', '));
    assert.equal(events[0].action, 'record.export');
    assert.match(events[0].detail, /demographics/);
    assert.match(events[0].detail, /notes \(\d+\)/);
    assert.match(events[0].detail, /plan of care \(version 2\)/);
    assert.doesNotMatch(events[0].detail, /Alex|Morgan/, 'no client data in the detail');
  });

  it('answers 400 for a questionnaire answer outside the scale, naming it', async () => {
    const r = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [0, 1, 2, 3, 9, 0, 0] } });
    assert.equal(r.status, 400, r.text);
    assert.ok(r.json.errors.some((e) => e.field === 'answers[4]'));
    const short = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [0, 1] } });
    assert.equal(short.status, 422, 'an unfinished form is still the incomplete rule');
  });

  it('lists a clinician\'s note work by client: visits to write up, drafts, and co-signatures for their supervisor', async () => {
    const desk = await signedIn(server.url, DEMO.front_desk);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const book = async (hoursAgo) => {
      const r = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
        mode: 'video', start: at(Date.now() - hoursAgo * 3600_000), override_reason: 'first-week test at any hour' } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    assert.equal((await owner.request('PUT', '/api/v1/record-settings', { body: { notes_due_hours: 24, cosign_supervised: true } })).status, 200);
    const old = await book(50);
    const recent = await book(3);
    let work = (await therapist.request('GET', '/api/v1/notes/work')).json.items;
    const toWrite = work.filter((t) => t.kind === 'write');
    const oldTask = toWrite.find((t) => t.appointment_id === old.id);
    assert.ok(oldTask, JSON.stringify(work));
    assert.match(oldTask.client_name, /Alex/);
    assert.equal(oldTask.mode, 'video');
    assert.ok(oldTask.hours_overdue >= 20, 'past the 24-hour allowance');
    assert.equal(toWrite.find((t) => t.appointment_id === recent.id).hours_overdue, null, 'still within the allowance');
    const overdue = (await therapist.request('GET', '/api/v1/notes/overdue')).json.items.find((o) => o.appointment_id === old.id);
    assert.match(overdue.client_name, /Alex/, 'the overdue list names the client');

    const note = (await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, appointment_id: old.id, template_key: 'soap' } })).json;
    work = (await therapist.request('GET', '/api/v1/notes/work')).json.items;
    assert.ok(!work.some((t) => t.kind === 'write' && t.appointment_id === old.id), 'a started note is no longer "to write"');
    assert.ok(work.some((t) => t.kind === 'draft' && t.note_id === note.id));
    const saved = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: note.version, content: {
      'subjective.presenting': 'Slept better', 'objective.observations': 'Calm', 'objective.risk': 'Low', 'assessment.assessment': 'Improving',
      'plan.plan': 'Continue' } } });
    assert.equal(saved.status, 200, saved.text);
    const signed = await therapist.request('POST', `/api/v1/notes/${note.id}/sign`, { body: { version: saved.json.version } });
    assert.equal(signed.status, 200, signed.text);
    const sup = (await supervisor.request('GET', '/api/v1/notes/work')).json.items;
    assert.ok(sup.some((t) => t.kind === 'cosign' && t.note_id === note.id && /Alex/.test(t.client_name)), JSON.stringify(sup));
    assert.ok(!(await therapist.request('GET', '/api/v1/notes/work')).json.items.some((t) => t.note_id === note.id), 'signed: off the author\'s list');
    // A biller has no note work, and the front desk neither.
    assert.equal((await desk.request('GET', '/api/v1/notes/work')).status, 403);
  });
});
