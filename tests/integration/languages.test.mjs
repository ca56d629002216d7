// A client reads their e-mails and pages in their own language (English or Spanish; the words are data:
// data/words.<code>.json for e-mails, web/src/locales for pages), through real SMTP on loopback: the
// practice sets a client's language on the record, the client changes it from their pages, a guardian's
// choice is their own, and a language Duet has no words for is refused with the field named.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';
import { readMail, startSmtp } from '../lib/smtp.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tokenOf = (path) => path.split('/').pop();
const PASSWORD = 'a-client-password-123';

describe(`languages of the client's side (${ENGINE})`, () => {
  let smtp;
  let server;
  let practice;
  let desk;
  let ana;  // a Spanish-speaking client with her own account
  let anaPages;
  /** The decoded messages to `address` whose subject matches `subject`, once `count` have arrived. */
  const mailsTo = async (address, subject, count = 1) => {
    const pick = () => smtp.messages.filter((m) => m.to.includes(address)).map(readMail).filter((m) => subject.test(m.subject));
    const deadline = Date.now() + 10000;
    while (pick().length < count && Date.now() < deadline) await sleep(50);
    return pick();
  };
  const newClient = async (given, email, extra = {}) => {
    const res = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Idioma', birth_date: '1988-05-06',
      email, location_state: 'CO', time_zone: 'America/Denver', ...extra } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Alameda <no-reply@alameda.example.com>', '--job-poll-seconds', '1'] });
    practice = await newPractice(server, { name: 'Alameda Counseling' });
    desk = await practice.invite('front_desk', { local: 'desk' });
  });
  after(async () => {
    await server?.stop().catch(() => {});
    await smtp?.close();
  });

  it('refuses a language Duet has no words for, naming the field, and keeps the record unchanged', async () => {
    const bad = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Noa', family_name: 'Idioma', birth_date: '1990-01-01',
      email: 'noa@client.example.com', location_state: 'CO', time_zone: 'America/Denver', language: 'xx' } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field), ['language'], bad.text);
    assert.ok(bad.json.errors.some((e) => e.field === 'language'), bad.text);
    const listed = (await desk.request('GET', '/api/v1/clients?q=Noa')).json.items ?? [];
    assert.equal(listed.length, 0, 'nothing was written');
    const noa = await newClient('Noa', 'noa@client.example.com');
    assert.equal(noa.language, 'en', 'English unless the practice says otherwise');
    const changed = await desk.request('PATCH', `/api/v1/clients/${noa.id}`, { body: { language: 'klingon', version: noa.version } });
    assert.equal(changed.status, 400, changed.text);
    assert.equal((await desk.request('GET', `/api/v1/clients/${noa.id}`)).json.language, 'en');
  });

  it('a Spanish-speaking client is invited, reminded of forms and signs in by link in Spanish', async () => {
    ana = await newClient('Ana', 'ana@client.example.com', { language: 'es' });
    assert.equal(ana.language, 'es');
    const inv = await desk.request('POST', `/api/v1/clients/${ana.id}/portal-invitation`, { body: { email: 'ana@client.example.com' } });
    assert.equal(inv.status, 201, inv.text);
    const [invitation] = await mailsTo('ana@client.example.com', /Duet/);
    assert.equal(invitation.subject, 'Alameda Counseling creó su cuenta de Duet');
    assert.match(invitation.body, /Abra este enlace para elegir su contraseña/);
    assert.match(invitation.body, /\/invite\/[A-Za-z0-9_-]+\?lang=es/, 'the page opens in Spanish');
    assert.ok(!/Ana|Idioma/.test(invitation.subject + invitation.body), 'the e-mail names no one');

    const ana1 = new Client(server.url);
    anaPages = ana1;
    const acc = await ana1.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
    assert.equal(acc.status, 200, acc.text);
    assert.equal((await ana1.request('GET', '/api/v1/portal/me')).json.language, 'es', "the account takes the client's language");

    const sent = await desk.request('POST', `/api/v1/clients/${ana.id}/intake-forms`, { body: { form_key: 'general_intake' } });
    assert.ok([200, 201].includes(sent.status), sent.text);
    const [form] = await mailsTo('ana@client.example.com', /formulario/);
    assert.ok(form, 'the form notice arrived');
    assert.equal(form.subject, 'Un formulario de Alameda Counseling');
    assert.match(form.body, /No responda a este correo/);

    assert.equal((await new Client(server.url).request('POST', '/api/v1/auth/sign-in-link', { body: { email: 'ana@client.example.com' } })).status, 204);
    const [link] = await mailsTo('ana@client.example.com', /enlace para entrar/);
    assert.ok(link, 'the sign-in link arrived');
    assert.match(link.body, /Funciona una sola vez, durante 15 minutos/);
    assert.match(link.body, /\/signin\/link\/[A-Za-z0-9_-]+\?lang=es/);
  });

  it('a Spanish-speaking client reads and signs the consents in Spanish; the chart says so', async () => {
    const forms = (await anaPages.request('GET', '/api/v1/portal/forms')).json;
    const telehealth = forms.consents.find((c) => c.kind === 'telehealth_consent');
    assert.equal(telehealth.language, 'es');
    assert.equal(telehealth.title, 'Consentimiento para telesalud');
    assert.match(telehealth.text, /^Acepto recibir atención/);
    const signed = await anaPages.request('POST', '/api/v1/portal/consents/telehealth_consent/sign',
      { body: { signed_name: 'Ana Idioma', version: telehealth.version, language: 'es' } });
    assert.equal(signed.status, 201, signed.text);
    assert.equal(signed.json.language, 'es');
    const stale = await anaPages.request('POST', '/api/v1/portal/consents/treatment_consent/sign',
      { body: { signed_name: 'Ana Idioma', version: telehealth.version + 1, language: 'es' } });
    assert.equal(stale.status, 409, 'a wording that changed is read again first');

    const doc = (await practice.owner.request('GET', `/api/v1/clients/${ana.id}/documents`)).json.items.find((d) => d.kind === 'telehealth_consent');
    assert.equal(doc.title, 'Consent to telehealth (version 1, signed in the portal, in Spanish)');
    const pdf = await fetch(`${server.url}/api/v1/documents/${doc.id}/content`, { headers: { Cookie: practice.owner.cookie } });
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\s+/g, ' ');
    assert.match(text, /Consentimiento para telesalud/);
    assert.match(text, /Acepto recibir atención por video seguro/, 'the words she read');
    assert.match(text, /read and signed, in Spanish \(Consent to telehealth\)/);
    assert.match(text, /Signed by: Ana Idioma/);
  });

  it("the client changes their language from their pages, and the practice's record follows", async () => {
    const leo = await newClient('Leo', 'leo@client.example.com');
    const inv = await desk.request('POST', `/api/v1/clients/${leo.id}/portal-invitation`, { body: { email: 'leo@client.example.com' } });
    const c = new Client(server.url);
    assert.equal((await c.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } })).status, 200);
    assert.equal((await c.request('GET', '/api/v1/portal/me')).json.language, 'en');

    const wrong = await c.request('PUT', '/api/v1/portal/language', { body: { language: 'xx' } });
    assert.equal(wrong.status, 400, wrong.text);
    assert.ok(wrong.json.errors.some((e) => e.field === 'language'), wrong.text);
    assert.equal((await c.request('PUT', '/api/v1/portal/language', { body: {} })).status, 400, 'the language is required');

    const home = await c.request('PUT', '/api/v1/portal/language', { body: { language: 'es' } });
    assert.equal(home.status, 200, home.text);
    assert.equal(home.json.language, 'es');
    const record = (await desk.request('GET', `/api/v1/clients/${leo.id}`)).json;
    assert.equal(record.language, 'es', "the client's own choice is the record's: reminders follow it");
    assert.ok(record.version > leo.version, 'the record changed version (an editor holding the old one is told)');

    // The practice sets it back on the record: the account follows.
    const back = await desk.request('PATCH', `/api/v1/clients/${leo.id}`, { body: { language: 'en', version: record.version } });
    assert.equal(back.status, 200, back.text);
    assert.equal((await c.request('GET', '/api/v1/portal/me')).json.language, 'en');

    const audit = (await practice.owner.request('GET', '/api/v1/audit')).json.items;
    assert.ok(audit.some((e) => e.action === 'user.language' && e.detail === 'es'), 'the change is audited');
    // A staff account has no client pages to set a language for.
    assert.equal((await desk.request('PUT', '/api/v1/portal/language', { body: { language: 'es' } })).status, 403);
  });

  it("a guardian's language is their own; the child's record keeps its own", async () => {
    const teo = await newClient('Teo', 'teo@client.example.com', { birth_date: '2012-03-04', language: 'en' });
    const inv = await desk.request('POST', `/api/v1/clients/${teo.id}/portal-invitation`, { body: { email: 'parent.idioma@family.example.com', guardian: true } });
    assert.equal(inv.status, 201, inv.text);
    const parent = new Client(server.url);
    assert.equal((await parent.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } })).status, 200);
    const home = await parent.request('PUT', '/api/v1/portal/language', { body: { language: 'es' } });
    assert.equal(home.status, 200, home.text);
    assert.equal(home.json.language, 'es');
    assert.equal((await desk.request('GET', `/api/v1/clients/${teo.id}`)).json.language, 'en', "a guardian's choice is not the child's");
  });
});
