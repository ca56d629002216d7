// A client's forms in the portal, in a practice built from nothing: the practice's consents read and
// signed remotely (the exact version, the typed name, the time and the address kept as a PDF in the
// chart), and a questionnaire the clinician sent, filled from the portal (the e-mailed link then stops).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';

const tokenOf = (path) => path.split('/').pop();

/** A client of the clinician, added by `staff`, with a portal account they have accepted: [record, signed-in Client]. */
async function withPortal(server, staff, clinician, given, family) {
  const email = `${given.toLowerCase()}@client.example.com`;
  const res = await staff.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: family, birth_date: '1990-02-03',
    email, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [clinician.id] } });
  assert.equal(res.status, 201, res.text);
  const inv = await staff.request('POST', `/api/v1/clients/${res.json.id}/portal-invitation`, { body: { email } });
  const c = new Client(server.url);
  const acc = await c.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: `${given}-portal-password` } });
  assert.equal(acc.status, 200, acc.text);
  c.csrf = acc.json.csrf_token;
  return [res.json, c];
}

describe(`a client's forms (${ENGINE})`, () => {
  let server;
  let practice;
  let noorUser;
  let jordan;
  let j;
  let r;
  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Harbor Light Therapy' });
    const noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    noorUser = await practice.invite('clinician', { local: 'noor', clinician_id: noor.id });
    [jordan, j] = await withPortal(server, noorUser, noor, 'Jordan', 'Forms');
    [, r] = await withPortal(server, noorUser, noor, 'Riley', 'Forms');
  });
  after(async () => server?.stop());

  it('lets the client read and sign a consent remotely, kept in the chart as a PDF', async () => {
    const forms = await j.request('GET', '/api/v1/portal/forms');
    assert.equal(forms.status, 200, forms.text);
    assert.deepEqual(forms.json.consents.map((c) => [c.kind, c.signed_at]),
      [['treatment_consent', null], ['telehealth_consent', null], ['financial_policy', null]]);
    const telehealth = forms.json.consents.find((c) => c.kind === 'telehealth_consent');
    assert.match(telehealth.text, /where I am/);

    const stale = await j.request('POST', '/api/v1/portal/consents/telehealth_consent/sign', { body: { signed_name: 'Jordan Forms', version: telehealth.version + 1 } });
    assert.equal(stale.status, 409, 'a wording the client did not read cannot be signed');
    const blank = await j.request('POST', '/api/v1/portal/consents/telehealth_consent/sign', { body: { signed_name: '  ', version: telehealth.version } });
    assert.equal(blank.status, 400);
    assert.equal((await j.request('POST', '/api/v1/portal/consents/anything/sign', { body: { signed_name: 'Jordan Forms', version: 1 } })).status, 404);
    const signed = await j.request('POST', '/api/v1/portal/consents/telehealth_consent/sign', { body: { signed_name: 'Jordan Forms', version: telehealth.version } });
    assert.equal(signed.status, 201, signed.text);
    assert.ok(signed.json.signed_at);
    assert.ok((await j.request('GET', '/api/v1/portal/forms')).json.consents.find((c) => c.kind === 'telehealth_consent').signed_at);
    assert.equal((await r.request('GET', '/api/v1/portal/forms')).json.consents.find((c) => c.kind === 'telehealth_consent').signed_at, null,
      'another client\'s forms are their own');

    // The chart keeps it as a PDF: the wording, the version, the name, the time, the address.
    const docs = (await noorUser.request('GET', `/api/v1/clients/${jordan.id}/documents`)).json.items;
    const doc = docs.find((d) => d.kind === 'telehealth_consent');
    assert.equal(doc.content_type, 'application/pdf');
    assert.equal(doc.signed.name, 'Jordan Forms');
    assert.equal(doc.signed.witnessed_by, '', 'signed remotely: no witness');
    const pdf = await fetch(`${server.url}/api/v1/documents/${doc.id}/content`, { headers: { Cookie: noorUser.cookie } });
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\s+/g, ' ');
    assert.match(text, /Consent to telehealth/);
    assert.match(text, new RegExp(`Version ${telehealth.version}`));
    assert.match(text, /Signed by: Jordan Forms/);
    assert.match(text, /From the address: (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)/);
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${jordan.id}`)).json.items;
    assert.ok(audit.some((e) => e.action === 'consent.record' && e.actor_role === 'client'));
  });

  it('fills a questionnaire the clinician sent from the portal; the e-mailed link stops working', async () => {
    const sent = await noorUser.request('POST', `/api/v1/clients/${jordan.id}/measures`, { body: { instrument: 'phq9' } });
    assert.equal(sent.status, 201, sent.text);
    const open = (await j.request('GET', '/api/v1/portal/forms')).json.questionnaires;
    assert.deepEqual(open.map((q) => [q.instrument, q.name]), [['phq9', 'PHQ-9']]);
    assert.deepEqual((await r.request('GET', '/api/v1/portal/forms')).json.questionnaires, []);
    assert.equal((await r.request('POST', `/api/v1/portal/questionnaires/${open[0].id}/link`)).status, 404, 'not Riley\'s');
    const link = await j.request('POST', `/api/v1/portal/questionnaires/${open[0].id}/link`);
    assert.equal(link.status, 201, link.text);
    assert.match(link.json.path, /^\/measure\/[A-Za-z0-9_-]{20,}$/);
    const anon = new Client(server.url);
    assert.equal((await anon.request('GET', `/api/v1/measures/links/${tokenOf(sent.json.path)}`)).status, 404, 'the e-mailed link stopped');
    assert.equal((await anon.request('GET', `/api/v1/measures/links/${tokenOf(link.json.path)}`)).status, 200);
    const answered = await anon.request('POST', `/api/v1/measures/links/${tokenOf(link.json.path)}`, { body: { answers: [1, 1, 0, 0, 1, 0, 0, 0, 0], functional: 1 } });
    assert.ok(answered.status < 300, answered.text);
    assert.deepEqual((await j.request('GET', '/api/v1/portal/forms')).json.questionnaires, [], 'filled: no longer open');
    assert.equal((await j.request('POST', `/api/v1/portal/questionnaires/${open[0].id}/link`)).status, 404);
  });
});

describe(`a client's records (${ENGINE})`, () => {
  let server;
  let practice;
  let noorUser;
  let ariUser;
  let jordan;
  let j;
  let r;
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Harbor Light Therapy' });
    const noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    const ari = await practice.clinician({ given: 'Ari', family: 'Other' });
    noorUser = await practice.invite('clinician', { local: 'noor', clinician_id: noor.id });
    ariUser = await practice.invite('clinician', { local: 'ari', clinician_id: ari.id });
    [jordan, j] = await withPortal(server, noorUser, noor, 'Jordan', 'Records');
    [, r] = await withPortal(server, noorUser, noor, 'Riley', 'Records');
  });
  after(async () => server?.stop());

  it('shows the client only what the practice shared, and their own results', async () => {
    const up = await noorUser.request('POST', `/api/v1/clients/${jordan.id}/documents`, { body: { title: 'Home exercise plan', category: 'other', data: PDF.toString('base64') } });
    assert.equal(up.status, 201, up.text);
    const hidden = await noorUser.request('POST', `/api/v1/clients/${jordan.id}/documents`, { body: { title: 'Referral letter', category: 'referral', data: PDF.toString('base64') } });
    assert.equal((await j.request('GET', '/api/v1/portal/records')).json.documents.length, 0, 'nothing shared yet');
    assert.equal((await j.request('GET', `/api/v1/portal/documents/${up.json.id}`)).status, 404);
    assert.equal((await ariUser.request('PUT', `/api/v1/documents/${up.json.id}/sharing`, { body: { shared: true } })).status, 404, 'not Ari\'s client');
    const shared = await noorUser.request('PUT', `/api/v1/documents/${up.json.id}/sharing`, { body: { shared: true } });
    assert.equal(shared.status, 200, shared.text);
    assert.equal(shared.json.shared_with_client, true);
    const mine = (await j.request('GET', '/api/v1/portal/records')).json;
    assert.deepEqual(mine.documents.map((d) => d.title), ['Home exercise plan']);
    const file = await fetch(`${server.url}/api/v1/portal/documents/${up.json.id}`, { headers: { Cookie: j.cookie } });
    assert.equal(file.status, 200);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), PDF);
    assert.equal((await fetch(`${server.url}/api/v1/portal/documents/${hidden.json.id}`, { headers: { Cookie: j.cookie } })).status, 404);
    assert.equal((await fetch(`${server.url}/api/v1/portal/documents/${up.json.id}`, { headers: { Cookie: r.cookie } })).status, 404, 'another client gets nothing');
    assert.deepEqual((await r.request('GET', '/api/v1/portal/records')).json.documents, []);
    const entered = await noorUser.request('POST', `/api/v1/clients/${jordan.id}/measures/responses`, { body: { instrument: 'gad7', answers: [1, 1, 1, 0, 0, 1, 0] } });
    assert.equal(entered.status, 201, entered.text);
    const results = (await j.request('GET', '/api/v1/portal/records')).json.results;
    assert.deepEqual(results.map((x) => [x.name, x.total, x.band]), [['GAD-7', 4, 'minimal']]);
    assert.deepEqual((await r.request('GET', '/api/v1/portal/records')).json.results, []);
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${jordan.id}`)).json.items;
    assert.ok(audit.some((e) => e.action === 'portal.records' && e.actor_role === 'client'));
    assert.ok(audit.some((e) => e.action === 'document.read' && e.actor_role === 'client'));
  });

  it('takes a request for the whole record, due in 30 days, delivered as a PDF the client downloads', async () => {
    const asked = await j.request('POST', '/api/v1/portal/record-requests');
    assert.equal(asked.status, 201, asked.text);
    assert.equal(Date.parse(asked.json.due_at) - Date.parse(asked.json.requested_at), 30 * 86400_000);
    assert.equal((await j.request('POST', '/api/v1/portal/record-requests')).status, 409, 'one open at a time');
    const open = (await noorUser.request('GET', '/api/v1/record-requests')).json.items;
    assert.deepEqual(open.map((x) => [x.client_name, x.overdue]), [['Jordan Records', false]]);
    assert.deepEqual((await ariUser.request('GET', '/api/v1/record-requests')).json.items, [], 'not Ari\'s client');
    assert.equal((await ariUser.request('POST', `/api/v1/record-requests/${asked.json.id}/deliver`)).status, 404);
    const delivered = await noorUser.request('POST', `/api/v1/record-requests/${asked.json.id}/deliver`);
    assert.equal(delivered.status, 200, delivered.text);
    assert.equal(delivered.json.status, 'delivered');
    assert.equal((await noorUser.request('POST', `/api/v1/record-requests/${asked.json.id}/deliver`)).status, 422, 'once');
    const records = (await j.request('GET', '/api/v1/portal/records')).json;
    assert.equal(records.requests[0].status, 'delivered');
    const doc = records.documents.find((d) => d.id === delivered.json.document_id);
    assert.match(doc.title, /^Your record/);
    const pdf = await fetch(`${server.url}/api/v1/portal/documents/${doc.id}`, { headers: { Cookie: j.cookie } });
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString();
    assert.match(text, /Jordan/);
    assert.deepEqual((await noorUser.request('GET', '/api/v1/record-requests')).json.items, [], 'answered');
    assert.equal((await j.request('POST', '/api/v1/portal/record-requests')).status, 201, 'a new request after delivery');
  });
});
