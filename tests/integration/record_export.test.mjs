// The right of access: a client's record as a readable PDF (read back with poppler's pdftotext),
// with their progress notes and addenda, and never a psychotherapy note.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, startServer } from '../lib/server.mjs';

describe(`record export (${ENGINE})`, () => {
  let server;
  let therapist;
  let alex;
  before(async () => {
    server = await startServer();
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'dap' } });
    const saved = await therapist.request('PUT', `/api/v1/notes/${note.json.id}`, { body: { version: note.json.version, content: {
      'data.data': 'Discussed the tangerine notebook exercise.', 'data.risk': 'None reported', 'assessment.assessment': 'Steady progress.',
      'plan.plan': 'Continue weekly.' } } });
    assert.equal(saved.status, 200, saved.text);
    const signed = await therapist.request('POST', `/api/v1/notes/${note.json.id}/sign`, { body: { version: saved.json.version } });
    assert.equal(signed.status, 200, signed.text);
    await therapist.request('POST', `/api/v1/notes/${note.json.id}/addenda`, { body: { text: 'Addendum about the violet umbrella.' } });
    const private_ = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'psychotherapy_note' } });
    await therapist.request('PUT', `/api/v1/notes/${private_.json.id}`, { body: { version: private_.json.version, content: { 'private.notes': 'Secret walrus reflection.' } } });
  });
  after(async () => server?.stop());

  it('is a PDF with the chart and without psychotherapy notes', async () => {
    const res = await fetch(`${server.url}/api/v1/clients/${alex.id}/record.pdf`, { headers: { Cookie: therapist.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString();
    assert.match(text, /Health record: Alex Morgan/);
    assert.match(text, /1991-03-14/);
    assert.match(text, /tangerine notebook/);
    assert.match(text, /violet umbrella/);
    assert.match(text, /content hash\s+[0-9a-f]{64}/);
    assert.doesNotMatch(text, /walrus/i, 'psychotherapy notes are never exported');
    const owner = await signedIn(server.url, DEMO.owner);
    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${alex.id}`)).json.items;
    assert.ok(audit.some((e) => e.action === 'record.export'));
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', `/api/v1/clients/${alex.id}/record.pdf`)).status, 403);
  });
});
