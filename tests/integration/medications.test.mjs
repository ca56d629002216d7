// The client's medication list (collaborative care): the psychiatric nurse practitioner keeps it, the
// therapist who shares the client records side effects and adherence, every change is an event with who
// and why, the details are sealed at rest, and only those who keep the client's chart see it — not the
// front desk, not billing, not a clinician of other clients, not another practice.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, rawStorage, startServer } from '../lib/server.mjs';

describe(`the medication list (${ENGINE})`, () => {
  let server;
  let practice;
  let np;        // the prescriber
  let therapist; // shares the client
  let other;     // a clinician of other clients
  let desk;
  let client;
  const path = () => `/api/v1/clients/${client.id}/medications`;
  /** What the client sends back to change a medication: its fields as entered, the version read. */
  const input = (m) => Object.fromEntries(['name', 'rxnorm', 'strength', 'form', 'dose', 'route', 'frequency', 'prescriber',
    'prescriber_clinician_id', 'sent_to', 'reason', 'notes', 'started_on', 'version'].filter((k) => m[k] != null).map((k) => [k, m[k]]));
  const list = async (who) => (await who.request('GET', path())).json.items;

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Cedar Collaborative' });
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const okafor = await practice.clinician({ given: 'Chidi', family: 'Okafor', discipline: 'counseling' });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    other = await practice.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    desk = await practice.invite('front_desk', { local: 'desk' });
    const made = await practice.owner.request('POST', '/api/v1/clients', { body: { given_name: 'Rowan', family_name: 'Medlist',
      birth_date: '1985-07-08', email: 'rowan@client.example.com', location_state: 'CO', time_zone: 'America/Denver',
      clinician_ids: [shah.id, lane.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    np.clinicianId = shah.id;
  });
  after(async () => server?.stop());

  let sertraline;
  it('the prescriber adds a medication; the list shows it with who started it', async () => {
    const res = await np.request('POST', path(), { body: { name: 'Sertraline (Pangolin test)', rxnorm: '312938', strength: '50 mg',
      form: 'tablet', dose: '1 tablet', route: 'by mouth', frequency: 'once daily', prescriber_clinician_id: np.clinicianId,
      sent_to: 'Example Pharmacy, Main St', reason: 'depression' } });
    assert.equal(res.status, 201, res.text);
    sertraline = res.json;
    assert.equal(sertraline.prescriber, 'Priya Shah', "the practice's prescriber is named from their record");
    assert.equal(sertraline.version, 1);
    assert.equal(sertraline.stopped_on, null);
    assert.deepEqual(sertraline.history.map((e) => e.kind), ['started']);
    assert.ok(sertraline.history[0].by, 'who started it');
    const res2 = await therapist.request('GET', path());
    assert.equal(res2.status, 200, res2.text);
    assert.deepEqual(res2.json.items.map((m) => m.name), ['Sertraline (Pangolin test)'], 'the therapist who shares the client sees it');
  });

  it('refuses what is not a medication entry, naming the fields, and writes nothing', async () => {
    const bad = await np.request('POST', path(), { body: { name: ' ', rxnorm: 'RX1' } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['name', 'rxnorm']);
    const stranger = await np.request('POST', path(), { body: { name: 'lithium', prescriber_clinician_id: 'no-such-clinician' } });
    assert.equal(stranger.status, 400, stranger.text);
    assert.equal((await list(np)).length, 1);
  });

  it('the therapist records side effects and adherence; the prescriber changes the dose with a reason', async () => {
    const seen = await therapist.request('POST', `${path()}/${sertraline.id}/observations`,
      { body: { adherence: 'misses_doses', side_effects: ['nausea', 'insomnia'], note: 'Forgets the morning dose' } });
    assert.equal(seen.status, 201, seen.text);
    assert.equal(seen.json.version, 1, 'an observation does not change the medication');
    const last = seen.json.history.at(-1);
    assert.deepEqual([last.kind, last.adherence, last.side_effects], ['observed', 'misses_doses', ['nausea', 'insomnia']]);
    const unknown = await therapist.request('POST', `${path()}/${sertraline.id}/observations`, { body: { side_effects: ['hair_loss'] } });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal((await therapist.request('POST', `${path()}/${sertraline.id}/observations`, { body: { adherence: 'sometimes' } })).status, 400);

    const body = { ...input(sertraline), strength: '100 mg', why: 'Partial response at 50 mg' };
    const noWhy = await np.request('PUT', `${path()}/${sertraline.id}`, { body: { ...body, why: '' } });
    assert.equal(noWhy.status, 400, noWhy.text);
    const changed = await np.request('PUT', `${path()}/${sertraline.id}`, { body });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.version, 2);
    const event = changed.json.history.at(-1);
    assert.equal(event.kind, 'changed');
    assert.equal(event.why, 'Partial response at 50 mg');
    assert.deepEqual(event.changes, ['strength: 50 mg → 100 mg']);
    const { started_on: _, ...withoutStart } = { ...body, strength: '150 mg', version: 2, why: 'Titrating' };
    const kept = await np.request('PUT', `${path()}/${sertraline.id}`, { body: withoutStart });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.json.started_on, sertraline.started_on, 'a change that does not send the start keeps it');
    assert.deepEqual(kept.json.history.at(-1).changes, ['strength: 100 mg → 150 mg']);
    const stale = await therapist.request('PUT', `${path()}/${sertraline.id}`, { body: { ...body, strength: '200 mg' } });
    assert.equal(stale.status, 409, 'a change from an old version is refused');
  });

  it('stops it with a reason; a stopped medication is not changed again', async () => {
    const [current] = await list(np);
    const noReason = await np.request('POST', `${path()}/${sertraline.id}/stop`, { body: { version: current.version } });
    assert.equal(noReason.status, 400, noReason.text);
    const stopped = await np.request('POST', `${path()}/${sertraline.id}/stop`, { body: { version: current.version, reason: 'Nausea did not settle' } });
    assert.equal(stopped.status, 200, stopped.text);
    assert.ok(stopped.json.stopped_on);
    assert.equal(stopped.json.history.at(-1).kind, 'stopped');
    assert.equal((await np.request('POST', `${path()}/${sertraline.id}/stop`, { body: { version: stopped.json.version, reason: 'again' } })).status, 409);
    assert.equal((await np.request('PUT', `${path()}/${sertraline.id}`, { body: { ...input(stopped.json), dose: '2 tablets', why: 'x' } })).status, 409);
    const added = await np.request('POST', path(), { body: { name: 'Bupropion XL', strength: '150 mg', dose: '1 tablet', frequency: 'every morning' } });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual((await list(np)).map((m) => m.name), ['Bupropion XL', 'Sertraline (Pangolin test)'], 'active first');
  });

  it("opens a medication-management note with the active list, which the prescriber then edits", async () => {
    const note = await np.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'med_management' } });
    assert.equal(note.status, 201, note.text);
    assert.deepEqual(note.json.content['plan.medications'], [['Bupropion XL 150 mg', '1 tablet', 'every morning', '']],
      'the active medications (the stopped one left out), in the table\'s columns');
    const soap = await therapist.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'soap' } });
    assert.equal(soap.status, 201, soap.text);
    assert.deepEqual(soap.json.content, {}, 'a note without a medication table starts empty');
  });

  it('is seen only by those who keep the chart, and audited', async () => {
    assert.equal((await desk.request('GET', path())).status, 403, 'not the front desk');
    assert.equal((await other.request('GET', path())).status, 404, "a clinician of other clients does not learn it exists");
    assert.equal((await other.request('POST', path(), { body: { name: 'x' } })).status, 404);
    const elsewhere = await newPractice(server, { name: 'Elsewhere Practice' });
    assert.equal((await elsewhere.owner.request('GET', path())).status, 404, 'another practice');
    assert.equal((await elsewhere.owner.request('POST', `${path()}/${sertraline.id}/observations`, { body: { note: 'x' } })).status, 404);
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items.map((e) => e.action);
    for (const action of ['medication.add', 'medication.observe', 'medication.change', 'medication.stop', 'medication.list'])
      assert.ok(audit.includes(action), action);
  });

  it('keeps the details sealed at rest', () => {
    const raw = rawStorage(server, ['medications', 'medication_events']);
    assert.ok(!raw.includes('Pangolin'), 'no medication name in the database file');
    assert.ok(!raw.includes('Forgets the morning dose'), 'no observation in the database file');
  });
});
