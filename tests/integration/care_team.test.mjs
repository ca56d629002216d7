// Therapy and psychiatry as one team, in a new practice: the therapist refers the client to the practice's
// psychiatric nurse practitioner; the referral advances by itself as the first visit is booked and held, and
// the prescriber's signed note answers it; the prescriber joins the care team on accepting; team members read
// each other's signed notes only once the client agreed — psychotherapy notes never; a member whose last day
// has passed sees nothing more; and every step is refused to those it is not for.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addChartPdf, ENGINE, newPractice, rawStorage, signSoapNote, startServer } from '../lib/server.mjs';

describe(`care teams and referrals (${ENGINE})`, () => {
  let server;
  let practice;
  let owner;
  let np;        // Priya Shah, PMHNP
  let therapist; // Morgan Lane, the client's counselor
  let ot;        // Kai Ito, occupational therapist
  let other;     // a clinician of other clients
  let desk;
  let client;
  let service;
  const ids = {};
  const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const today = () => new Date().toISOString().slice(0, 10);
  const team = async (who = therapist) => who.request('GET', `/api/v1/clients/${client.id}/care-team`);

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Aspen Collaborative Care' });
    owner = practice.owner;
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const ito = await practice.clinician({ given: 'Kai', family: 'Ito', discipline: 'occupational_therapy' });
    const okafor = await practice.clinician({ given: 'Chidi', family: 'Okafor', discipline: 'counseling' });
    Object.assign(ids, { shah: shah.id, lane: lane.id, ito: ito.id, okafor: okafor.id });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    ot = await practice.invite('clinician', { local: 'ito', clinician_id: ito.id });
    other = await practice.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    desk = await practice.invite('front_desk', { local: 'desk' });
    for (const [k, n] of [[shah, 'APRN-1'], [lane, 'LPC-1']]) {
      const lic = await owner.request('POST', `/api/v1/clinicians/${k.id}/licenses`, { body: { kind: 'license', state: 'CO', number: n,
        issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' } });
      assert.equal(lic.status, 201, lic.text);
    }
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Riley', family_name: 'Teamwork',
      birth_date: '1988-03-14', email: 'riley@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    const svc = await owner.request('POST', '/api/v1/services', { body: { name: 'Psychiatric evaluation', cpt_code: '90792', duration_minutes: 60,
      modes: ['video'], fees: { video: 25000 } } });
    assert.equal(svc.status, 201, svc.text);
    service = svc.json;
  });
  after(async () => server?.stop());

  it('a new client has a care team of the clinician they were added with, primary from today', async () => {
    const res = await team();
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.members.length, 1);
    const [m] = res.json.members;
    assert.deepEqual([m.member.clinician_id, m.member.role, m.member.starts_on, m.member.ends_on, m.member.active],
      [ids.lane, 'primary', today(), null, true]);
    assert.match(m.member.name, /Morgan Lane/);
    assert.equal(res.json.sharing.shares_notes, false, 'nothing shared until the client agrees');
    assert.equal((await team(desk)).status, 200, 'the front desk books with the team');
    const billing = await practice.invite('biller', { local: 'billing' });
    const seen = await team(billing);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.json.members.length, 1, 'a biller sees who renders care');
    assert.equal((await team(np)).status, 404, 'not on the team: as if there were no such client');
    assert.equal((await np.request('GET', `/api/v1/clients/${client.id}`)).status, 404);
  });

  let referral;
  it('the therapist refers the client to the prescriber; bad referrals are refused, naming the fields', async () => {
    const bad = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.lane, reason: ' ' } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['reason', 'to_clinician_id']);
    const urgency = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah,
      urgency: 'whenever', reason: 'x' } });
    assert.equal(urgency.status, 400, urgency.text);
    const notMine = await other.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, reason: 'x' } });
    assert.equal(notMine.status, 404, 'a clinician refers only their own clients');
    assert.equal((await desk.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, reason: 'x' } })).status, 403);
    const onBehalf = await owner.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, reason: 'x' } });
    assert.equal(onBehalf.status, 400, 'the owner without a clinician profile names who refers');
    assert.deepEqual(onBehalf.json.errors.map((e) => e.field), ['from_clinician_id']);

    const res = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, urgency: 'soon',
      reason: 'Low mood persists after 12 weeks of CBT', question: 'Would medication help?' } });
    assert.equal(res.status, 201, res.text);
    referral = res.json;
    assert.deepEqual([referral.state, referral.urgency, referral.from_clinician_id, referral.overdue], ['sent', 'soon', ids.lane, false]);
    assert.equal(Date.parse(referral.due_at) - Date.parse(referral.sent_at), 2 * 86_400_000, 'a soon referral is accepted within 2 days');
    assert.match(referral.client_name, /Riley/);
    const again = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, reason: 'again' } });
    assert.equal(again.status, 409, 'one open referral to a clinician at a time');
  });

  it('each side sees the referral; the front desk without its clinical text; other clinicians not at all', async () => {
    const mine = await np.request('GET', `/api/v1/referrals?to_clinician_id=${ids.shah}&state=sent`);
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(mine.json.items.map((r) => [r.id, r.question]), [[referral.id, 'Would medication help?']]);
    assert.equal((await therapist.request('GET', '/api/v1/referrals?open=true')).json.items.length, 1, 'the referrer sees it too');
    const front = (await desk.request('GET', '/api/v1/referrals')).json.items;
    assert.deepEqual(front.map((r) => [r.id, r.reason, r.question]), [[referral.id, null, null]]);
    assert.deepEqual((await other.request('GET', '/api/v1/referrals')).json.items, []);
    assert.equal((await other.request('GET', `/api/v1/referrals/${referral.id}`)).status, 404);
    assert.equal((await therapist.request('GET', '/api/v1/referrals?state=pending')).status, 400);
  });

  it('only the referred clinician accepts; on accepting they join the care team and open the chart', async () => {
    assert.equal((await therapist.request('POST', `/api/v1/referrals/${referral.id}/accept`, { body: {} })).status, 403);
    assert.equal((await other.request('POST', `/api/v1/referrals/${referral.id}/accept`, { body: {} })).status, 404);
    const res = await np.request('POST', `/api/v1/referrals/${referral.id}/accept`, { body: {} });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.state, 'accepted');
    assert.ok(res.json.accepted_at);
    const twice = await np.request('POST', `/api/v1/referrals/${referral.id}/accept`, { body: {} });
    assert.equal(twice.status, 422, twice.text);
    assert.match(twice.json.type, /referral_state$/);
    const members = (await team(np)).json.members.map((m) => [m.member.clinician_id, m.member.role, m.member.active]);
    assert.deepEqual(members.sort(), [[ids.lane, 'primary', true], [ids.shah, 'prescriber', true]].sort());
    assert.equal((await np.request('GET', `/api/v1/clients/${client.id}`)).status, 200, 'the prescriber now opens the chart');
  });

  let visit;
  it('booking the prescriber with the client books the referral; the client arriving holds it', async () => {
    const booked = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: ids.shah, client_id: client.id,
      service_id: service.id, mode: 'video', start: at(Date.now() + 10 * 60_000), override_reason: 'evaluation squeezed in today' } });
    assert.equal(booked.status, 201, booked.text);
    visit = booked.json;
    let r = (await therapist.request('GET', `/api/v1/referrals/${referral.id}`)).json;
    assert.deepEqual([r.state, r.first_visit_id], ['booked', visit.id]);
    const seen = (await team()).json.members.find((m) => m.member.clinician_id === ids.shah);
    assert.equal(seen.next_visit?.id, visit.id, "the therapist sees when the prescriber sees the client");
    assert.equal(seen.next_visit.mode, 'video');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/check-in`, { body: {} })).status, 200);
    r = (await therapist.request('GET', `/api/v1/referrals/${referral.id}`)).json;
    assert.equal(r.state, 'held');
    assert.ok(r.held_at);
  });

  let soap;
  let process;
  it("the prescriber's signed note answers the referral; the therapist reads it once the client agreed, never a psychotherapy note", async () => {
    soap = await signSoapNote(np, client.id, visit.id);
    const r = (await therapist.request('GET', `/api/v1/referrals/${referral.id}`)).json;
    assert.deepEqual([r.state, r.answer_note_id], ['answered', soap.id]);
    assert.ok(r.closed_at);
    const started = await np.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'psychotherapy_note' } });
    assert.equal(started.status, 201, started.text);
    process = started.json;

    assert.equal((await therapist.request('GET', `/api/v1/notes/${soap.id}`)).status, 404, 'before the client agrees: not shared');
    const current = (await team()).json;
    const agree = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: current.members.map((m) => ({ clinician_id: m.member.clinician_id, role: m.member.role, starts_on: m.member.starts_on })),
      shares_notes: true } });
    assert.equal(agree.status, 200, agree.text);
    assert.equal(agree.json.sharing.shares_notes, true);
    assert.ok(agree.json.sharing.recorded_by && agree.json.sharing.recorded_at, 'who recorded the agreement, and when');
    const read = await therapist.request('GET', `/api/v1/notes/${soap.id}`);
    assert.equal(read.status, 200, read.text);
    const listed = (await therapist.request('GET', `/api/v1/notes?client_id=${client.id}`)).json.items.map((n) => n.id);
    assert.ok(listed.includes(soap.id));
    assert.ok(!listed.includes(process.id), 'a psychotherapy note is never listed to the team');
    assert.equal((await therapist.request('GET', `/api/v1/notes/${process.id}`)).status, 404, 'nor opened');
    assert.equal((await owner.request('GET', `/api/v1/notes/${process.id}`)).status, 404, 'not even by the owner');
  });

  it('a draft stays its author\'s until signed, whatever the client agreed', async () => {
    const draft = await np.request('POST', '/api/v1/notes', { body: { client_id: client.id, template_key: 'soap' } });
    assert.equal(draft.status, 201, draft.text);
    assert.equal((await therapist.request('GET', `/api/v1/notes/${draft.json.id}`)).status, 404);
  });

  it('a stale team is refused; a bad team names each problem and changes nothing', async () => {
    const current = (await team()).json;
    const stale = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version - 1,
      members: [{ clinician_id: ids.lane, role: 'primary' }] } });
    assert.equal(stale.status, 409, stale.text);
    const bad = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: [{ clinician_id: ids.lane, role: 'primary' }, { clinician_id: ids.ito, role: 'primary' },
        { clinician_id: ids.shah, role: 'prescriber', starts_on: '2026-12-01', ends_on: '2026-11-01' }] } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['members[1].role', 'members[2].ends_on']);
    const role = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: [{ clinician_id: ids.lane, role: 'chief' }] } });
    assert.equal(role.status, 400, role.text);
    const stranger = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: [{ clinician_id: 'no-such-clinician', role: 'consultant' }] } });
    assert.equal(stranger.status, 400, stranger.text);
    assert.deepEqual((await team()).json.members.map((m) => m.member.clinician_id).sort(), [ids.lane, ids.shah].sort(), 'nothing written');
    assert.equal((await other.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version, members: [] } })).status, 404);
  });

  it('a member whose last day has passed sees nothing more; the client record lists today\'s team', async () => {
    const current = (await team()).json;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const ended = await therapist.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: [{ clinician_id: ids.lane, role: 'primary' }, { clinician_id: ids.shah, role: 'prescriber', starts_on: '2026-01-05', ends_on: yesterday },
        { clinician_id: ids.ito, role: 'rehabilitation' }] } });
    assert.equal(ended.status, 200, ended.text);
    const shah = ended.json.members.find((m) => m.member.clinician_id === ids.shah).member;
    assert.deepEqual([shah.active, shah.ends_on], [false, yesterday]);
    assert.equal((await np.request('GET', `/api/v1/clients/${client.id}`)).status, 404, 'the next request after the end is refused');
    assert.equal((await np.request('GET', `/api/v1/notes/${soap.id}`)).status, 200, 'their own note stays theirs');
    assert.equal((await ot.request('GET', `/api/v1/clients/${client.id}`)).status, 200, 'a new member opens the chart');
    const record = (await desk.request('GET', `/api/v1/clients/${client.id}`)).json;
    assert.deepEqual(record.clinician_ids.sort(), [ids.lane, ids.ito].sort());
    // Saving the client record keeps the team's parts and dates.
    const saved = await desk.request('PATCH', `/api/v1/clients/${client.id}`, { body: { version: record.version, pronouns: 'they/them' } });
    assert.equal(saved.status, 200, saved.text);
    const after = (await team()).json.members;
    assert.equal(after.find((m) => m.member.clinician_id === ids.ito).member.role, 'rehabilitation');
    assert.equal(after.find((m) => m.member.clinician_id === ids.shah).member.ends_on, yesterday);
  });

  it('a declined referral says why; the calendar never reopens a closed one', async () => {
    const res = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.okafor, urgency: 'routine',
      reason: 'Second opinion' } });
    assert.equal(res.status, 201, res.text);
    const noWhy = await other.request('POST', `/api/v1/referrals/${res.json.id}/decline`, { body: { reason: '' } });
    assert.equal(noWhy.status, 400, noWhy.text);
    const declined = await other.request('POST', `/api/v1/referrals/${res.json.id}/decline`, { body: { reason: 'Caseload full until March' } });
    assert.equal(declined.status, 200, declined.text);
    assert.deepEqual([declined.json.state, declined.json.answer, declined.json.due_at], ['declined', 'Caseload full until March', null]);
    assert.equal((await other.request('GET', `/api/v1/clients/${client.id}`)).status, 404, 'declining does not join the team');
    const answered = await other.request('POST', `/api/v1/referrals/${res.json.id}/answer`, { body: { answer: 'late' } });
    assert.equal(answered.status, 422, answered.text);
  });

  it('a cancelled first visit takes the referral back to booking; booking a sent referral accepts it', async () => {
    const res = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah, urgency: 'urgent',
      reason: 'Sleep has worsened again' } });
    assert.equal(res.status, 201, res.text);
    const booked = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: ids.shah, client_id: client.id,
      service_id: service.id, mode: 'video', start: at(Date.now() + 2 * 86_400_000), override_reason: 'urgent follow-up' } });
    assert.equal(booked.status, 201, booked.text);
    let r = (await therapist.request('GET', `/api/v1/referrals/${res.json.id}`)).json;
    assert.deepEqual([r.state, r.first_visit_id, Boolean(r.accepted_at)], ['booked', booked.json.id, true], 'booking accepted it');
    assert.ok((await team()).json.members.some((m) => m.member.clinician_id === ids.shah && m.member.active), 'and put the prescriber back on the team');
    const cancelled = await desk.request('POST', `/api/v1/appointments/${booked.json.id}/cancel`, { body: { reason: 'client unwell' } });
    assert.equal(cancelled.status, 200, cancelled.text);
    r = (await therapist.request('GET', `/api/v1/referrals/${res.json.id}`)).json;
    assert.deepEqual([r.state, r.first_visit_id], ['accepted', null], 'a visit is to book again');
  });

  it('a referral carries documents of the chart: its two clinicians open them, nobody else; Part 2 only under the agreement', async () => {
    const letter = await addChartPdf(therapist, client.id, 'Letter from the family physician');
    const sud = await addChartPdf(therapist, client.id, 'Detox discharge summary');
    assert.equal((await therapist.request('PUT', `/api/v1/documents/${sud.id}/part2`, { body: { part2: true } })).status, 200);
    const current = (await team()).json;
    const noPart2 = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: current.version,
      members: current.members.map((m) => ({ clinician_id: m.member.clinician_id, role: m.member.role, starts_on: m.member.starts_on, ends_on: m.member.ends_on })),
      shares_part2: false } });
    assert.equal(noPart2.status, 200, noPart2.text);
    const refer = (attachment_ids) => therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.okafor,
      urgency: 'routine', reason: 'A second look at the physician letter', attachment_ids } });
    const unknown = await refer(['00000000-0000-7000-8000-000000000000']);
    assert.equal(unknown.status, 400, unknown.text);
    assert.equal(unknown.json.errors[0].field, 'attachment_ids');
    const part2 = await refer([sud.id]);
    assert.equal(part2.status, 422, part2.text);
    assert.match(part2.json.type, /part2$/);
    const sent = await refer([letter.id]);
    assert.equal(sent.status, 201, sent.text);
    const seen = (await other.request('GET', `/api/v1/referrals/${sent.json.id}`)).json;
    assert.deepEqual(seen.attachments.map((a) => [a.document_id, a.title]), [[letter.id, 'Letter from the family physician']]);
    assert.deepEqual((await desk.request('GET', `/api/v1/referrals/${sent.json.id}`)).json.attachments, [], 'the front desk sees no clinical detail');
    const open = (who, doc = letter.id) => fetch(`${server.url}/api/v1/referrals/${sent.json.id}/attachments/${doc}`, { headers: { Cookie: who.cookie } });
    for (const who of [other, therapist]) {
      const res = await open(who);
      assert.equal(res.status, 200);
      assert.match(Buffer.from(await res.arrayBuffer()).toString(), /^%PDF/);
    }
    assert.equal((await other.request('GET', `/api/v1/clients/${client.id}/documents`)).status, 404, 'the referred clinician is not on the team yet');
    assert.equal((await open(np)).status, 404, 'a clinician not on the referral');
    assert.equal((await open(desk)).status, 403);
    assert.equal((await open(other, sud.id)).status, 404, 'only what was attached');
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items;
    assert.ok(audit.some((e) => e.action === 'referral.attachment_read' && e.resource_id === letter.id));
  });

  it('is audited and sealed at rest', async () => {
    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items.map((e) => e.action);
    for (const action of ['referral.create', 'referral.accept', 'referral.booked', 'referral.held', 'referral.answer', 'referral.decline',
      'care_team.read', 'care_team.update', 'care_team.sharing'])
      assert.ok(audit.includes(action), action);
    const raw = rawStorage(server, ['referrals']);
    assert.ok(!raw.includes('Low mood persists'), 'the reason is sealed');
    assert.ok(!raw.includes('Would medication help'), 'the question is sealed');
    assert.ok(!raw.includes('Caseload full'), 'the answer is sealed');
  });
});
