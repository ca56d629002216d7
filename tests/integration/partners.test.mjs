// Partner organizations on one server: a therapy practice invites a telepsychiatry group, whose owner connects
// with the one-time code. A release the client signs names the partner: while it is in effect the group's
// clinicians are on the client's care team, list the client and open what the release covers (never a
// psychotherapy note), every opening a disclosure in the client's accounting; the moment it is revoked, the next
// request is refused. Nobody else — another practice, the group's front desk — sees anything.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENGINE, newPractice, signSoapNote, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

describe(`partner organizations (${ENGINE})`, () => {
  let server;
  let aspen;     // the therapy practice
  let summit;    // the telepsychiatry group
  let owner;     // Aspen's owner
  let therapist; // Aspen's therapist
  let groupOwner;
  let psychiatrist; // Summit's clinician
  let groupDesk;
  let stranger;  // a clinician of a third practice
  let thirdOwner;
  let client;
  let partner;
  let release;
  let thread;
  let smtp;
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const pdfText = async (res) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
  const record = (who) => fetch(`${server.url}/api/v1/partners/${partner.id}/clients/${client.id}/record`, { headers: { Cookie: who.cookie } });

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Aspen <no-reply@aspen.example.com>'] });
    aspen = await newPractice(server, { name: 'Aspen Counseling' });
    summit = await newPractice(server, { name: 'Summit Telepsychiatry Group' });
    const third = await newPractice(server, { name: 'Elsewhere Therapy' });
    thirdOwner = third.owner;
    owner = aspen.owner;
    groupOwner = summit.owner;
    const lane = await aspen.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    therapist = await aspen.invite('clinician', { local: 'lane', clinician_id: lane.id });
    const reyes = await summit.clinician({ given: 'Dana', family: 'Reyes', discipline: 'psychiatry' });
    psychiatrist = await summit.invite('clinician', { local: 'reyes', clinician_id: reyes.id });
    groupDesk = await summit.invite('front_desk', { local: 'desk' });
    const okafor = await third.clinician({ given: 'Chidi', family: 'Okafor' });
    stranger = await third.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    const made = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Jesse', family_name: 'Partnered', birth_date: '1992-02-03',
      email: 'jesse.partnered@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id],
      diagnoses: [{ code: 'F33.1', primary: true }] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    await signSoapNote(therapist, client.id, null);
    const process = await therapist.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'psychotherapy_note' } });
    assert.equal(process.status, 201, process.text);
    const kept = await therapist.request('PUT', `/api/v1/notes/${process.json.id}`, { body: { version: process.json.version,
      content: { ...process.json.content, 'private.notes': 'Private musing about the sessions' } } });
    assert.equal(kept.status, 200, kept.text);
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('the owner invites a partner organization; its owner connects once with the code', async () => {
    assert.equal((await therapist.request('POST', '/api/v1/partners', { body: { name: 'Summit' } })).status, 403, 'the owner invites');
    const bad = await owner.request('POST', '/api/v1/partners', { body: { name: 'Summit', kind: 'spaceship' } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.errors[0].field, 'kind');
    const made = await owner.request('POST', '/api/v1/partners', { body: { name: 'Summit Telepsychiatry', kind: 'telepsychiatry' } });
    assert.equal(made.status, 201, made.text);
    partner = made.json;
    assert.equal(partner.status, 'invited');
    assert.ok(partner.invite_code.length >= 20);
    const listed = (await owner.request('GET', '/api/v1/partners')).json.items;
    assert.equal(listed[0].invite_code, undefined, 'the code is shown once');

    assert.equal((await groupOwner.request('POST', '/api/v1/partners/connect', { body: { token: 'not-a-code' } })).status, 404);
    const self = await owner.request('POST', '/api/v1/partners/connect', { body: { token: partner.invite_code } });
    assert.equal(self.status, 422, self.text);
    assert.equal((await psychiatrist.request('POST', '/api/v1/partners/connect', { body: { token: partner.invite_code } })).status, 403);
    const connected = await groupOwner.request('POST', '/api/v1/partners/connect', { body: { token: partner.invite_code } });
    assert.equal(connected.status, 200, connected.text);
    assert.deepEqual([connected.json.status, connected.json.direction, connected.json.practice_name], ['connected', 'theirs', 'Aspen Counseling']);
    assert.equal((await thirdOwner.request('POST', '/api/v1/partners/connect', { body: { token: partner.invite_code } })).status, 404, 'used once');
    const theirs = (await psychiatrist.request('GET', '/api/v1/partners')).json.items;
    assert.deepEqual(theirs.map((p) => [p.id, p.direction, p.practice_name]), [[partner.id, 'theirs', 'Aspen Counseling']]);
    assert.deepEqual((await stranger.request('GET', '/api/v1/partners')).json.items, []);
  });

  it('before any release the partner sees no client; a release names only a connected partner of the practice', async () => {
    const none = await psychiatrist.request('GET', `/api/v1/partners/${partner.id}/clients`);
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.json.items, []);
    assert.equal((await record(psychiatrist)).status, 404);
    const wrong = await therapist.request('POST', `/api/v1/clients/${client.id}/releases`, { body: { purpose: 'Medication consultation',
      scope: ['demographics'], expires_on: day(90), signed_name: 'Jesse Partnered', partner_id: '00000000-0000-7000-8000-000000000000' } });
    assert.equal(wrong.status, 400, wrong.text);
    assert.equal(wrong.json.errors[0].field, 'partner_id');
    const made = await therapist.request('POST', `/api/v1/clients/${client.id}/releases`, { body: { purpose: 'Medication consultation',
      scope: ['demographics', 'diagnoses', 'notes'], expires_on: day(90), signed_name: 'Jesse Partnered', partner_id: partner.id } });
    assert.equal(made.status, 201, made.text);
    release = made.json;
    assert.deepEqual([release.partner_id, release.recipient_organization], [partner.id, 'Summit Telepsychiatry']);
  });

  it('under the release the partner is on the care team, lists the client and opens what it covers, each a disclosure', async () => {
    const team = (await therapist.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    assert.deepEqual(team.partners.map((p) => [p.name, p.release_id, p.clinicians.map((k) => k.name)]),
      [['Summit Telepsychiatry', release.id, ['Dana Reyes']]]);
    const list = await psychiatrist.request('GET', `/api/v1/partners/${partner.id}/clients`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items.map((c) => [c.client_id, c.name, c.scope]), [[client.id, 'Jesse Partnered', ['demographics', 'diagnoses', 'notes']]]);
    const res = await record(psychiatrist);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const text = await pdfText(res);
    assert.match(text, /Jesse/);
    assert.match(text, /Opened by: .*Summit Telepsychiatry/);
    assert.match(text, /F33\.1/);
    assert.match(text, /Worry at work/, 'the signed progress note the release covers');
    assert.doesNotMatch(text, /Private musing/, 'never a psychotherapy note');
    const accounting = (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items;
    assert.equal(accounting.length, 2, JSON.stringify(accounting));
    assert.ok(accounting.every((d) => /Summit Telepsychiatry/.test(d.recipient) && d.release_id === release.id));
    assert.deepEqual(accounting.map((d) => d.scope).sort((a, b) => a.length - b.length), [['demographics'], ['demographics', 'diagnoses', 'notes']]);
    // Nobody else: not the group's front desk, not another practice, not through the practice's own routes.
    assert.equal((await groupDesk.request('GET', `/api/v1/partners/${partner.id}/clients`)).status, 403);
    assert.equal((await stranger.request('GET', `/api/v1/partners/${partner.id}/clients`)).status, 404);
    assert.equal((await record(stranger)).status, 404);
    assert.equal((await psychiatrist.request('GET', `/api/v1/clients/${client.id}`)).status, 404);
  });

  it("the care team talks with the partner's clinician in a team conversation: words only, each reading a disclosure", async () => {
    const start = (body) => therapist.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { audience: 'team',
      subject: 'Medication question', body: 'Jesse asks whether the dose can move to the morning.', ...body } });
    const unknown = await start({ partner_id: '00000000-0000-7000-8000-000000000000' });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.json.errors[0].field, 'partner_id');
    const notTeam = await therapist.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { subject: 'x', body: 'y', partner_id: partner.id } });
    assert.equal(notTeam.status, 400, notTeam.text);
    const started = await start({ partner_id: partner.id });
    assert.equal(started.status, 201, started.text);
    thread = started.json;
    assert.deepEqual([thread.partner_id, thread.partner_name, thread.partner_until], [partner.id, 'Summit Telepsychiatry', release.expires_on]);
    const before = (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items.length;
    // The partner's clinician is told in their own practice, without a word of the conversation.
    let told = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && told.length === 0; await sleep(100))
      told = smtp.messages.filter((m) => m.to.some((t) => t.includes(psychiatrist.email)) && m.data.includes('secure message'));
    assert.equal(told.length, 1, 'the partner clinician is told');
    assert.match(told[0].data, /care team conversation/);
    assert.doesNotMatch(told[0].data, /Medication question|dose|Jesse/);

    // The partner's clinician lists and opens it (each a disclosure) and answers; the group's desk and others cannot.
    const base = `/api/v1/partners/${partner.id}/clients/${client.id}/threads`;
    const listed = await psychiatrist.request('GET', base);
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(listed.json.items.map((t) => [t.id, t.subject, t.unread]), [[thread.id, 'Medication question', 1]]);
    const opened = await psychiatrist.request('GET', `${base}/${thread.id}`);
    assert.equal(opened.status, 200, opened.text);
    assert.deepEqual(opened.json.messages.map((m) => m.author_name), ['Morgan Lane']);
    const answer = await psychiatrist.request('POST', `${base}/${thread.id}/messages`, { body: { body: 'Yes, mornings are fine. I will see Jesse in May.' } });
    assert.equal(answer.status, 201, answer.text);
    const file = await psychiatrist.request('POST', `${base}/${thread.id}/messages`, { body: { body: 'Labs attached',
      attachment: { name: 'labs.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') } } });
    assert.equal(file.status, 400, file.text);
    assert.equal(file.json.errors[0].field, 'attachment');
    for (const who of [groupDesk, stranger]) assert.notEqual((await who.request('GET', `${base}/${thread.id}`)).status, 200);
    assert.equal((await psychiatrist.request('GET', `/api/v1/threads/${thread.id}`)).status, 404, 'not through the practice\'s own routes');
    const accounting = (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items;
    assert.equal(accounting.length, before + 2, 'the listing and the reading');
    assert.ok(accounting.every((d) => /Summit Telepsychiatry — Dana Reyes/.test(d.recipient)));

    // The practice sees the answer, named with the organization, and is told of it.
    const mine = (await therapist.request('GET', `/api/v1/threads/${thread.id}`)).json;
    assert.deepEqual(mine.messages.map((m) => m.author_name), ['Morgan Lane', 'Dana Reyes (Summit Telepsychiatry)']);
  });

  it("the partner's access ends the moment the release is revoked", async () => {
    const disclosed = (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items.length;
    const revoked = await therapist.request('POST', `/api/v1/clients/${client.id}/releases/${release.id}/revoke`, { body: {} });
    assert.equal(revoked.status, 204, revoked.text);
    assert.equal((await record(psychiatrist)).status, 404, 'the next request is refused');
    assert.deepEqual((await psychiatrist.request('GET', `/api/v1/partners/${partner.id}/clients`)).json.items, []);
    assert.deepEqual((await therapist.request('GET', `/api/v1/clients/${client.id}/care-team`)).json.partners, []);
    // The conversation too: the next request is refused; the practice sees the partner's access ended.
    const base = `/api/v1/partners/${partner.id}/clients/${client.id}/threads`;
    assert.equal((await psychiatrist.request('GET', base)).status, 404);
    assert.equal((await psychiatrist.request('GET', `${base}/${thread.id}`)).status, 404);
    assert.equal((await psychiatrist.request('POST', `${base}/${thread.id}/messages`, { body: { body: 'still there?' } })).status, 404);
    const mine = (await therapist.request('GET', `/api/v1/threads/${thread.id}`)).json;
    assert.equal(mine.partner_until, null);
    assert.equal(mine.messages.length, 2, 'what was written stays');
    assert.equal((await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items.length, disclosed, 'what was shared stays recorded');
  });
});
