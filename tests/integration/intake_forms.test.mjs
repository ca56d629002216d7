// Intake forms as data, in a practice built from nothing: the built-in form is offered to every new client;
// the client fills it in their own pages, saved as they go, with questions shown by earlier answers; values are
// checked as they are saved and required answers when sent; a sent form is locked and kept in the chart as a
// PDF the client also sees; answers are sealed at rest; the owner adapts forms (a new version; answers keep
// theirs) and makes new ones the front desk sends; another client's form is not found.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, rawStorage, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const tokenOf = (path) => path.split('/').pop();
const ruleOf = (res) => res.json.type?.split('/rules/')[1];
const fields = (res) => res.json.errors.map((e) => e.field).sort();

describe(`intake forms (${ENGINE})`, () => {
  let smtp;
  let server;
  let practice;
  let desk;
  let jordan;
  let riley;
  let j;
  let r;
  let filling;
  const PASSWORD = 'an-intake-password-1';

  const newClient = async (given) => {
    const email = `${given.toLowerCase()}@intake.example.com`;
    const res = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Formfill', birth_date: '1989-03-04',
      email, location_state: 'CO', time_zone: 'America/Denver' } });
    assert.equal(res.status, 201, res.text);
    const inv = await desk.request('POST', `/api/v1/clients/${res.json.id}/portal-invitation`, { body: { email } });
    const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
    assert.equal(acc.status, 200, acc.text);
    const c = new Client(server.url);
    assert.equal((await c.login(email, PASSWORD)).status, 200);
    return [res.json, c];
  };

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Juniper <no-reply@juniper.example.com>', '--job-poll-seconds', '1'] });
    practice = await newPractice(server, { name: 'Juniper Counseling' });
    desk = await practice.invite('front_desk');
    [jordan, j] = await newClient('Jordan');
    [riley, r] = await newClient('Riley');
  });
  after(async () => {
    await server?.stop().catch(() => {});
    await smtp?.close();
  });
  const formMail = (address) => smtp.messages.filter((m) => m.to.includes(address) && /Subject: A form from/.test(m.data));

  it('offers the built-in intake form to every new client', async () => {
    const forms = await practice.owner.request('GET', '/api/v1/intake-forms');
    assert.equal(forms.status, 200, forms.text);
    const general = forms.json.items.find((f) => f.key === 'general_intake');
    assert.ok(general);
    assert.equal(general.built_in, true);
    assert.equal(general.for_new_clients, true);
    const mine = await j.request('GET', '/api/v1/portal/forms');
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json.intake.map((f) => [f.form_key, f.status]), [['general_intake', 'new']]);
  });

  it('saves answers as the client goes, checking values and dropping what a condition hides', async () => {
    const start = await j.request('POST', '/api/v1/portal/intake-forms/general_intake/start');
    assert.equal(start.status, 201, start.text);
    filling = start.json;
    assert.equal(filling.response.status, 'draft');
    assert.deepEqual(filling.content, {});
    const again = await j.request('POST', '/api/v1/portal/intake-forms/general_intake/start');
    assert.equal(again.json.response.id, filling.response.id, 'one draft per form');
    const id = filling.response.id;

    const bad = await j.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: { 'reason.prior': 'Maybe', 'reason.nope': 'x' } } });
    assert.equal(bad.status, 400);
    assert.ok(fields(bad).includes('reason.nope'), bad.text);
    const badChoice = await j.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: { 'reason.prior': 'Maybe' } } });
    assert.equal(badChoice.status, 400);
    assert.deepEqual(fields(badChoice), ['reason.prior']);
    const scale = await j.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: { 'health.sleep': 11 } } });
    assert.equal(scale.status, 400, 'a scale keeps to its range');

    const saved = await j.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: {
      'reason.now': 'Pangolin worries at work', 'reason.prior': 'No', 'reason.prior_detail': 'typed before answering No' } } });
    assert.equal(saved.status, 200, saved.text);
    const read = await j.request('GET', `/api/v1/portal/intake-responses/${id}`);
    assert.deepEqual(read.json.content, { 'reason.now': 'Pangolin worries at work', 'reason.prior': 'No' }, 'the hidden answer is not kept');
    assert.ok(!rawStorage(server, ['intake_responses']).includes('Pangolin'), 'answers are sealed at rest');
    const listed = (await j.request('GET', '/api/v1/portal/forms')).json.intake;
    assert.deepEqual(listed.map((f) => [f.form_key, f.status, f.response_id]), [['general_intake', 'draft', id]]);
  });

  it('requires every shown required answer when sent, then locks it and keeps it in the chart', async () => {
    const id = filling.response.id;
    const partial = { 'reason.now': 'Pangolin worries at work', 'reason.prior': 'No', 'health.medications': 'Yes' };
    const missing = await j.request('POST', `/api/v1/portal/intake-responses/${id}/submit`, { body: { content: partial } });
    assert.equal(missing.status, 400);
    assert.deepEqual(fields(missing), ['health.medication_list', 'safety.harm'], 'shown and required; hidden ones are not');
    assert.match(missing.json.errors[0].message, /is required\.$/);
    const complete = { ...partial, 'health.medication_list': 'Sertraline 50 mg', 'health.sleep': 4, 'health.substances': ['Alcohol'], 'safety.harm': 'No' };
    const sent = await j.request('POST', `/api/v1/portal/intake-responses/${id}/submit`, { body: { content: complete } });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.json.status, 'submitted');
    assert.ok(sent.json.document_id);

    const locked = await j.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: complete } });
    assert.equal(locked.status, 422);
    assert.equal(ruleOf(locked), 'submitted');
    assert.equal((await j.request('POST', `/api/v1/portal/intake-responses/${id}/submit`, { body: { content: complete } })).status, 422);
    assert.equal((await j.request('POST', '/api/v1/portal/intake-forms/general_intake/start')).status, 422, 'sent once');

    // The chart: the PDF with the answers shown, and the client's copy among their records.
    const staff = await desk.request('GET', `/api/v1/clients/${jordan.id}/intake-responses`);
    assert.deepEqual(staff.json.items.map((x) => [x.form_key, x.status, x.document_id]), [['general_intake', 'submitted', sent.json.document_id]]);
    const pdf = await fetch(`${server.url}/api/v1/documents/${sent.json.document_id}/content`, { headers: { Cookie: practice.owner.cookie } });
    assert.equal(pdf.status, 200);
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\s+/g, ' ');
    assert.match(text, /Intake questionnaire/);
    assert.match(text, /Pangolin worries at work/);
    assert.match(text, /Sertraline 50 mg/);
    assert.match(text, /4 \(of 10\)/);
    assert.ok(!text.includes('Tell us about it'), 'a hidden question is not printed');
    const records = (await j.request('GET', '/api/v1/portal/records')).json;
    assert.ok(records.documents.some((d) => d.id === sent.json.document_id), 'the client sees what they sent');
  });

  it('keeps one client\'s form from another', async () => {
    const id = filling.response.id;
    assert.equal((await r.request('GET', `/api/v1/portal/intake-responses/${id}`)).status, 404);
    assert.equal((await r.request('PUT', `/api/v1/portal/intake-responses/${id}`, { body: { content: {} } })).status, 404);
    assert.equal((await r.request('POST', `/api/v1/portal/intake-responses/${id}/submit`, { body: { content: {} } })).status, 404);
    assert.equal((await r.request('POST', '/api/v1/portal/intake-forms/no_such_form/start')).status, 404);
    const other = await newPractice(server, { name: 'Elsewhere' });
    assert.equal((await other.owner.request('GET', `/api/v1/clients/${jordan.id}/intake-responses`)).status, 404);
    assert.equal((await other.owner.request('POST', `/api/v1/clients/${jordan.id}/intake-forms`, { body: { form_key: 'general_intake' } })).status, 404);
  });

  it('lets the owner adapt a form and make new ones the front desk sends', async () => {
    const general = (await practice.owner.request('GET', '/api/v1/intake-forms')).json.items.find((f) => f.key === 'general_intake');
    const wrongOrder = structuredClone(general);
    wrongOrder.sections[0].fields[0].shown_if = 'health.medications';
    wrongOrder.sections[0].fields[0].shown_value = 'Yes';
    const refused = await practice.owner.request('PUT', '/api/v1/intake-forms/general_intake', { body: wrongOrder });
    assert.equal(refused.status, 400, 'a condition names an earlier choice field');
    const clinical = structuredClone(general);
    clinical.sections[0].fields.push({ id: 'dx', label: 'Diagnosis', type: 'diagnosis', required: false });
    assert.equal((await practice.owner.request('PUT', '/api/v1/intake-forms/general_intake', { body: clinical })).status, 400, 'clients fill client fields');
    assert.equal((await desk.request('PUT', '/api/v1/intake-forms/general_intake', { body: general })).status, 403, 'the owner keeps the forms');

    const adapted = structuredClone(general);
    adapted.name = 'Before your first visit';
    adapted.sections[0].fields.push({ id: 'referred', label: 'Who referred you?', type: 'text', required: true });
    const saved = await practice.owner.request('PUT', '/api/v1/intake-forms/general_intake', { body: adapted });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.version, 2);
    assert.equal(saved.json.built_in, false);
    // Riley starts the new version; Jordan's answers still read against the one they were written with.
    const start = await r.request('POST', '/api/v1/portal/intake-forms/general_intake/start');
    assert.equal(start.json.response.form_version, 2);
    assert.equal(start.json.form.name, 'Before your first visit');
    const old = await j.request('GET', `/api/v1/portal/intake-responses/${filling.response.id}`);
    assert.equal(old.json.form.version, 1);

    const release = { key: 'x', name: 'Contacts we may speak with', description: 'Only if you want us to.', for_new_clients: false, active: true,
      sections: [{ id: 'contacts', title: 'Contacts', fields: [
        { id: 'any', label: 'Is there someone we may speak with?', type: 'choice', required: true, options: ['Yes', 'No'] },
        { id: 'who', label: 'Their name and phone', type: 'text', required: true, shown_if: 'contacts.any', shown_value: 'Yes' }] }] };
    const made = await practice.owner.request('PUT', '/api/v1/intake-forms/contacts', { body: release });
    assert.equal(made.status, 200, made.text);
    assert.equal(made.json.key, 'contacts');
    assert.equal(made.json.version, 1);
    assert.ok(!(await r.request('GET', '/api/v1/portal/forms')).json.intake.some((f) => f.form_key === 'contacts'), 'not offered until sent');
    assert.equal((await r.request('POST', '/api/v1/portal/intake-forms/contacts/start')).status, 404);

    const biller = await practice.invite('biller');
    assert.equal((await biller.request('POST', `/api/v1/clients/${riley.id}/intake-forms`, { body: { form_key: 'contacts' } })).status, 403);
    const send = await desk.request('POST', `/api/v1/clients/${riley.id}/intake-forms`, { body: { form_key: 'contacts' } });
    assert.equal(send.status, 201, send.text);
    assert.ok(send.json.sent);
    const twice = await desk.request('POST', `/api/v1/clients/${riley.id}/intake-forms`, { body: { form_key: 'contacts' } });
    assert.equal(twice.json.id, send.json.id, 'sending again changes nothing');
    const deadline = Date.now() + 10000;
    while (!formMail('riley@intake.example.com').length && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    await new Promise((res) => setTimeout(res, 300));
    const mails = formMail('riley@intake.example.com');
    assert.equal(mails.length, 1, 'told once that a form is waiting');
    assert.match(mails[0].data, /Subject: A form from Juniper Counseling/);
    assert.ok(!/Contacts|Riley|Formfill/.test(mails[0].data), 'no form name, no name');
    assert.equal(formMail('jordan@intake.example.com').length, 0, 'a form the client started themselves sends nothing');
    assert.equal((await desk.request('POST', `/api/v1/clients/${riley.id}/intake-forms`, { body: { form_key: 'nope' } })).status, 400);
    const listed = (await r.request('GET', '/api/v1/portal/forms')).json.intake;
    assert.deepEqual(listed.map((f) => [f.form_key, f.status]), [['contacts', 'draft'], ['general_intake', 'draft']]);
    const done = await r.request('POST', `/api/v1/portal/intake-responses/${send.json.id}/submit`, { body: { content: { 'contacts.any': 'No' } } });
    assert.equal(done.status, 200, done.text);

    // A safety answer on the adapted form (its alert rule kept) alerts the clinicians; Jordan's "No" did not.
    const before = (await practice.owner.request('GET', '/api/v1/alerts')).json.items;
    assert.deepEqual(before.filter((a) => a.kind === 'intake_safety'), []);
    const safety = await r.request('POST', `/api/v1/portal/intake-responses/${start.json.response.id}/submit`, { body: { content: {
      'reason.now': 'Hard weeks', 'reason.prior': 'No', 'reason.referred': 'My doctor', 'health.medications': 'No', 'safety.harm': 'Yes' } } });
    assert.equal(safety.status, 200, safety.text);
    const alerts = (await practice.owner.request('GET', '/api/v1/alerts')).json.items.filter((a) => a.kind === 'intake_safety');
    assert.deepEqual(alerts.map((a) => a.client_id), [riley.id]);
  });
});
