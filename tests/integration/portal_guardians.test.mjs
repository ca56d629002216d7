// Guardians and minors, in a practice built from nothing: a parent is invited as the guardian of a child
// with no account (a new account) and of an adolescent who has their own (the same account, added while
// signed in); the parent chooses whose pages to see; sees each child's visits and books for them; never
// what the practice did not share (records by default, and per client what the practice turns off); the
// adolescent's conversations are not the parent's, nor the other way round; another client's ids are not
// found; ending a guardian's access takes effect on the next request; everything is audited as the parent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer, totpAt } from '../lib/server.mjs';

// Monday 1 March 2027, 08:00 in Denver.
const START = '2027-03-01T15:00:00Z';
const tokenOf = (path) => path.split('/').pop();
const ruleOf = (res) => res.json.type?.split('/rules/')[1];
const week = { from: '2027-03-02T00:00:00Z', to: '2027-03-06T00:00:00Z' };

describe(`guardians see the pages of clients in their care (${ENGINE})`, () => {
  let server;
  let practice;
  let desk;
  let noor;
  let noorUser;
  let therapy;
  let mia; // 10, no account of her own
  let sam; // 15, his own account
  let jordan; // another client
  let parent; // Casey, guardian of both
  let samSelf;
  let parentUserId;
  let jordanSelf;
  const PASSWORD = 'a-guardian-password-1';

  const signIn = async (email, password = PASSWORD) => {
    const c = new Client(server.url);
    const res = await c.login(email, password);
    assert.equal(res.status, 200, res.text);
    return c;
  };
  const newClient = async (given, birth, email) => {
    const res = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Okafor', birth_date: birth,
      ...(email ? { email } : { preferred_channel: 'phone', phone: '(555) 555-0143' }), location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [noor.id],
      guardians: [{ name: 'Casey Okafor', relationship: 'parent', phone: '(555) 555-0142', email: 'casey@family.example.com', can_consent: true }] } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  const ownAccount = async (client, email) => {
    const inv = await desk.request('POST', `/api/v1/clients/${client.id}/portal-invitation`, { body: { email } });
    assert.equal(inv.status, 201, inv.text);
    const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
    assert.equal(acc.status, 200, acc.text);
    return signIn(email);
  };
  const book = async (client, start) => {
    const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: noor.id, client_id: client.id, service_id: therapy.id,
      mode: 'video', start } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };

  before(async () => {
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`] });
    practice = await newPractice(server, { name: 'Willow Family Therapy', at: Date.parse(START) });
    const { owner } = practice;
    desk = await practice.invite('front_desk');
    noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    noorUser = await practice.invite('clinician', { clinician_id: noor.id });
    const license = await owner.request('POST', `/api/v1/clinicians/${noor.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-0142',
      issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } });
    assert.equal(license.status, 201, license.text);
    const blocks = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_time: '09:00', end_time: '17:00', mode: 'telehealth' }));
    assert.equal((await desk.request('PUT', `/api/v1/clinicians/${noor.id}/availability`, { body: { blocks } })).status, 200);
    therapy = (await owner.request('POST', '/api/v1/services', { body: { name: 'Family psychotherapy', cpt_code: '90847', duration_minutes: 50,
      modes: ['video'], fees: { video: 15000 } } })).json;
    assert.equal((await owner.request('PUT', `/api/v1/services/${therapy.id}/client-booking`, { body: { client_bookable: true } })).status, 200);
    mia = await newClient('Mia', '2016-09-03');
    sam = await newClient('Sam', '2011-06-20', 'sam@family.example.com');
    jordan = (await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Jordan', family_name: 'Vale', birth_date: '1990-01-01',
      email: 'jordan@vale.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [noor.id] } })).json;
    samSelf = await ownAccount(sam, 'sam@family.example.com');
    jordanSelf = await ownAccount(jordan, 'jordan@vale.example.com');
    await book(mia, '2027-03-02T17:00:00Z');
    await book(sam, '2027-03-03T18:00:00Z');
  });
  after(async () => server?.stop());

  it('invites a guardian with a new account, who sees the child\'s visits and not what was not shared', async () => {
    const inv = await desk.request('POST', `/api/v1/clients/${mia.id}/portal-invitation`, { body: { email: 'casey@family.example.com', guardian: true } });
    assert.equal(inv.status, 201, inv.text);
    const preview = await new Client(server.url).request('POST', '/api/v1/invitations/preview', { body: { token: tokenOf(inv.json.path) } });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.guardian, true);
    assert.equal(preview.json.existing_account, false);
    assert.ok(!preview.text.includes('Mia'), 'the link names no client');
    const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: PASSWORD } });
    assert.equal(acc.status, 200, acc.text);
    parent = await signIn('casey@family.example.com');
    parentUserId = acc.json.user.id;

    const home = await parent.request('GET', '/api/v1/portal/me');
    assert.equal(home.status, 200, home.text);
    assert.equal(home.json.client.id, mia.id);
    assert.equal(home.json.acting.relationship, 'guardian');
    assert.deepEqual(home.json.acting.sees, { appointments: true, bills: true, forms: true, messages: true, records: false });
    assert.deepEqual(home.json.people.map((p) => p.client_name), ['Mia Okafor']);
    assert.deepEqual(home.json.upcoming.map((v) => v.start), ['2027-03-02T17:00:00Z'], 'Mia\'s visit, and only hers');

    const records = await parent.request('GET', '/api/v1/portal/records');
    assert.equal(records.status, 403, 'records are not a guardian\'s unless the practice allows');
    assert.equal(ruleOf(records), 'guardian_scope');
    assert.equal((await parent.request('POST', '/api/v1/portal/record-requests')).status, 403);
    assert.equal((await parent.request('GET', '/api/v1/portal/forms')).status, 200);

    // The staff side: who sees Mia's pages.
    const accounts = await desk.request('GET', `/api/v1/clients/${mia.id}/portal-accounts`);
    assert.equal(accounts.status, 200, accounts.text);
    assert.deepEqual(accounts.json.items.map((a) => [a.relationship, a.email]), [['guardian', 'casey@family.example.com']]);
  });

  it('books a visit for the child under the same rules', async () => {
    const slots = await parent.request('GET', `/api/v1/portal/slots?${new URLSearchParams({ service_id: therapy.id, mode: 'video', state: 'CO', ...week })}`);
    assert.equal(slots.status, 200, slots.text);
    const slot = slots.json.items[3];
    const booked = await parent.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slot.start, state: 'CO' } });
    assert.equal(booked.status, 201, booked.text);
    const visits = (await desk.request('GET', `/api/v1/appointments?client_id=${mia.id}&from=${week.from}&to=${week.to}`)).json.items;
    assert.ok(visits.some((v) => v.id === booked.json.id), 'the visit is Mia\'s');
    const away = await parent.request('POST', '/api/v1/portal/appointments', { body: { service_id: therapy.id, mode: 'video', clinician_id: slot.clinician_id, start: slots.json.items[5].start, state: 'NY' } });
    assert.equal(away.status, 422, 'licensure holds for a guardian\'s booking');
  });

  it('adds a second child to the same account while signed in, and switches between them', async () => {
    const inv = await desk.request('POST', `/api/v1/clients/${sam.id}/portal-invitation`, { body: { email: 'casey@family.example.com', guardian: true } });
    assert.equal(inv.status, 201, inv.text);
    const token = tokenOf(inv.json.path);
    const preview = await new Client(server.url).request('POST', '/api/v1/invitations/preview', { body: { token } });
    assert.equal(preview.json.existing_account, true);
    const again = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token, password: 'another-password-123' } });
    assert.equal(again.status, 409, 'an existing account is not made twice');
    assert.equal((await jordanSelf.request('POST', '/api/v1/portal/links', { body: { token } })).status, 422, 'another account cannot take it');
    const added = await parent.request('POST', '/api/v1/portal/links', { body: { token } });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(added.json.people.map((p) => p.client_name), ['Mia Okafor', 'Sam Okafor']);
    assert.equal((await parent.request('POST', '/api/v1/portal/links', { body: { token } })).status, 422, 'used once');

    const toSam = await parent.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: sam.id } });
    assert.equal(toSam.status, 200, toSam.text);
    assert.equal(toSam.json.client.id, sam.id);
    const home = (await parent.request('GET', '/api/v1/portal/me')).json;
    assert.equal(home.client.id, sam.id, 'the choice is kept with the session');
    assert.deepEqual(home.upcoming.map((v) => v.start), ['2027-03-03T18:00:00Z'], 'Sam\'s visit, not Mia\'s');

    // Another client's id is not found, and the choice is not kept.
    assert.equal((await parent.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: jordan.id } })).status, 404);
    assert.equal((await parent.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: 'no-such-client' } })).status, 404);
    assert.equal((await parent.request('GET', '/api/v1/portal/me')).json.client.id, sam.id);
    // Sam's own account sees only Sam.
    const own = (await samSelf.request('GET', '/api/v1/portal/me')).json;
    assert.equal(own.acting.relationship, 'self');
    assert.deepEqual(own.people.map((p) => p.client_id), [sam.id]);
    assert.equal((await samSelf.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: mia.id } })).status, 404);
  });

  it('keeps an adolescent\'s conversations apart from the parent\'s', async () => {
    const samThread = await samSelf.request('POST', '/api/v1/portal/threads', { body: { subject: 'Something private', body: 'Can we talk about school?' } });
    assert.equal(samThread.status, 201, samThread.text);
    const parentThread = await parent.request('POST', '/api/v1/portal/threads', { body: { subject: 'Schedule question', body: 'Can Sam come later on Wednesdays?' } });
    assert.equal(parentThread.status, 201, parentThread.text);
    const parentSees = (await parent.request('GET', '/api/v1/portal/threads')).json.items.map((t) => t.id);
    assert.deepEqual(parentSees, [parentThread.json.id]);
    assert.equal((await parent.request('GET', `/api/v1/portal/threads/${samThread.json.id}`)).status, 404);
    const samSees = (await samSelf.request('GET', '/api/v1/portal/threads')).json.items.map((t) => t.id);
    assert.deepEqual(samSees, [samThread.json.id]);
    assert.equal((await samSelf.request('GET', `/api/v1/portal/threads/${parentThread.json.id}`)).status, 404);

    // The clinician sees both, and who each is with; and writes to the parent alone.
    const inbox = (await noorUser.request('GET', `/api/v1/threads?client_id=${sam.id}`)).json.items;
    assert.deepEqual(inbox.map((t) => [t.subject, t.party_name ?? null]).sort(),
      [['Schedule question', 'Casey Okafor'], ['Something private', null]].sort());
    const toParent = await noorUser.request('POST', `/api/v1/clients/${sam.id}/threads`, { body: { subject: 'Wednesday times', body: 'Four o\'clock works.',
      with_user_id: parentUserId } });
    assert.equal(toParent.status, 201, toParent.text);
    assert.ok((await parent.request('GET', '/api/v1/portal/threads')).json.items.some((t) => t.id === toParent.json.id));
    assert.ok(!(await samSelf.request('GET', '/api/v1/portal/threads')).json.items.some((t) => t.id === toParent.json.id));
    const wrong = await noorUser.request('POST', `/api/v1/clients/${sam.id}/threads`, { body: { subject: 'x', body: 'y', with_user_id: (await jordanSelf.request('GET', '/api/v1/me')).json.user.id } });
    assert.equal(wrong.status, 400, 'only a guardian of this client');
  });

  it('shows a guardian only what the practice allows for each client', async () => {
    const accounts = (await desk.request('GET', `/api/v1/clients/${sam.id}/portal-accounts`)).json.items;
    const g = accounts.find((a) => a.relationship === 'guardian');
    assert.equal(g.user_id, parentUserId);
    assert.equal(g.account_name, 'Casey Okafor', 'named as the chart names the guardian');
    assert.deepEqual(accounts.map((a) => a.relationship), ['self', 'guardian']);
    const biller = await practice.invite('biller');
    assert.equal((await biller.request('PUT', `/api/v1/clients/${sam.id}/guardians/${g.user_id}`, { body: g.sees })).status, 403);
    const narrowed = await desk.request('PUT', `/api/v1/clients/${sam.id}/guardians/${g.user_id}`, { body: { appointments: true, bills: true, forms: false, messages: false, records: false } });
    assert.equal(narrowed.status, 200, narrowed.text);
    assert.equal(narrowed.json.items.find((a) => a.user_id === g.user_id).sees.messages, false);

    const threads = await parent.request('GET', '/api/v1/portal/threads');
    assert.equal(threads.status, 403);
    assert.equal(ruleOf(threads), 'guardian_scope');
    assert.equal((await parent.request('GET', '/api/v1/portal/forms')).status, 403);
    assert.equal((await parent.request('GET', '/api/v1/portal/me')).json.acting.sees.forms, false);
    // Mia's link is its own: the same parent still sees her forms.
    assert.equal((await parent.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: mia.id } })).status, 200);
    assert.equal((await parent.request('GET', '/api/v1/portal/forms')).status, 200);
    // Records when the practice allows them: shared documents only (therapy notes are never on these pages).
    const opened = await desk.request('PUT', `/api/v1/clients/${mia.id}/guardians/${g.user_id}`, { body: { appointments: true, bills: true, forms: true, messages: true, records: true } });
    assert.equal(opened.status, 200, opened.text);
    const records = await parent.request('GET', '/api/v1/portal/records');
    assert.equal(records.status, 200, records.text);
    assert.ok(!('notes' in records.json));
    // Sam's own account is never narrowed by the parent's settings.
    assert.equal((await samSelf.request('GET', '/api/v1/portal/threads')).status, 200);
  });

  it('audits what a guardian reads as the guardian, on the child\'s accounting', async () => {
    const events = (await practice.owner.request('GET', `/api/v1/audit?client_id=${mia.id}`)).json.items;
    const home = events.find((e) => e.action === 'portal.home' && e.actor_user_id === parentUserId);
    assert.ok(home, 'the parent\'s read of Mia\'s page is on Mia\'s accounting, as the parent');
  });

  it('ends a guardian\'s access at once', async () => {
    assert.equal((await parent.request('GET', '/api/v1/portal/me')).json.client.id, mia.id);
    const ended = await desk.request('DELETE', `/api/v1/clients/${mia.id}/guardians/${parentUserId}`);
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual(ended.json.items, []);
    const next = (await parent.request('GET', '/api/v1/portal/me')).json;
    assert.equal(next.client.id, sam.id, 'the next request no longer shows Mia');
    assert.deepEqual(next.people.map((p) => p.client_id), [sam.id]);
    assert.equal((await parent.request('PUT', '/api/v1/portal/acting-for', { body: { client_id: mia.id } })).status, 404);
    assert.equal((await desk.request('DELETE', `/api/v1/clients/${mia.id}/guardians/${parentUserId}`)).status, 404, 'ended once');
    assert.equal((await desk.request('DELETE', `/api/v1/clients/${sam.id}/guardians/${parentUserId}`)).status, 200);
    const none = await parent.request('GET', '/api/v1/portal/me');
    assert.equal(none.status, 404, 'an account with no client left sees no client\'s pages');
    // Invited again later, the link starts from the practice's defaults.
    const inv = await desk.request('POST', `/api/v1/clients/${mia.id}/portal-invitation`, { body: { email: 'casey@family.example.com', guardian: true } });
    assert.equal(inv.status, 201, inv.text);
    const back = await parent.request('POST', '/api/v1/portal/links', { body: { token: tokenOf(inv.json.path) } });
    assert.equal(back.status, 201, back.text);
    assert.equal(back.json.acting.sees.records, false);
  });

  it('refuses a guardian invitation that makes no sense', async () => {
    const own = await desk.request('POST', `/api/v1/clients/${sam.id}/portal-invitation`, { body: { email: 'sam@family.example.com', guardian: true } });
    assert.equal(own.status, 409, 'the client\'s own account is not their guardian');
    const staff = await desk.request('POST', `/api/v1/clients/${sam.id}/portal-invitation`, { body: { email: desk.email, guardian: true } });
    assert.equal(staff.status, 409, 'a staff account is not a guardian');
    const other = await newPractice(server, { name: 'Elsewhere', at: Date.parse(START) });
    assert.equal((await other.owner.request('POST', `/api/v1/clients/${mia.id}/portal-invitation`, { body: { email: 'x@y.example.com', guardian: true } })).status, 404);
    assert.equal((await other.owner.request('GET', `/api/v1/clients/${mia.id}/portal-accounts`)).status, 404);
    assert.equal((await other.owner.request('DELETE', `/api/v1/clients/${mia.id}/guardians/${parentUserId}`)).status, 404);
  });
});
