// Provider conversations: the therapist and the prescriber on a client's care team talk about the client in a
// thread the client never sees — not in the portal, not by notice — with mentions; the front desk, billing and
// clinicians off the team cannot see it, and a member whose last day has passed loses it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';

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
