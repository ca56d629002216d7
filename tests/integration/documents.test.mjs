// Chart documents and consents over HTTP: a PDF kept encrypted (the raw database never holds its
// text), the type decided by the bytes, a telehealth consent signed in session that the next video
// note shows as on file, and only the chart may read them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, startServer } from '../lib/server.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MARK = 'SLEEP-LOG-ORANGE-HERON';
const pdf = `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${MARK}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;

describe(`documents and consents (${ENGINE})`, () => {
  let server;
  let therapist;
  let alex;
  before(async () => {
    server = await startServer();
    therapist = await signedIn(server.url, DEMO.clinician);
    alex = await demoClient(therapist, 'Alex');
  });
  after(async () => server?.stop());

  it('keeps a PDF in the chart, encrypted, and returns it byte for byte', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/documents`,
      { body: { title: 'Sleep log', category: 'outside_records', document_date: '2026-11-20', data: Buffer.from(pdf).toString('base64') } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.content_type, 'application/pdf');
    assert.equal(res.json.category, 'outside_records');
    const unknown = await therapist.request('POST', `/api/v1/clients/${alex.id}/documents`,
      { body: { title: 'Sleep log', category: 'doodles', data: Buffer.from(pdf).toString('base64') } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.errors?.[0]?.field ?? unknown.json.field ?? 'category', 'category');
    const listed = await therapist.request('GET', `/api/v1/clients/${alex.id}/documents`);
    assert.deepEqual(listed.json.items.map((d) => [d.title, d.category]), [['Sleep log', 'outside_records']], 'the refused one was not kept');
    const back = await fetch(`${server.url}/api/v1/documents/${res.json.id}/content`, { headers: { Cookie: therapist.cookie } });
    assert.equal(back.status, 200);
    assert.equal(back.headers.get('content-type'), 'application/pdf');
    assert.equal(back.headers.get('content-disposition'), 'attachment; filename="document.pdf"');
    assert.equal(await back.text(), pdf);
    if (ENGINE === 'sqlite') {
      const file = server.database.replace(/^sqlite:/, '');
      const raw = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))).toString('latin1');
      assert.ok(!raw.includes(MARK), 'the file is not stored in the clear');
    }
  });

  it('refuses files that are not PDF or images, whatever they claim', async () => {
    const html = await therapist.request('POST', `/api/v1/clients/${alex.id}/documents`,
      { body: { title: 'report.pdf', data: Buffer.from('<html><script>alert(1)</script></html>').toString('base64') } });
    assert.equal(html.status, 400);
    assert.equal((await therapist.request('POST', `/api/v1/clients/${alex.id}/documents`, { body: { title: 'x', data: '!!!' } })).status, 400);
    // Every size over the limit gets the same clear 413, whether it is just over or well over.
    for (const kb of [701, 720, 735, 760]) {
      const big = await therapist.request('POST', `/api/v1/clients/${alex.id}/documents`,
        { body: { title: 'big', data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(kb * 1024)]).toString('base64') } });
      assert.equal(big.status, 413, `${kb} KB: ${big.status} ${big.text}`);
      assert.match(big.json.detail, /700 KB/);
    }
  });

  it('records a telehealth consent signed in session, and the next video note shows it on file', async () => {
    const res = await therapist.request('POST', `/api/v1/clients/${alex.id}/consents`, { body: { kind: 'telehealth_consent' } });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.signed.name, /Alex/);
    assert.match(res.json.signed.witnessed_by, /Rowan Stone/);
    const text = await (await fetch(`${server.url}/api/v1/documents/${res.json.id}/content`, { headers: { Cookie: therapist.cookie } })).text();
    assert.match(text, /say where I am \(the US state\)/);
    const list = await therapist.request('GET', `/api/v1/clients/${alex.id}/documents`);
    assert.deepEqual(list.json.items.map((d) => d.kind).sort(), ['document', 'telehealth_consent']);

    const owner = await signedIn(server.url, DEMO.owner);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const visit = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
      mode: 'video', start: iso(Date.now() + 86_400_000), override_reason: 'documents test at any hour' } });
    assert.equal(visit.status, 201, visit.text);
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, appointment_id: visit.json.id, template_key: 'soap' } });
    assert.equal(note.status, 201, note.text);
    assert.match(note.json.visit.telehealth_consent, /^signed \d{4}-\d{2}-\d{2}$/);
  });

  it('lets only the chart read documents', async () => {
    const list = await therapist.request('GET', `/api/v1/clients/${alex.id}/documents`);
    const id = list.json.items[0].id;
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('GET', `/api/v1/documents/${id}/content`)).status, 403);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.equal((await ot.request('GET', `/api/v1/documents/${id}/content`)).status, 404);
    assert.equal((await ot.request('GET', `/api/v1/clients/${alex.id}/documents`)).status, 404);
  });
});
