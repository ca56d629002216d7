// Substance-use-disorder records under 42 CFR Part 2, in a new practice: the therapist marks a note, a document
// and a diagnosis Part 2. Another member of the care team reads them only once the client's agreement names
// Part 2; a release that does not name Part 2 leaves them out of its package (and carries no Part 2 notice);
// a release that names Part 2 includes them with the redisclosure notice, and the accounting of disclosures
// counts that disclosure apart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, startServer } from '../lib/server.mjs';

describe(`Part 2 records (${ENGINE})`, () => {
  let server;
  let practice;
  let therapist;
  let np;
  let client;
  let sud;      // the Part 2 note
  let general;  // an ordinary note
  let doc;
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const pdfText = async (res) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
  const packageOf = (id) => fetch(`${server.url}/api/v1/clients/${client.id}/releases/${id}/package`, {
    method: 'POST', headers: { Cookie: therapist.cookie, 'X-CSRF-Token': therapist.csrf } });
  const writeNote = async (presenting) => {
    const started = await therapist.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'soap' } });
    assert.equal(started.status, 201, started.text);
    const n = started.json;
    const saved = await therapist.request('PUT', `/api/v1/notes/${n.id}`, { body: { version: n.version, content: { ...n.content,
      'subjective.presenting': presenting, 'subjective.mood': 'Anxious', 'objective.observations': 'Engaged.', 'objective.risk': 'None reported',
      'assessment.assessment': 'Stable.', 'assessment.diagnoses': ['F41.1'], 'assessment.progress': 6, 'plan.plan': 'Continue weekly.',
      'plan.interventions': ['CBT'] } } });
    assert.equal(saved.status, 200, saved.text);
    const signed = await therapist.request('POST', `/api/v1/notes/${n.id}/sign`, { body: { version: saved.json.version } });
    assert.equal(signed.status, 200, signed.text);
    return signed.json;
  };
  const release = async (scope) => {
    const res = await therapist.request('POST', `/api/v1/clients/${client.id}/releases`, { body: { recipient_name: 'Dr. Lee Example',
      purpose: 'Coordination of care', scope, expires_on: day(180), signed_name: 'Casey Recovery' } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Birch Recovery Partners' });
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    const made = await therapist.request('POST', '/api/v1/clients', { body: { given_name: 'Casey', family_name: 'Recovery', birth_date: '1979-05-02',
      email: 'casey@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id, shah.id],
      diagnoses: [{ code: 'F10.20', description: 'Alcohol use disorder, moderate', part2: true }, { code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    assert.deepEqual(client.diagnoses.map((d) => [d.code, d.part2]), [['F10.20', true], ['F41.1', false]]);
    sud = await writeNote('Drinking most evenings; wants to cut down (Part 2 test)');
    general = await writeNote('Worry at work (ordinary test)');
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
    const up = await therapist.request('POST', `/api/v1/clients/${client.id}/documents`, { body: { title: 'Detox discharge summary',
      category: 'other', data: Buffer.from(pdf).toString('base64') } });
    assert.equal(up.status, 201, up.text);
    doc = up.json;
  });
  after(async () => server?.stop());

  it('the author marks a signed note Part 2, and a document; others cannot mark what is not theirs', async () => {
    const marked = await therapist.request('PUT', `/api/v1/notes/${sud.id}/part2`, { body: { part2: true } });
    assert.equal(marked.status, 200, marked.text);
    assert.equal(marked.json.note?.part2 ?? marked.json.part2, true);
    assert.equal((await therapist.request('PUT', `/api/v1/notes/${sud.id}/part2`, { body: {} })).status, 400, 'the mark is required');
    const d = await therapist.request('PUT', `/api/v1/documents/${doc.id}/part2`, { body: { part2: true } });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.part2, true);
  });

  it('another member reads signed notes once the client agreed, and Part 2 ones only once the agreement names Part 2', async () => {
    const team = (await therapist.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    const members = team.members.map(({ member: m }) => ({ clinician_id: m.clinician_id, role: m.role }));
    const agree = await therapist.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: team.version, members, shares_notes: true } });
    assert.equal(agree.status, 200, agree.text);
    assert.deepEqual([agree.json.sharing.shares_notes, agree.json.sharing.shares_part2], [true, false]);
    assert.equal((await np.request('GET', `/api/v1/notes/${general.id}`)).status, 200);
    assert.equal((await np.request('GET', `/api/v1/notes/${sud.id}`)).status, 404, 'Part 2: not under an agreement that does not name it');
    const listed = (await np.request('GET', `/api/v1/notes?client_id=${client.id}`)).json.items.map((n) => n.id);
    assert.ok(listed.includes(general.id) && !listed.includes(sud.id));
    const docs = (await np.request('GET', `/api/v1/clients/${client.id}/documents`)).json.items.map((x) => x.id);
    assert.ok(!docs.includes(doc.id), 'nor the Part 2 document');
    assert.equal((await np.request('GET', `/api/v1/documents/${doc.id}/content`)).status, 404);
    assert.equal((await np.request('PUT', `/api/v1/notes/${sud.id}/part2`, { body: { part2: false } })).status, 404, 'cannot unmark what it cannot see');

    const named = await therapist.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: agree.json.version, members, shares_part2: true } });
    assert.equal(named.status, 200, named.text);
    assert.deepEqual([named.json.sharing.shares_notes, named.json.sharing.shares_part2], [true, true]);
    assert.equal((await np.request('GET', `/api/v1/notes/${sud.id}`)).status, 200);
    assert.equal((await np.request('GET', `/api/v1/documents/${doc.id}/content`)).status, 200);
    assert.equal((await np.request('PUT', `/api/v1/notes/${sud.id}/part2`, { body: { part2: false } })).status, 403, 'only its author or the owner marks it');
  });

  it('a release that does not name Part 2 leaves Part 2 records out of its package', async () => {
    const r = await release(['diagnoses', 'notes', 'documents']);
    const pkg = await packageOf(r.id);
    assert.equal(pkg.status, 200);
    const text = await pdfText(pkg);
    assert.match(text, /Worry at work \(ordinary test\)/);
    assert.doesNotMatch(text, /Drinking most evenings/, 'the Part 2 note is withheld');
    assert.doesNotMatch(text, /F10\.20/, 'the Part 2 diagnosis is withheld');
    assert.doesNotMatch(text, /Detox discharge/, 'the Part 2 document is withheld');
    assert.doesNotMatch(text, /42 CFR part 2/i);
    assert.match(text, /F41\.1/);
  });

  it('a release naming Part 2 includes them with the redisclosure notice; the accounting counts it apart', async () => {
    const bad = await therapist.request('POST', `/api/v1/clients/${client.id}/releases`, { body: { recipient_name: 'Dr. Lee Example',
      purpose: 'Coordination of care', scope: ['plan', 'part2'], expires_on: day(180), signed_name: 'Casey Recovery' } });
    assert.equal(bad.status, 400, 'Part 2 names which records');
    const r = await release(['diagnoses', 'notes', 'documents', 'part2']);
    const text = await pdfText(await packageOf(r.id));
    assert.match(text, /Drinking most evenings/);
    assert.match(text, /F10\.20/);
    assert.match(text, /Detox discharge/);
    assert.match(text.replace(/\s+/g, ' '), /protected by federal confidentiality rules \(42 CFR part 2\)/);
    const accounting = (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items;
    assert.equal(accounting.length, 2);
    assert.deepEqual(accounting.map((d) => d.part2), [true, false], 'newest first: the Part 2 disclosure is marked apart');
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items.map((e) => e.action);
    for (const action of ['note.part2', 'document.part2', 'care_team.sharing', 'record.disclose']) assert.ok(audit.includes(action), action);
  });
});
