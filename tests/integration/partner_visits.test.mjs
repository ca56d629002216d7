// A partner organization's clinician joins the practice's in-person visit by video (a telepsychiatrist into the
// therapist's session). Only under the client's release naming the partner; the partner clinician's licence
// (kept by their own organization) is checked at booking and at join as for the practice's own; the visit takes
// their time in their own practice too and is on their calendar; both enter the same room; every look and entry
// is a disclosure in the client's accounting; the moment the release is revoked the next request is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, startServer } from '../lib/server.mjs';
import { openLive } from '../lib/ws.mjs';

describe(`partner clinicians in joint visits (${ENGINE})`, () => {
  let server;
  let aspen;        // the therapy practice
  let desk;         // Aspen's front desk
  let therapist;    // Aspen's Morgan Lane, in the office with the client
  let summit;       // the telepsychiatry group
  let psychiatrist; // Summit's Dana Reyes, licensed in Colorado
  let utah;         // Summit's Sam Ute, licensed only in Utah
  let summitDesk;
  let stranger;     // a clinician of a third practice
  let partner;
  let client;
  let office;
  let therapy;
  let release;
  let visit;
  const ids = {};
  const at = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const soon = at(Date.now() + 5 * 60_000);
  const booking = (extra = {}) => ({ clinician_id: ids.lane, client_id: client.id, service_id: therapy.id, mode: 'in_person',
    location_id: office.id, start: soon, override_reason: 'joint session with the psychiatrist', joint_clinician_id: ids.reyes,
    partner_id: partner.id, ...extra });
  const disclosures = async () => (await therapist.request('GET', `/api/v1/clients/${client.id}/disclosures`)).json.items;

  before(async () => {
    server = await startServer({ demo: false });
    aspen = await newPractice(server, { name: 'Aspen Counseling' });
    summit = await newPractice(server, { name: 'Summit Telepsychiatry Group' });
    const third = await newPractice(server, { name: 'Elsewhere Therapy' });
    const lane = await aspen.clinician({ given: 'Morgan', family: 'Lane', discipline: 'counseling' });
    const reyes = await summit.clinician({ given: 'Dana', family: 'Reyes', discipline: 'psychiatry' });
    const ute = await summit.clinician({ given: 'Sam', family: 'Ute', discipline: 'psychiatric_np' });
    const okafor = await third.clinician({ given: 'Chidi', family: 'Okafor' });
    Object.assign(ids, { lane: lane.id, reyes: reyes.id, ute: ute.id, okafor: okafor.id });
    desk = await aspen.invite('front_desk', { local: 'desk' });
    therapist = await aspen.invite('clinician', { local: 'lane', clinician_id: lane.id });
    psychiatrist = await summit.invite('clinician', { local: 'reyes', clinician_id: reyes.id });
    utah = await summit.invite('clinician', { local: 'ute', clinician_id: ute.id });
    summitDesk = await summit.invite('front_desk', { local: 'desk' });
    stranger = await third.invite('clinician', { local: 'okafor', clinician_id: okafor.id });
    // Each organization keeps its own clinicians' licences.
    for (const [owner, k, state, n] of [[aspen.owner, lane, 'CO', 'LPC-1'], [summit.owner, reyes, 'CO', 'MD-1'], [summit.owner, ute, 'UT', 'APRN-9']]) {
      const lic = await owner.request('POST', `/api/v1/clinicians/${k.id}/licenses`, { body: { kind: 'license', state, number: n,
        issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' } });
      assert.equal(lic.status, 201, lic.text);
    }
    office = (await aspen.owner.request('POST', '/api/v1/locations', { body: { name: 'Aspen office', kind: 'clinic', address: '1 Elm St, Denver, CO',
      time_zone: 'America/Denver', state: 'CO' } })).json;
    therapy = (await aspen.owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy 53', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 15000, video: 15000 } } })).json;
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Jesse', family_name: 'Partnered', birth_date: '1992-02-03',
      email: 'jesse.partnered@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [lane.id] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
    const invited = await aspen.owner.request('POST', '/api/v1/partners', { body: { name: 'Summit Telepsychiatry', kind: 'telepsychiatry' } });
    assert.equal(invited.status, 201, invited.text);
    partner = invited.json;
    const connected = await summit.owner.request('POST', '/api/v1/partners/connect', { body: { token: partner.invite_code } });
    assert.equal(connected.status, 200, connected.text);
  });
  after(async () => { if (process.env.DUET_SHOW_LOG) console.log(server?.stderr()); await server?.stop(); });

  it('refuses a partner clinician without a release naming the partner, or who breaks a rule, and books nothing', async () => {
    const book = (extra) => desk.request('POST', '/api/v1/appointments', { body: booking(extra) });
    let r = await book();
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /release$/);
    assert.match(r.json.detail, /No release in effect names Summit Telepsychiatry/);
    const made = await therapist.request('POST', `/api/v1/clients/${client.id}/releases`, { body: { purpose: 'Medication consultation',
      scope: ['demographics', 'diagnoses'], expires_on: day(90), signed_name: 'Jesse Partnered', partner_id: partner.id } });
    assert.equal(made.status, 201, made.text);
    release = made.json;
    r = await book({ partner_id: '00000000-0000-7000-8000-000000000000' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'partner_id');
    r = await book({ joint_clinician_id: ids.okafor });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'joint_clinician_id', "a clinician of another practice is not the partner's");
    r = await book({ joint_service_id: therapy.id });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.errors[0].field, 'joint_service_id', "the partner's part is coded by the partner");
    r = await book({ joint_clinician_id: ids.ute });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /licensure$/);
    assert.match(r.json.detail, /by video to CO/);
    r = await book({ mode: 'video', location_id: undefined });
    assert.equal(r.status, 422, r.text);
    const none = await desk.request('GET', `/api/v1/appointments?client_id=${client.id}&from=${at(Date.now() - 86_400_000)}&to=${at(Date.now() + 86_400_000)}`);
    assert.equal(none.json.items.length, 0, 'nothing half-booked');
  });

  it("books the partner's psychiatrist into the visit: it takes their time in their own practice and is on their calendar", async () => {
    const team = (await therapist.request('GET', `/api/v1/clients/${client.id}/care-team`)).json;
    assert.deepEqual(team.partners[0].clinicians.map((k) => [k.id, k.name]), [[ids.reyes, 'Dana Reyes'], [ids.ute, 'Sam Ute']],
      'the care team offers the partner clinicians by id');
    const r = await desk.request('POST', '/api/v1/appointments', { body: booking() });
    assert.equal(r.status, 201, r.text);
    visit = r.json;
    assert.deepEqual([visit.mode, visit.partner_id, visit.partner_clinician_id, visit.joint_clinician_id], ['in_person', partner.id, ids.reyes, null]);

    // Summit cannot book Dana over it.
    const local = (await summit.owner.request('POST', '/api/v1/clients', { body: { given_name: 'Avery', family_name: 'Local', birth_date: '1985-01-01',
      email: 'avery.local@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [ids.reyes] } })).json;
    const consult = (await summit.owner.request('POST', '/api/v1/services', { body: { name: 'Psychiatric evaluation', cpt_code: '90792',
      duration_minutes: 60, modes: ['video'], fees: { video: 30000 } } })).json;
    const clash = await summit.owner.request('POST', '/api/v1/appointments', { body: { clinician_id: ids.reyes, client_id: local.id,
      service_id: consult.id, mode: 'video', start: at(Date.parse(soon) + 10 * 60_000), override_reason: 'double booking attempt' } });
    assert.equal(clash.status, 409, clash.text);

    // Dana's calendar shows it, with the client's name, as a disclosure; nobody else's does.
    const before = (await disclosures()).length;
    const cal = await psychiatrist.request('GET', `/api/v1/partners/visits?from=${at(Date.now() - 3_600_000)}&to=${at(Date.now() + 86_400_000)}`);
    assert.equal(cal.status, 200, cal.text);
    assert.deepEqual(cal.json.items.map((v) => [v.appointment_id, v.partner_id, v.practice_name, v.clinician_name, v.client_names]),
      [[visit.id, partner.id, 'Aspen Counseling', 'Morgan Lane', ['Jesse Partnered']]]);
    const after = await disclosures();
    assert.equal(after.length, before + 1);
    assert.match(after[0].recipient, /Summit Telepsychiatry — Dana Reyes/);
    for (const who of [utah, stranger]) assert.deepEqual((await who.request('GET', '/api/v1/partners/visits')).json.items, []);
    assert.equal((await summitDesk.request('GET', '/api/v1/partners/visits')).status, 403);
    const bad = await psychiatrist.request('GET', `/api/v1/partners/visits?from=${at(Date.now())}&to=${at(Date.now() + 90 * 86_400_000)}`);
    assert.equal(bad.status, 400, bad.text);
    // The practice's own routes stay the practice's.
    assert.equal((await psychiatrist.request('GET', `/api/v1/appointments/${visit.id}`)).status, 404);
    assert.equal((await psychiatrist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {})).status, 404);
  });

  let room;
  it('both enter the one room, the psychiatrist with their licence checked now; nobody else', async () => {
    const before = (await disclosures()).length;
    const joined = await psychiatrist.request('POST', `/api/v1/partners/visits/${visit.id}/join`, {});
    assert.equal(joined.status, 200, joined.text);
    assert.deepEqual([joined.json.licensure.allowed, joined.json.licensure.state], [true, 'CO']);
    room = joined.json.visit.room_id;
    assert.ok(room);
    const lane = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(lane.status, 200, lane.text);
    assert.equal(lane.json.visit.room_id, room, 'one room for the visit');
    assert.equal(lane.json.licensure.allowed, true, 'the therapist is with the client at the clinic');
    for (const who of [utah, stranger, therapist])
      assert.equal((await who.request('POST', `/api/v1/partners/visits/${visit.id}/join`, {})).status, 404);
    const entered = await disclosures();
    assert.equal(entered.length, before + 1);
    assert.match(entered[0].recipient, /Summit Telepsychiatry — Dana Reyes/);

    const lanes = await openLive(server.url, { cookie: therapist.cookie });
    lanes.send({ type: 'room.join', room_id: room });
    assert.equal((await lanes.until('room.joined')).self.state, 'admitted');
    const danas = await openLive(server.url, { cookie: psychiatrist.cookie });
    danas.send({ type: 'room.join', room_id: room });
    const mine = await danas.until('room.joined');
    assert.equal(mine.self.state, 'admitted', 'a booked joint clinician is not kept waiting');
    assert.equal(mine.self.name, 'Dana Reyes (Summit Telepsychiatry)');
    assert.deepEqual(mine.present.map((p) => p.name), ['Morgan Lane']);
    assert.equal((await lanes.until('peer.joined')).participant.name, 'Dana Reyes (Summit Telepsychiatry)');
    // The partner cannot end the practice's visit for everyone.
    danas.send({ type: 'room.end' });
    assert.equal((await danas.until('error')).code, 'forbidden');
    const strangers = await openLive(server.url, { cookie: stranger.cookie });
    strangers.send({ type: 'room.join', room_id: room });
    assert.equal((await strangers.until('error')).code, 'not_found');
    danas.close?.();
    lanes.close?.();
    strangers.close?.();
  });

  it("the partner's access to the visit ends the moment the release is revoked; the practice takes them off", async () => {
    const revoked = await therapist.request('POST', `/api/v1/clients/${client.id}/releases/${release.id}/revoke`, { body: {} });
    assert.equal(revoked.status, 204, revoked.text);
    assert.deepEqual((await psychiatrist.request('GET', '/api/v1/partners/visits')).json.items, []);
    assert.equal((await psychiatrist.request('POST', `/api/v1/partners/visits/${visit.id}/join`, {})).status, 404);
    const danas = await openLive(server.url, { cookie: psychiatrist.cookie });
    danas.send({ type: 'room.join', room_id: room });
    assert.equal((await danas.until('error')).code, 'not_found');
    danas.close?.();
    const off = await desk.request('PUT', `/api/v1/appointments/${visit.id}/joint`, { body: { joint_clinician_id: null, version: visit.version } });
    assert.equal(off.status, 200, off.text);
    assert.deepEqual([off.json.partner_id, off.json.partner_clinician_id], [null, null]);
    // And without a release in effect, nobody puts them back.
    const again = await desk.request('PUT', `/api/v1/appointments/${visit.id}/joint`, { body: { joint_clinician_id: ids.reyes, partner_id: partner.id } });
    assert.equal(again.status, 422, again.text);
  });
});
