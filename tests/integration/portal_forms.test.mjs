// A client's forms in the portal, in a practice built from nothing: the practice's consents read and
// signed remotely (the exact version, the typed name, the time and the address kept as a PDF in the
// chart), and a questionnaire the clinician sent, filled from the portal (the e-mailed link then stops).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';

const tokenOf = (path) => path.split('/').pop();

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
    const client = async (given) => {
      const res = await noorUser.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Forms', birth_date: '1990-02-03',
        email: `${given.toLowerCase()}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [noor.id] } });
      assert.equal(res.status, 201, res.text);
      const inv = await noorUser.request('POST', `/api/v1/clients/${res.json.id}/portal-invitation`, { body: { email: `${given.toLowerCase()}@client.example.com` } });
      const c = new Client(server.url);
      const acc = await c.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: `${given}-portal-password` } });
      assert.equal(acc.status, 200, acc.text);
      c.csrf = acc.json.csrf_token;
      return [res.json, c];
    };
    [jordan, j] = await client('Jordan');
    [, r] = await client('Riley');
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
