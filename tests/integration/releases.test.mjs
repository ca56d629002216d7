// Releases of information over HTTP: the client signs a release in session naming who receives
// which parts of the record, why and until when; the release package is a PDF of exactly those
// parts (read back with pdftotext) and never holds a psychotherapy note; each package is a
// disclosure in the client's accounting; a revoked, expired or not-yet-effective release shares
// nothing; recipient and purpose are sealed at rest; only the client's clinicians reach any of it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, rawStorage, signedIn, startServer } from '../lib/server.mjs';

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const RECIPIENT = 'Dr. Quill Ashgrove';
const PURPOSE = 'Coordination of care with the primary care physician at Lindenfield';

describe(`releases of information (${ENGINE})`, () => {
  let server;
  let therapist;
  let alex;
  let release;
  const pdfText = async (res) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
  const packageOf = (id) => fetch(`${server.url}/api/v1/clients/${alex.id}/releases/${id}/package`, {
    method: 'POST', headers: { Cookie: therapist.cookie, 'X-CSRF-Token': therapist.csrf } });

  before(async () => {
    server = await startServer();
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
    const gad = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [2, 2, 1, 1, 2, 1, 1] } });
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'soap' } });
    const saved = await therapist.request('PUT', `/api/v1/notes/${note.json.id}`, { body: { version: note.json.version, content: {
      'subjective.presenting': 'Practised the marigold breathing routine.', 'objective.observations': 'Calm, engaged.',
      'objective.risk': 'None reported', 'objective.measures': [gad.json.id], 'assessment.assessment': 'Improving.', 'plan.plan': 'Continue.' } } });
    assert.equal(saved.status, 200, saved.text);
    const private_ = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'psychotherapy_note' } });
    await therapist.request('PUT', `/api/v1/notes/${private_.json.id}`, { body: { version: private_.json.version, content: { 'private.notes': 'Private heron reflection.' } } });
  });
  after(async () => server?.stop());

  it('refuses an incomplete release, names each gap, and keeps nothing', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/releases`, { body: {
      recipient_name: '', purpose: 'x', scope: ['notes', 'psychotherapy_notes'], expires_on: day(-1), signed_name: 'Alex Morgan' } });
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json.errors.map((e) => e.field).sort(), ['expires_on', 'recipient_name', 'scope']);
    const shape = await therapist.request('POST', `/api/v1/clients/${alex.id}/releases`, { body: { recipient_name: RECIPIENT, purpose: PURPOSE,
      scope: 'notes', expires_on: 'soon', signed_name: 'Alex Morgan', fax: '1' } });
    assert.equal(shape.status, 400);
    assert.deepEqual(shape.json.errors.map((e) => e.field).sort(), ['expires_on', 'fax', 'scope']);
    assert.deepEqual((await therapist.request('GET', `/api/v1/clients/${alex.id}/releases`)).json.items, []);
  });

  it('records a release signed in session and prepares a package of exactly its parts', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/releases`, { body: {
      recipient_name: RECIPIENT, recipient_organization: 'Lindenfield Family Medicine', recipient_contact: 'fax (555) 555-0142',
      purpose: PURPOSE, scope: ['diagnoses', 'notes', 'measures'], expires_on: day(365), signed_name: 'Alex Morgan' } });
    assert.equal(res.status, 201, res.text);
    release = res.json;
    assert.equal(release.state, 'active');
    assert.equal(release.effective_on, day(0));

    const pkg = await packageOf(release.id);
    assert.equal(pkg.status, 200);
    assert.equal(pkg.headers.get('content-type'), 'application/pdf');
    const text = await pdfText(pkg);
    assert.match(text, new RegExp(`Released to: ${RECIPIENT}, Lindenfield Family Medicine`));
    assert.match(text, /Purpose: Coordination of care/);
    assert.match(text, /marigold breathing/, 'the notes it covers');
    assert.match(text, /gad7 · total 10 \(moderate\)/, 'the measure embedded in the note, by its result');
    assert.match(text, /F41\.1/, 'diagnoses');
    assert.doesNotMatch(text, /heron/i, 'never a psychotherapy note');
    assert.doesNotMatch(text, /1991-03-14|Phone:/, 'not the demographics it does not cover');
    assert.doesNotMatch(text, /Plan of care/, 'not the plan it does not cover');
    assert.ok(!rawStorage(server, ['releases', 'disclosures']).includes(RECIPIENT), 'the recipient is sealed at rest');
    assert.ok(!rawStorage(server, ['releases', 'disclosures']).includes('Lindenfield'), 'and so is the purpose');
  });

  it('keeps an accounting of disclosures', async () => {
    const res = await therapist.request('GET', `/api/v1/clients/${alex.id}/disclosures`);
    assert.equal(res.status, 200);
    assert.equal(res.json.items.length, 1);
    const [d] = res.json.items;
    assert.match(d.recipient, new RegExp(RECIPIENT));
    assert.equal(d.purpose, PURPOSE);
    assert.deepEqual(d.scope, ['diagnoses', 'notes', 'measures']);
    assert.equal(d.disclosed_by, 'Dr. Rowan Stone, LPC');
    assert.equal(d.release_id, release.id);
  });

  it('shares nothing under a revoked or not-yet-effective release', async () => {
    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/releases/${release.id}/revoke`)).status, 204);
    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/releases/${release.id}/revoke`)).status, 404);
    const refused = await packageOf(release.id);
    assert.equal(refused.status, 422);
    assert.match((await refused.json()).type, /release_inactive/);
    const later = await therapist.request('POST', `/api/v1/clients/${alex.id}/releases`, { body: { recipient_name: RECIPIENT, purpose: PURPOSE,
      scope: ['plan'], effective_on: day(7), expires_on: day(30), signed_name: 'Alex Morgan' } });
    assert.equal(later.json.state, 'not_yet_effective');
    assert.equal((await packageOf(later.json.id)).status, 422);
    const list = await therapist.request('GET', `/api/v1/clients/${alex.id}/releases`);
    assert.deepEqual(list.json.items.map((r) => r.state), ['not_yet_effective', 'revoked']);
    assert.equal((await therapist.request('GET', `/api/v1/clients/${alex.id}/disclosures`)).json.items.length, 1, 'refusals disclose nothing');
    assert.equal((await packageOf('no-such-release')).status, 404);
  });

  it("is only for the client's clinicians, and every step is audited", async () => {
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.equal((await ot.request('GET', `/api/v1/clients/${alex.id}/releases`)).status, 404);
    assert.equal((await ot.request('GET', `/api/v1/clients/${alex.id}/disclosures`)).status, 404);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', `/api/v1/clients/${alex.id}/releases`)).status, 403);
    const owner = await signedIn(server.url, DEMO.owner);
    const actions = (await owner.request('GET', `/api/v1/audit?client_id=${alex.id}`)).json.items.map((e) => e.action);
    for (const a of ['release.create', 'record.disclose', 'release.revoke', 'release.list', 'disclosure.list']) assert.ok(actions.includes(a), a);
  });
});
