// The clinical record over HTTP: a SOAP note for a video visit pre-filled with the visit's facts,
// autosave with optimistic versions, signing (locked, hashed), addenda, co-signature by the
// supervisor, who may read (a biller never), psychotherapy notes only for their author, and note
// text encrypted at rest (the raw database never holds the phrase).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const PHRASE = 'purple elephant beside the lighthouse';

describe(`records (${ENGINE})`, () => {
  let server;
  let owner;
  let therapist;
  let supervisor;
  let alex;
  let visit;
  let note;
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    therapist = await signedIn(server.url, DEMO.clinician);
    supervisor = await signedIn(server.url, DEMO.supervisor);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    alex = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === 'Alex');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
      mode: 'video', start: iso(Date.now() + 5 * 60_000), override_reason: 'records test at any hour' } });
    assert.equal(res.status, 201, res.text);
    visit = res.json;
    // The client said they were in Ohio when the clinician entered the room.
    assert.equal((await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, { body: { location_state: 'OH' } })).status, 200);
    assert.equal((await owner.request('PUT', '/api/v1/record-settings', { body: { notes_due_hours: 24, cosign_supervised: true } })).status, 200);
  });
  after(async () => server?.stop());

  it('lists the built-in templates as data', async () => {
    const res = await therapist.request('GET', '/api/v1/note-templates');
    assert.equal(res.status, 200);
    const keys = res.json.items.map((t) => t.key);
    for (const k of ['intake', 'soap', 'dap', 'birp', 'psych_eval', 'med_management', 'rehab_eval', 'daily_treatment', 're_evaluation', 'discharge', 'psychotherapy_note'])
      assert.ok(keys.includes(k), k);
  });

  it('starts a SOAP note for a video visit with the telehealth facts pre-filled, once per visit', async () => {
    const res = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, appointment_id: visit.id, template_key: 'soap' } });
    assert.equal(res.status, 201, res.text);
    note = res.json;
    assert.equal(note.status, 'draft');
    assert.equal(note.kind, 'progress');
    assert.deepEqual(note.template, { key: 'soap', version: 2 }, 'the newest built-in SOAP (with its billing section)');
    assert.equal(note.visit.mode, 'video');
    assert.equal(note.visit.place, 'Telehealth');
    assert.match(note.visit.platform, /Duet video/);
    assert.equal(note.visit.client_stated_state, 'OH');
    assert.match(note.visit.date, /^\d{4}-\d{2}-\d{2}$/);
    const again = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, appointment_id: visit.id, template_key: 'soap' } });
    assert.equal(again.status, 409);
    assert.equal((await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'nope' } })).status, 400);
  });

  it('autosaves drafts with versions and checks the content against the template', async () => {
    const first = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: note.version, content: { 'subjective.presenting': `Talked about a ${PHRASE}.` } } });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.version, note.version + 1);
    const stale = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: note.version, content: {} } });
    assert.equal(stale.status, 409, 'another tab saved in between');
    const wrong = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: first.json.version,
      content: { 'subjective.mood': 'Ecstatic', 'assessment.progress': 42, 'assessment.diagnoses': ['anxiety'], 'nowhere.field': 'x', 'plan.next_visit': 7 } } });
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.json.errors.map((e) => e.field).sort(), ['nowhere.field', 'plan.next_visit']);
    const badValues = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: first.json.version,
      content: { 'subjective.mood': 'Ecstatic', 'assessment.progress': 42, 'assessment.diagnoses': ['anxiety'] } } });
    assert.deepEqual(badValues.json.errors.map((e) => e.field).sort(), ['assessment.diagnoses', 'assessment.progress', 'subjective.mood']);
    note = first.json;
    assert.equal(note.content['subjective.presenting'], `Talked about a ${PHRASE}.`, 'nothing was lost by the refused saves');
  });

  it('signs only a complete note, then locks it; addenda and the co-signature follow', async () => {
    const early = await therapist.request('POST', `/api/v1/notes/${note.id}/sign`, { body: { version: note.version } });
    assert.equal(early.status, 400);
    assert.ok(early.json.errors.some((e) => e.field === 'objective.risk'), 'required fields named');
    const full = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: note.version, content: {
      ...note.content, 'subjective.mood': 'Anxious', 'objective.observations': 'Alert, engaged on video.', 'objective.risk': 'None reported',
      'assessment.assessment': 'Improving.', 'assessment.diagnoses': ['F41.1'], 'assessment.progress': 6, 'plan.plan': 'Continue weekly, alternate modes.',
      'plan.interventions': ['CBT', 'Mindfulness'] } } });
    assert.equal(full.status, 200, full.text);
    const signed = await therapist.request('POST', `/api/v1/notes/${note.id}/sign`, { body: { version: full.json.version } });
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.json.status, 'signed');
    assert.match(signed.json.signature.hash, /^[0-9a-f]{64}$/);
    assert.match(signed.json.signature.name, /Rowan Stone/);
    assert.equal(signed.json.cosign_required, true, 'Rowan is supervised and the practice requires co-signing');
    const locked = await therapist.request('PUT', `/api/v1/notes/${note.id}`, { body: { version: signed.json.version, content: {} } });
    assert.equal(locked.status, 422);
    assert.match(locked.json.type, /rules\/locked$/);
    assert.equal((await therapist.request('POST', `/api/v1/notes/${note.id}/sign`, { body: { version: signed.json.version } })).status, 422);

    const addendum = await therapist.request('POST', `/api/v1/notes/${note.id}/addenda`, { body: { text: 'Client called after the visit; no change to the plan.' } });
    assert.equal(addendum.status, 201, addendum.text);
    assert.equal(addendum.json.addenda.length, 1);
    assert.match(addendum.json.addenda[0].hash, /^[0-9a-f]{64}$/);

    assert.equal((await therapist.request('POST', `/api/v1/notes/${note.id}/cosign`)).status, 403, 'not by the author');
    const cosigned = await supervisor.request('POST', `/api/v1/notes/${note.id}/cosign`);
    assert.equal(cosigned.status, 200, cosigned.text);
    assert.match(cosigned.json.cosignature.name, /Reyes/);
    assert.equal((await supervisor.request('POST', `/api/v1/notes/${note.id}/cosign`)).status, 422, 'once');
  });

  it('lets the chart read notes, never a biller or the front desk, nor a clinician of other clients', async () => {
    assert.equal((await owner.request('GET', `/api/v1/notes/${note.id}`)).status, 200);
    assert.equal((await supervisor.request('GET', `/api/v1/notes/${note.id}`)).status, 200);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', `/api/v1/notes/${note.id}`)).status, 403);
    assert.equal((await biller.request('GET', `/api/v1/notes?client_id=${alex.id}`)).status, 403);
    const desk = await signedIn(server.url, DEMO.front_desk);
    assert.equal((await desk.request('GET', `/api/v1/notes/${note.id}`)).status, 403);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.equal((await ot.request('GET', `/api/v1/notes/${note.id}`)).status, 404, 'not their client: as if it did not exist');
  });

  it('keeps psychotherapy notes for their author alone', async () => {
    const res = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'psychotherapy_note' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.kind, 'psychotherapy');
    const saved = await therapist.request('PUT', `/api/v1/notes/${res.json.id}`, { body: { version: res.json.version, content: { 'private.notes': `Private: ${PHRASE}` } } });
    assert.equal(saved.status, 200, saved.text);
    assert.equal((await therapist.request('GET', `/api/v1/notes/${res.json.id}`)).status, 200);
    assert.equal((await owner.request('GET', `/api/v1/notes/${res.json.id}`)).status, 404, 'not the owner');
    assert.equal((await supervisor.request('GET', `/api/v1/notes/${res.json.id}`)).status, 404, 'not the supervisor');
    const ownerList = await owner.request('GET', `/api/v1/notes?client_id=${alex.id}`);
    assert.ok(!ownerList.json.items.some((n) => n.kind === 'psychotherapy'), 'not in the chart');
    const authorList = await therapist.request('GET', `/api/v1/notes?client_id=${alex.id}`);
    assert.ok(authorList.json.items.some((n) => n.kind === 'psychotherapy'));
  });

  it('never stores note text in the clear', async () => {
    let raw;
    if (ENGINE === 'sqlite') {
      const file = server.database.replace(/^sqlite:/, '');
      raw = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))).toString('latin1');
    } else {
      raw = execFileSync('psql', [server.database, '-At', '-c', 'SELECT n::text FROM notes n UNION ALL SELECT a::text FROM note_addenda a']).toString();
      assert.ok(raw.length > 100, 'the notes are there');
    }
    assert.ok(!raw.includes(PHRASE), 'the phrase is not in the database');
    assert.ok(!raw.includes('no change to the plan'), 'nor the addendum');
  });

  it('lists visits waiting for a signed note past the allowance', async () => {
    const res = await therapist.request('GET', '/api/v1/notes/overdue');
    assert.equal(res.status, 200, res.text);
    assert.ok(Array.isArray(res.json.items));
    const desk = await signedIn(server.url, DEMO.front_desk);
    assert.equal((await desk.request('GET', '/api/v1/notes/overdue')).status, 403);
  });
});
