// Provider conversations: the therapist and the prescriber on a client's care team talk about the client in a
// thread the client never sees — not in the portal, not by notice — with mentions; the front desk, billing and
// clinicians off the team cannot see it, and a member whose last day has passed loses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChartPdf, Client, ENGINE, newPractice, startServer, TINY_PDF } from '../lib/server.mjs';

describe(`provider conversations (${ENGINE})`, () => {
  let server;
  let practice;
  let therapist;
  let np;
  let other;
  let desk;
  let biller;
  let portal;
  let client;
  const ids = {};
  let thread;

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Juniper Team Care' });
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane' });
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    const okafor = await practice.clinician({ given: 'Chidi', family: 'Okafor' });
    Object.assign(ids, { lane: lane.id, shah: shah.id, okafor: okafor.id });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    other = await practice.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    desk = await practice.invite('front_desk', { local: 'desk' });
    biller = await practice.invite('biller', { local: 'biller' });
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Sky', family_name: 'Together', birth_date: '1992-09-09',
      email: 'sky@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id, shah.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    // The client's own account, to prove the portal never shows the team's conversation.
    const inv = await desk.request('POST', `/api/v1/clients/${client.id}/portal-invitation`, { body: { email: 'sky@client.example.com' } });
    assert.equal(inv.status, 201, inv.text);
    const acc = await new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token: inv.json.path.split('/').pop(),
      password: 'a-long-client-password-1' } });
    assert.equal(acc.status, 200, acc.text);
    portal = new Client(server.url);
    const login = await portal.login('sky@client.example.com', 'a-long-client-password-1');
    assert.equal(login.status, 200, login.text);
  });
  after(async () => server?.stop());

  it('a team member starts a provider conversation and mentions a colleague; outsiders to the team cannot', async () => {
    const bad = await therapist.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { audience: 'team', subject: 'Sleep and dose',
      body: 'Thoughts?', mentions: ['not-a-member'] } });
    assert.equal(bad.status, 400, bad.text);
    const npUser = (await np.request('GET', '/api/v1/me')).json.user.id;
    const res = await therapist.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { audience: 'team', subject: 'Sleep and dose',
      body: 'Sky sleeps 4 hours since the increase. Could we review the dose?', mentions: [npUser] } });
    assert.equal(res.status, 201, res.text);
    thread = res.json;
    assert.equal(thread.audience, 'team');
    assert.equal((await other.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { audience: 'team', subject: 'x', body: 'y' } })).status, 404);
    assert.equal((await desk.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { audience: 'team', subject: 'x', body: 'y' } })).status, 403);
  });

  it('the colleague sees it unread, answers; the client, the front desk, billing and other clinicians never see it', async () => {
    const mine = (await np.request('GET', `/api/v1/clients/${client.id}/threads?audience=team`)).json.items;
    assert.deepEqual(mine.map((t) => [t.id, t.unread]), [[thread.id, 1]]);
    const answer = await np.request('POST', `/api/v1/threads/${thread.id}/messages`, { body: { body: 'Yes — let us move the dose to the morning.' } });
    assert.equal(answer.status, 201, answer.text);
    const opened = await therapist.request('GET', `/api/v1/threads/${thread.id}`);
    assert.equal(opened.status, 200, opened.text);
    assert.equal(opened.json.messages.length, 2);
    assert.deepEqual(opened.json.messages.map((m) => [m.author_name, m.mine]), [['Morgan Lane', true], ['Priya Shah', false]],
      'a colleague\'s message is theirs, not the reader\'s');
    for (const who of [desk, biller, other]) {
      assert.equal((await who.request('GET', `/api/v1/threads/${thread.id}`)).status, 404);
      const listed = (await who.request('GET', `/api/v1/threads?status=all`)).json.items.map((t) => t.id);
      assert.ok(!listed.includes(thread.id));
    }
    const portalList = await portal.request('GET', '/api/v1/portal/threads');
    assert.equal(portalList.status, 200, portalList.text);
    assert.ok(!portalList.json.items.some((t) => t.id === thread.id), 'never in the client\'s pages');
    assert.equal((await portal.request('GET', `/api/v1/portal/threads/${thread.id}`)).status, 404);
    const asClient = await portal.request('POST', '/api/v1/portal/threads', { body: { audience: 'team', subject: 'x', body: 'y' } });
    assert.equal(asClient.status, 400, 'a client cannot start one');
  });

  it('a member sends a document of the chart: members open it from the chart, nobody else; Part 2 only under the agreement', async () => {
    const letter = await addChartPdf(therapist, client.id, 'Sleep study report');
    const sud = await addChartPdf(therapist, client.id, 'Detox discharge summary');
    assert.equal((await therapist.request('PUT', `/api/v1/documents/${sud.id}/part2`, { body: { part2: true } })).status, 200);
    const sharePart2 = async (on) => {
      const current = (await desk.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
      const res = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
        members: current.members.map((m) => ({ clinician_id: m.member.clinician_id, role: m.member.role, starts_on: m.member.starts_on,
          ends_on: m.member.ends_on })), shares_part2: on } });
      assert.equal(res.status, 200, res.text);
    };
    await sharePart2(false);
    const send = (body) => therapist.request('POST', `/api/v1/threads/${thread.id}/messages`, { body });

    const sent = await send({ body: 'The sleep study is in the chart.', document_id: letter.id });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(sent.json.document_id, letter.id);
    assert.equal(sent.json.attachment.name, 'Sleep study report');
    // The colleague sees its title and opens it (audited); the front desk and clinicians off the team cannot.
    const opened = (await np.request('GET', `/api/v1/threads/${thread.id}`)).json;
    const withDoc = opened.messages.find((m) => m.id === sent.json.id);
    assert.equal(withDoc.attachment.name, 'Sleep study report');
    const file = await np.request('GET', `/api/v1/threads/${thread.id}/messages/${sent.json.id}/attachment`);
    assert.equal(file.status, 200, file.text);
    assert.ok(file.text.startsWith('%PDF-1.4'));
    for (const who of [desk, other]) assert.equal((await who.request('GET', `/api/v1/threads/${thread.id}/messages/${sent.json.id}/attachment`)).status, 404);
    const audit = await practice.owner.request('GET', `/api/v1/audit?client_id=${client.id}`);
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.json.items.some((e) => e.action === 'message.attachment_read' && (e.detail ?? '').includes(letter.id)),
      'the reading is in the client\'s accounting');

    // Not a document of this chart, a file and a document at once, a conversation with the client: refused.
    const unknown = await send({ body: 'x', document_id: '00000000-0000-7000-8000-000000000000' });
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.json.errors[0].field, 'document_id');
    const both = await send({ body: 'x', document_id: letter.id, attachment: { name: 'a.pdf', data: Buffer.from(TINY_PDF).toString('base64') } });
    assert.equal(both.status, 400, both.text);
    const toClient = await therapist.request('POST', `/api/v1/clients/${client.id}/threads`, { body: { subject: 'Your report', body: 'See this',
      document_id: letter.id } });
    assert.equal(toClient.status, 400, toClient.text);
    assert.equal(toClient.json.errors[0].field, 'document_id');

    // A Part 2 record: only while the client's agreement names Part 2, and withheld again once it does not.
    const refused = await send({ body: 'Discharge summary attached.', document_id: sud.id });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.type, /part2$/);
    await sharePart2(true);
    const part2 = await send({ body: 'Discharge summary attached.', document_id: sud.id });
    assert.equal(part2.status, 201, part2.text);
    assert.equal((await np.request('GET', `/api/v1/threads/${thread.id}/messages/${part2.json.id}/attachment`)).status, 200);
    await sharePart2(false);
    const later = (await np.request('GET', `/api/v1/threads/${thread.id}`)).json.messages.find((m) => m.id === part2.json.id);
    assert.equal(later.attachment, null, 'withheld: no name, no link');
    assert.equal(later.document_id, null);
    assert.equal(later.body, 'Discharge summary attached.');
    const gone = await np.request('GET', `/api/v1/threads/${thread.id}/messages/${part2.json.id}/attachment`);
    assert.equal(gone.status, 422, gone.text);
  });

  it('a member whose last day has passed no longer sees the conversation', async () => {
    const team = (await desk.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const res = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: team.version, members: [
      { clinician_id: ids.lane, role: 'primary' }, { clinician_id: ids.shah, role: 'prescriber', starts_on: '2026-01-05', ends_on: yesterday }] } });
    assert.equal(res.status, 200, res.text);
    assert.equal((await np.request('GET', `/api/v1/threads/${thread.id}`)).status, 404);
    assert.equal((await np.request('POST', `/api/v1/threads/${thread.id}/messages`, { body: { body: 'still here?' } })).status, 404);
  });
});
