// Joint visits, in a new practice: the prescriber joins the therapist's in-person session by video. The visit is
// on both calendars and takes both clinicians' time; the booking rules hold for the one joining too (on the
// client's care team, licensed by telehealth where the clinic is, free then); both enter the visit's room and
// nobody else; each writes and signs their own note, and each part is charged by its own codes (the joining
// prescriber's by video into the office). A prescriber joining from a referral books it; leaving unbooks it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, signSoapNote, startServer } from '../lib/server.mjs';

describe(`joint visits (${ENGINE})`, () => {
  let server;
  let practice;
  let owner;
  let desk;
  let therapist; // Morgan Lane, counselor, in the office with the client
  let np;        // Priya Shah, PMHNP, joins by video
  let utah;      // Dana Reyes, PMHNP licensed only in Utah
  let other;     // Chidi Okafor, counselor, not on the client's team
  let client;
  let office;
  let therapy;
  let medication;
  const ids = {};
  const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const soon = at(Date.now() + 5 * 60_000);
  const booking = (extra = {}) => ({ clinician_id: ids.lane, client_id: client.id, service_id: therapy.id, mode: 'in_person',
    location_id: office.id, start: soon, override_reason: 'joint session agreed with the client', joint_clinician_id: ids.shah,
    joint_service_id: medication.id, ...extra });

  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Juniper Joint Care' });
    owner = practice.owner;
    const lane = await practice.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const shah = await practice.clinician({ given: 'Priya', family: 'Shah', discipline: 'psychiatric_np' });
    const reyes = await practice.clinician({ given: 'Dana', family: 'Reyes', discipline: 'psychiatric_np' });
    const okafor = await practice.clinician({ given: 'Chidi', family: 'Okafor', discipline: 'counseling' });
    Object.assign(ids, { lane: lane.id, shah: shah.id, reyes: reyes.id, okafor: okafor.id });
    therapist = await practice.invite('clinician', { local: 'lane', clinician_id: lane.id });
    np = await practice.invite('clinician', { local: 'shah', clinician_id: shah.id });
    utah = await practice.invite('clinician', { local: 'reyes', clinician_id: reyes.id });
    other = await practice.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    desk = await practice.invite('front_desk', { local: 'desk' });
    for (const [k, state, n] of [[lane, 'CO', 'LPC-1'], [shah, 'CO', 'APRN-1'], [reyes, 'UT', 'APRN-2'], [okafor, 'CO', 'LPC-2']]) {
      const lic = await owner.request('POST', `/api/v1/clinicians/${k.id}/licenses`, { body: { kind: 'license', state, number: n,
        issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' } });
      assert.equal(lic.status, 201, lic.text);
    }
    office = (await owner.request('POST', '/api/v1/locations', { body: { name: 'Juniper office', kind: 'clinic', address: '2 Pine St, Denver, CO',
      time_zone: 'America/Denver', state: 'CO' } })).json;
    therapy = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy 53', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 15000, video: 15000 } } })).json;
    medication = (await owner.request('POST', '/api/v1/services', { body: { name: 'Medication management', cpt_code: '99214', duration_minutes: 30,
      modes: ['video'], disciplines: ['psychiatric_np'], fees: { video: 20000 } } })).json;
    assert.ok(office.id && therapy.id && medication.id);
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Riley', family_name: 'Jointly', birth_date: '1990-05-06',
      email: 'riley.jointly@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    // The prescribers join the client's care team (Dana Reyes too, to show licensure still decides).
    const team = (await desk.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    const put = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: team.version, members: [
      { clinician_id: ids.lane, role: 'primary' }, { clinician_id: ids.shah, role: 'prescriber' }, { clinician_id: ids.reyes, role: 'prescriber' }] } });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => { if (process.env.DUET_SHOW_LOG) console.log(server?.stderr()); await server?.stop(); });

  it('refuses a joint visit that breaks a rule, naming the field or the rule', async () => {
    const book = (extra) => desk.request('POST', '/api/v1/appointments', { body: booking(extra) });
    let r = await book({ mode: 'video', location_id: undefined });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /joint$/);
    r = await book({ joint_clinician_id: ids.lane });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'joint_clinician_id');
    r = await book({ joint_clinician_id: ids.okafor, joint_service_id: therapy.id });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.detail, /care team/);
    r = await book({ joint_clinician_id: ids.reyes });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /licensure$/);
    assert.match(r.json.detail, /joint clinician by video to CO/);
    // An id of no service (its last digit changed, never to itself).
    r = await book({ joint_service_id: therapy.id.replace(/.$/, (d) => (d === '0' ? '1' : '0')) });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'joint_service_id');
    r = await book({ joint_service_id: undefined });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'joint_service_id');
    const none = await desk.request('GET', `/api/v1/appointments?client_id=${client.id}&from=${at(Date.now() - 86_400_000)}&to=${at(Date.now() + 86_400_000)}`);
    assert.equal(none.json.items.length, 0, 'nothing half-booked');
  });

  let visit;
  it('books a joint visit: on both calendars, and it takes the prescriber\'s time too', async () => {
    const r = await desk.request('POST', '/api/v1/appointments', { body: booking() });
    assert.equal(r.status, 201, r.text);
    visit = r.json;
    assert.deepEqual([visit.mode, visit.clinician_id, visit.joint_clinician_id, visit.joint_service_id], ['in_person', ids.lane, ids.shah, medication.id]);
    const range = `from=${at(Date.now() - 3_600_000)}&to=${at(Date.now() + 86_400_000)}`;
    for (const [who, id] of [[np, ids.shah], [therapist, ids.lane]]) {
      const cal = await who.request('GET', `/api/v1/appointments?clinician_id=${id}&${range}`);
      assert.equal(cal.status, 200, cal.text);
      const mine = cal.json.items.find((a) => a.id === visit.id);
      assert.ok(mine && !mine.busy, `on ${id === ids.shah ? "the prescriber's" : "the therapist's"} calendar, in full`);
      assert.deepEqual(mine.client_names, ['Riley Jointly']);
    }
    assert.equal((await np.request('GET', `/api/v1/appointments/${visit.id}`)).status, 200);
    const clash = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: ids.shah, client_id: client.id, service_id: medication.id,
      mode: 'video', start: at(Date.parse(soon) + 10 * 60_000), override_reason: 'double booking attempt' } });
    assert.equal(clash.status, 409, clash.text);
    assert.match(clash.json.detail, /clinician already has a visit/);
  });

  it('both clinicians enter the visit\'s room (the prescriber licensed where the clinic is); nobody else', async () => {
    const joined = await np.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(joined.status, 200, joined.text);
    assert.equal(joined.json.licensure.allowed, true);
    assert.equal(joined.json.licensure.state, 'CO');
    const room = joined.json.visit.room_id;
    assert.ok(room);
    const lane = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(lane.status, 200, lane.text);
    assert.equal(lane.json.visit.room_id, room, 'one room for the visit');
    const stranger = await other.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.ok([403, 404].includes(stranger.status), stranger.text);
    const link = await desk.request('POST', `/api/v1/appointments/${visit.id}/telehealth/links`, { body: { guest_name: 'Sam Interpreter' } });
    assert.equal(link.status, 201, link.text);
  });

  it('each clinician writes and signs their own note; each part is charged by its own codes', async () => {
    const mine = await signSoapNote(therapist, client.id, visit.id);
    const started = await np.request('POST', '/api/v1/notes', { body: { client_id: client.id, appointment_id: visit.id, template_key: 'med_management' } });
    assert.equal(started.status, 201, started.text);
    const saved = await np.request('PUT', `/api/v1/notes/${started.json.id}`, { body: { version: started.json.version, content: { ...started.json.content,
      'interval.interval': 'Sleeping better.', 'interval.adherence': 'Taking as prescribed', 'exam.mse': 'Calm, linear.', 'exam.risk': 'None reported',
      'plan.plan': 'Continue the current dose.', 'coding.patient_status': 'Established patient', 'coding.mdm': 'Moderate' } } });
    assert.equal(saved.status, 200, saved.text);
    const theirs = (await np.request('POST', `/api/v1/notes/${started.json.id}/sign`, { body: { version: saved.json.version } })).json;
    assert.deepEqual([mine.joint, theirs.joint], [false, true]);
    assert.equal(theirs.visit.mode, 'video');
    assert.equal(theirs.visit.client_at_home, false);
    assert.match(theirs.visit.place, /joining the in-person visit at Juniper office/);
    assert.equal(mine.visit.delivered_mode, 'in_person');
    const again = await np.request('POST', '/api/v1/notes', { body: { client_id: client.id, appointment_id: visit.id, template_key: 'soap' } });
    assert.equal(again.status, 409, 'one note per clinician of the visit');
    const charges = (await owner.request('GET', '/api/v1/charges')).json.items.filter((c) => c.appointment_id === visit.id);
    assert.equal(charges.length, 2, JSON.stringify(charges));
    const lane = charges.find((c) => c.clinician_id === ids.lane);
    const shah = charges.find((c) => c.clinician_id === ids.shah);
    assert.deepEqual(lane.lines.map((l) => [l.cpt, l.pos]), [['90837', '11']]);
    assert.equal(shah.lines[0].cpt, '99214');
    assert.equal(shah.lines[0].pos, '02', 'telehealth, the client not at home');
    assert.ok(shah.lines[0].modifiers.includes('95'), JSON.stringify(shah.lines[0]));
    assert.deepEqual([lane.fee, shah.fee], [15000, 20000]);
    const visitCharge = async (query = '') => (await owner.request('GET', `/api/v1/appointments/${visit.id}/charge${query}`)).json;
    assert.equal((await visitCharge()).id, lane.id, "the visit's own clinician's charge by default");
    assert.equal((await visitCharge(`?clinician_id=${ids.shah}`)).id, shah.id, "the joining clinician's on asking");
  });

  it('the prescriber joins a booked visit from a referral, and leaving takes the referral back', async () => {
    const later = at(Date.now() + 2 * 86_400_000);
    const booked = await desk.request('POST', '/api/v1/appointments', { body: booking({ start: later, joint_clinician_id: undefined, joint_service_id: undefined }) });
    assert.equal(booked.status, 201, booked.text);
    assert.equal(booked.json.joint_clinician_id, null);
    const sent = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: client.id, to_clinician_id: ids.shah,
      reason: 'Medication review', urgency: 'routine' } });
    assert.equal(sent.status, 201, sent.text);
    assert.equal((await np.request('POST', `/api/v1/referrals/${sent.json.id}/accept`, { body: {} })).status, 200);
    const put = (who, body) => who.request('PUT', `/api/v1/appointments/${booked.json.id}/joint`, { body });
    assert.ok([403, 404].includes((await put(other, { joint_clinician_id: ids.okafor, joint_service_id: therapy.id })).status),
      'a clinician off the team cannot put themself on the visit');
    const stale = await put(np, { joint_clinician_id: ids.shah, joint_service_id: medication.id, version: booked.json.version + 5 });
    assert.equal(stale.status, 409, stale.text);
    const joined = await put(np, { joint_clinician_id: ids.shah, joint_service_id: medication.id, version: booked.json.version });
    assert.equal(joined.status, 200, joined.text);
    assert.equal(joined.json.joint_clinician_id, ids.shah);
    let r = (await therapist.request('GET', `/api/v1/referrals/${sent.json.id}`)).json;
    assert.deepEqual([r.state, r.first_visit_id], ['booked', booked.json.id]);
    const left = await put(np, { joint_clinician_id: null });
    assert.equal(left.status, 200, left.text);
    assert.equal(left.json.joint_clinician_id, null);
    r = (await therapist.request('GET', `/api/v1/referrals/${sent.json.id}`)).json;
    assert.equal(r.state, 'accepted', 'the first visit is no longer booked');
    const video = await desk.request('POST', '/api/v1/appointments', { body: { ...booking({ start: at(Date.now() + 3 * 86_400_000) }),
      mode: 'video', location_id: undefined, joint_clinician_id: undefined, joint_service_id: undefined } });
    assert.equal(video.status, 201, video.text);
    const onVideo = await desk.request('PUT', `/api/v1/appointments/${video.json.id}/joint`, { body: { joint_clinician_id: ids.shah, joint_service_id: medication.id } });
    assert.equal(onVideo.status, 422, 'a video visit already has its room: joint visits are in person');
  });
  it('books a case conference among the care team: by video, staff only, on each attendee\'s calendar, never charged', async () => {
    const svc = await owner.request('POST', '/api/v1/services', { body: { name: 'Case conference', duration_minutes: 30, modes: ['video'], fees: { video: 0 } } });
    assert.equal(svc.status, 201, svc.text);
    const conference = (extra = {}) => ({ kind: 'conference', clinician_id: ids.reyes, client_id: client.id, service_id: svc.json.id, mode: 'video',
      attendee_ids: [ids.shah], start: at(Date.parse(soon) + 5 * 60_000), override_reason: 'team meeting', ...extra });
    let r = await utah.request('POST', '/api/v1/appointments', { body: conference({ attendee_ids: [ids.okafor] }) });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.detail, /care team/);
    const team = (await desk.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    const joined = await desk.request('PUT', `/api/v1/clients/${client.id}/care-team`, { body: { version: team.version, members: [
      ...team.members.map((m) => ({ clinician_id: m.member.clinician_id, role: m.member.role })), { clinician_id: ids.okafor, role: 'consultant' }] } });
    assert.equal(joined.status, 200, joined.text);
    r = await utah.request('POST', '/api/v1/appointments', { body: conference({ attendee_ids: [] }) });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'attendee_ids');
    r = await utah.request('POST', '/api/v1/appointments', { body: conference({ mode: 'in_person', location_id: office.id }) });
    assert.equal(r.status, 422, r.text);
    r = await utah.request('POST', '/api/v1/appointments', { body: conference() });
    assert.equal(r.status, 409, 'the prescriber is in the joint visit then');
    assert.match(r.json.detail, /attendee already has a visit/);
    // The client is in the joint visit then; a conference does not take the client's time. Dana Reyes, licensed
    // only in Utah, meets about a Colorado client: no client is treated, so no licensure is needed.
    r = await utah.request('POST', '/api/v1/appointments', { body: conference({ attendee_ids: [ids.okafor] }) });
    assert.equal(r.status, 201, r.text);
    const meeting = r.json;
    assert.deepEqual([meeting.kind, meeting.attendee_ids], ['conference', [ids.okafor]]);
    const range = `from=${at(Date.now() - 3_600_000)}&to=${at(Date.now() + 86_400_000)}`;
    const cal = (await other.request('GET', `/api/v1/appointments?clinician_id=${ids.okafor}&${range}`)).json.items;
    assert.ok(cal.some((a) => a.id === meeting.id && !a.busy), "on the attendee's calendar");
    for (const who of [utah, other]) {
      const join = await who.request('POST', `/api/v1/appointments/${meeting.id}/telehealth/join`, {});
      assert.equal(join.status, 200, join.text);
    }
    assert.ok([403, 404].includes((await therapist.request('POST', `/api/v1/appointments/${meeting.id}/telehealth/join`, {})).status),
      'the client\'s therapist is not in this meeting');
    const link = await desk.request('POST', `/api/v1/appointments/${meeting.id}/telehealth/links`, { body: {} });
    assert.equal(link.status, 422, 'staff only: no client or guest links');
    const busy = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: ids.okafor, client_id: client.id, service_id: therapy.id,
      mode: 'video', start: at(Date.parse(meeting.start) + 60_000), override_reason: 'x' } });
    assert.equal(busy.status, 409, "the conference takes the attendee's time");
    assert.equal((await utah.request('POST', `/api/v1/appointments/${meeting.id}/check-in`, { body: {} })).status, 200);
    assert.equal((await utah.request('POST', `/api/v1/appointments/${meeting.id}/complete`, { body: {} })).status, 200);
    await signSoapNote(utah, client.id, meeting.id);
    const charges = (await owner.request('GET', '/api/v1/charges')).json.items.filter((c) => c.appointment_id === meeting.id);
    assert.deepEqual(charges, [], 'an uncoded conference is never charged');
  });

});
