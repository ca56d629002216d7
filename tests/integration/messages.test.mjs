// Secure messages in a practice built from nothing: a client starts a conversation with their
// clinician and one with the front desk (with an attachment); each side is told by e-mail with no
// content; the clinician reads, answers and files it to the chart; the front desk sees front-desk
// conversations only; assignment, unread counts, closing; another client's and another practice's
// ids are not found; bad input is a clear 4xx and leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer, totpAt } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tokenOf = (path) => path.split('/').pop();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ruleOf = (res) => res.json.type?.split('/rules/')[1];

describe(`secure messages (${ENGINE})`, () => {
  let smtp;
  let server;
  let practice;
  let desk;
  let noorUser;
  let ariUser;
  let noor;
  let jordan;
  let riley;
  let j;
  let r;

  const portalFor = async (client, email, password) => {
    const inv = await desk.request('POST', `/api/v1/clients/${client.id}/portal-invitation`, { body: { email } });
    assert.equal(inv.status, 201, inv.text);
    const c = new Client(server.url);
    const acc = await c.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password } });
    assert.equal(acc.status, 200, acc.text);
    c.csrf = acc.json.csrf_token;
    return c;
  };
  const mailTo = async (address, count = 1) => {
    const deadline = Date.now() + 10_000;
    let got = [];
    while (Date.now() < deadline) {
      got = smtp.messages.filter((m) => m.to.some((t) => t.includes(address)) && m.data.includes('secure message'));
      if (got.length >= count) break;
      await sleep(100);
    }
    return got;
  };

  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Harbor <no-reply@harbor.example.com>'] });
    practice = await newPractice(server, { name: 'Harbor Light Therapy' });
    desk = await practice.invite('front_desk', { local: 'desk' });
    noor = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    const ari = await practice.clinician({ given: 'Ari', family: 'Other' });
    noorUser = await practice.invite('clinician', { local: 'noor', clinician_id: noor.id });
    ariUser = await practice.invite('clinician', { local: 'ari', clinician_id: ari.id });
    const client = async (given, clinician) => {
      const res = await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Messages', birth_date: '1990-02-03',
        email: `${given.toLowerCase()}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [clinician.id] } });
      assert.equal(res.status, 201, res.text);
      return res.json;
    };
    jordan = await client('Jordan', noor);
    riley = await client('Riley', ari);
    j = await portalFor(jordan, 'jordan@client.example.com', 'jordan-portal-password');
    r = await portalFor(riley, 'riley@client.example.com', 'riley-portal-password');
  });
  after(async () => {
    await server?.stop();
    await smtp?.close();
  });

  let toNoor;
  let toDesk;
  it('lets a client start a conversation with their clinician, who is told by e-mail with no content', async () => {
    const start = await j.request('POST', '/api/v1/portal/threads', { body: { subject: 'Sleep since Tuesday', body: 'I have been sleeping badly since the new dose.' } });
    assert.equal(start.status, 201, start.text);
    toNoor = start.json;
    assert.equal(toNoor.audience, 'clinician');
    assert.equal(toNoor.clinician_name, 'Noor Haddad');
    assert.equal(toNoor.messages.length, 1);
    assert.equal(toNoor.messages[0].from_client, true);
    assert.equal(toNoor.assigned_user_id, null, 'the client never sees who on the staff handles it');

    const [notice] = await mailTo(noorUser.email);
    assert.ok(notice, 'Noor is told');
    assert.doesNotMatch(notice.data, /Sleep|sleeping|dose|Jordan/, 'no subject, no words, no name in the e-mail');
    assert.match(notice.data, /secure message/);

    // Noor's inbox: unread, waiting; Ari's and the front desk's: nothing.
    const inbox = await noorUser.request('GET', '/api/v1/threads');
    assert.equal(inbox.status, 200, inbox.text);
    const row = inbox.json.items.find((t) => t.id === toNoor.id);
    assert.equal(row.unread, 1);
    assert.equal(row.client_name, 'Jordan Messages');
    assert.ok(row.waiting_since);
    assert.equal((await noorUser.request('GET', '/api/v1/threads/unread')).json.count, 1);
    assert.ok(!(await ariUser.request('GET', '/api/v1/threads')).json.items.some((t) => t.id === toNoor.id));
    assert.ok(!(await desk.request('GET', '/api/v1/threads')).json.items.some((t) => t.id === toNoor.id), 'clinical threads are not the desk\'s');
    assert.equal((await ariUser.request('GET', `/api/v1/threads/${toNoor.id}`)).status, 404);
    assert.equal((await desk.request('POST', `/api/v1/threads/${toNoor.id}/messages`, { body: { body: 'hello' } })).status, 404);
  });

  it('lets the clinician read and answer; the client is told, reads it, and the response clock stops', async () => {
    const read = await noorUser.request('GET', `/api/v1/threads/${toNoor.id}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.json.messages[0].body, 'I have been sleeping badly since the new dose.');
    assert.equal((await noorUser.request('GET', '/api/v1/threads/unread')).json.count, 0, 'read now');
    const answer = await noorUser.request('POST', `/api/v1/threads/${toNoor.id}/messages`, { body: { body: 'Thank you. Let us talk about it on Thursday.' } });
    assert.equal(answer.status, 201, answer.text);
    const [notice] = await mailTo('jordan@client.example.com');
    assert.ok(notice, 'Jordan is told');
    assert.doesNotMatch(notice.data, /Thursday|Sleep|Noor/);
    assert.match(notice.data, /988/, 'the client\'s notice says messages are not for emergencies');
    const mine = (await j.request('GET', '/api/v1/portal/threads')).json.items.find((t) => t.id === toNoor.id);
    assert.equal(mine.unread, 1);
    const thread = (await j.request('GET', `/api/v1/portal/threads/${toNoor.id}`)).json;
    assert.deepEqual(thread.messages.map((m) => m.from_client), [true, false]);
    assert.ok(thread.messages[1].author_name, 'the answer is signed by its author');
    assert.equal((await j.request('GET', '/api/v1/portal/threads')).json.items.find((t) => t.id === toNoor.id).unread, 0);
    const staffView = (await noorUser.request('GET', '/api/v1/threads')).json.items.find((t) => t.id === toNoor.id);
    assert.equal(staffView.waiting_since, null, 'answered: the clock stopped');
  });

  it('carries an attachment to the front desk, sealed and readable only by those who see the thread', async () => {
    const start = await j.request('POST', '/api/v1/portal/threads', { body: { audience: 'front_desk', subject: 'New insurance card',
      body: 'Here is my new card.', attachment: { name: 'card.pdf', data: PDF.toString('base64') } } });
    assert.equal(start.status, 201, start.text);
    toDesk = start.json;
    const file = toDesk.messages[0].attachment;
    assert.deepEqual(file, { name: 'card.pdf', content_type: 'application/pdf', size: PDF.length });
    const inbox = (await desk.request('GET', '/api/v1/threads')).json.items;
    assert.ok(inbox.some((t) => t.id === toDesk.id));
    const mid = toDesk.messages[0].id;
    const got = await fetch(`${server.url}/api/v1/threads/${toDesk.id}/messages/${mid}/attachment`, { headers: { Cookie: desk.cookie } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
    const theirs = await fetch(`${server.url}/api/v1/portal/threads/${toDesk.id}/messages/${mid}/attachment`, { headers: { Cookie: r.cookie } });
    assert.equal(theirs.status, 404, 'another client gets nothing');
    assert.equal((await fetch(`${server.url}/api/v1/threads/${toDesk.id}/messages/${mid}/attachment`, { headers: { Cookie: noorUser.cookie } })).status, 404,
      'a clinician does not see the front desk\'s conversations');
    // Bad files and bodies: a clear 4xx, nothing written.
    const before = (await j.request('GET', '/api/v1/portal/threads')).json.items.length;
    for (const [body, status] of [
      [{ subject: 'x', body: '', attachment: { name: 'a.exe', data: Buffer.from('MZ not a pdf').toString('base64') } }, 400],
      [{ subject: 'x', body: 'y', attachment: { name: 'big.pdf', data: Buffer.concat([PDF, Buffer.alloc(800 * 1024)]).toString('base64') } }, 413],
      [{ subject: 'x', body: '   ' }, 400],
      [{ subject: '', body: 'y' }, 400],
      [{ subject: 'two\nlines', body: 'y' }, 400],
      [{ subject: 'x', body: 'y', audience: 'owner' }, 400],
      [{ subject: 'x', body: 'y', clinician_id: 'someone-else' }, 400],
    ]) {
      const res = await j.request('POST', '/api/v1/portal/threads', { body });
      assert.equal(res.status, status, `${JSON.stringify(body).slice(0, 80)}: ${res.text}`);
    }
    assert.equal((await j.request('GET', '/api/v1/portal/threads')).json.items.length, before, 'nothing half-written');
  });

  it('finds nothing of another client\'s, and nothing across practices', async () => {
    for (const [method, path, body] of [
      ['GET', `/api/v1/portal/threads/${toNoor.id}`],
      ['POST', `/api/v1/portal/threads/${toNoor.id}/messages`, { body: 'hi' }],
      ['GET', `/api/v1/portal/threads/${toDesk.id}/messages/${toDesk.messages[0].id}/attachment`],
    ]) assert.equal((await r.request(method, path, { body })).status, 404, path);
    assert.ok(!(await r.request('GET', '/api/v1/portal/threads')).json.items.some((t) => t.client_id === jordan.id));
    const other = await newPractice(server, { name: 'Across Town' });
    assert.equal((await other.owner.request('GET', `/api/v1/threads/${toNoor.id}`)).status, 404);
    assert.deepEqual((await other.owner.request('GET', '/api/v1/threads')).json.items, []);
    assert.equal((await other.owner.request('POST', `/api/v1/clients/${jordan.id}/threads`, { body: { subject: 'x', body: 'y' } })).status, 404);
    // Staff cannot use the client's routes, nor a client the staff's.
    assert.equal((await desk.request('GET', '/api/v1/portal/threads')).status, 403);
    assert.equal((await j.request('GET', '/api/v1/threads')).status, 403);
  });

  it('assigns, closes and reopens; a closed conversation takes no more messages', async () => {
    const bad = await desk.request('PUT', `/api/v1/threads/${toDesk.id}/assignee`, { body: { user_id: ariUser.userId } });
    assert.equal(bad.status, 400, 'a clinician does not handle front-desk conversations');
    const assigned = await practice.owner.request('PUT', `/api/v1/threads/${toDesk.id}/assignee`, { body: { user_id: desk.userId } });
    assert.equal(assigned.status, 200, assigned.text);
    assert.equal(assigned.json.assigned_user_id, desk.userId);
    assert.deepEqual((await desk.request('GET', '/api/v1/threads?mine=true')).json.items.map((t) => t.id), [toDesk.id]);
    const closed = await desk.request('POST', `/api/v1/threads/${toDesk.id}/close`);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.status, 'closed');
    const late = await j.request('POST', `/api/v1/portal/threads/${toDesk.id}/messages`, { body: { body: 'one more thing' } });
    assert.equal(late.status, 422);
    assert.equal(ruleOf(late), 'thread_closed');
    assert.ok(!(await desk.request('GET', '/api/v1/threads')).json.items.some((t) => t.id === toDesk.id), 'open ones by default');
    assert.ok((await desk.request('GET', '/api/v1/threads?status=closed')).json.items.some((t) => t.id === toDesk.id));
    assert.equal((await desk.request('POST', `/api/v1/threads/${toDesk.id}/reopen`)).json.status, 'open');
    assert.equal((await j.request('POST', `/api/v1/portal/threads/${toDesk.id}/messages`, { body: { body: 'one more thing' } })).status, 201);
  });

  it('lets the clinician start one and file a conversation to the chart; the front desk cannot file', async () => {
    const started = await noorUser.request('POST', `/api/v1/clients/${jordan.id}/threads`, { body: { subject: 'Homework for next week', body: 'Try the breathing exercise twice a day.' } });
    assert.equal(started.status, 201, started.text);
    assert.equal(started.json.audience, 'clinician');
    assert.equal(started.json.started_by_client, false);
    assert.ok((await j.request('GET', '/api/v1/portal/threads')).json.items.some((t) => t.id === started.json.id));
    assert.equal((await ariUser.request('POST', `/api/v1/clients/${jordan.id}/threads`, { body: { subject: 'x', body: 'y' } })).status, 404, 'not Ari\'s client');
    assert.equal((await desk.request('POST', `/api/v1/threads/${toDesk.id}/file`)).status, 403);
    const filed = await noorUser.request('POST', `/api/v1/threads/${toNoor.id}/file`);
    assert.equal(filed.status, 200, filed.text);
    assert.ok(filed.json.filed_document_id);
    const docs = (await noorUser.request('GET', `/api/v1/clients/${jordan.id}/documents`)).json.items;
    const doc = docs.find((d) => d.id === filed.json.filed_document_id);
    assert.equal(doc.title, 'Messages: Sleep since Tuesday');
    assert.equal(doc.content_type, 'application/pdf');
    assert.equal(ruleOf(await noorUser.request('POST', `/api/v1/threads/${toNoor.id}/file`)), 'already_filed');
    // Every read and write is in the client's accounting of access.
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${jordan.id}`)).json.items.map((e) => `${e.action}:${e.actor_role}`);
    for (const want of ['message_thread.start:client', 'message_thread.read:clinician', 'message.send:clinician', 'message.attachment_read:front_desk', 'message_thread.file:clinician'])
      assert.ok(audit.includes(want), want);
  });
});

describe(`the practice's promise about messages (${ENGINE})`, () => {
  const START = '2027-03-01T15:00:00Z';
  let server;
  let practice;

  before(async () => {
    server = await startServer({ demo: false, args: ['--clock', `fixed:${START}`] });
    practice = await newPractice(server, { name: 'Cedar Counseling', at: Date.parse(START) });
  });
  after(async () => server?.stop());

  it('answers within the practice\'s own target, shows its crisis wording, and marks later answers overdue', async () => {
    const { owner } = practice;
    const desk = await practice.invite('front_desk', { local: 'desk' });
    const defaults = await desk.request('GET', '/api/v1/message-settings');
    assert.equal(defaults.status, 200, defaults.text);
    assert.deepEqual(defaults.json, { response_target_hours: 48, crisis_message: '' });
    assert.equal((await desk.request('PUT', '/api/v1/message-settings', { body: { response_target_hours: 4 } })).status, 403, 'the owner decides');
    const bad = await owner.request('PUT', '/api/v1/message-settings', { body: { response_target_hours: 0, crisis_message: '' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.errors[0].field, 'response_target_hours');
    const set = await owner.request('PUT', '/api/v1/message-settings', { body: { response_target_hours: 4,
      crisis_message: 'After hours, call our on-call clinician at (555) 555-0100.' } });
    assert.equal(set.status, 200, set.text);

    const client = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Quinn', family_name: 'Promise', birth_date: '1990-02-03',
      email: 'quinn@promise.example.com', location_state: 'CO', time_zone: 'America/Denver' } });
    const inv = await desk.request('POST', `/api/v1/clients/${client.json.id}/portal-invitation`, { body: { email: 'quinn@promise.example.com' } });
    const q = new Client(server.url);
    const acc = await q.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: 'quinn-portal-password' } });
    assert.equal(acc.status, 200, acc.text);
    q.csrf = acc.json.csrf_token;
    const shown = await q.request('GET', '/api/v1/portal/message-settings');
    assert.equal(shown.json.crisis_message, 'After hours, call our on-call clinician at (555) 555-0100.');
    assert.equal(shown.json.response_target_hours, 4);
    const thread = await q.request('POST', '/api/v1/portal/threads', { body: { audience: 'front_desk', subject: 'A question', body: 'When do you open?' } });
    assert.equal(thread.status, 201, thread.text);

    const at = async (seconds) => {
      const res = await new Client(server.url).request('POST', '/api/v1/test/clock', { body: { advance_seconds: seconds } });
      const now = Date.parse(res.json.now);
      assert.equal((await owner.login(owner.email, practice.password, totpAt(owner.totpSecret, now))).status, 200);
    };
    await at(3 * 3600);
    const early = (await owner.request('GET', '/api/v1/threads')).json.items.find((t) => t.id === thread.json.id);
    assert.equal(early.overdue, false, 'three hours: within the target');
    await at(2 * 3600);
    const late = (await owner.request('GET', '/api/v1/threads')).json.items.find((t) => t.id === thread.json.id);
    assert.equal(late.overdue, true, 'five hours: past the practice\'s four');
  });
});
