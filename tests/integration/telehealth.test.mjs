// Entering a video visit's room: short-lived TURN credentials in coturn's shared-secret scheme, the
// licensure answer for where the client says they are (recorded with the visit), and who may enter.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';

const SECRET = 'turn-test-secret';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe(`telehealth join (${ENGINE})`, () => {
  let server;
  let desk;
  let therapist;
  let visit;
  let later;
  let inPerson;
  before(async () => {
    server = await startServer({ args: ['--stun-urls', 'stun:127.0.0.1:3478', '--turn-urls', 'turn:127.0.0.1:3478?transport=udp'],
      env: { DUET_TURN_SECRET: SECRET } });
    const owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    therapist = await signedIn(server.url, DEMO.clinician);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const alex = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === 'Alex');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const columbus = (await owner.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Columbus clinic');
    const book = async (start, mode, extra = {}) => {
      const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
        mode, start, override_reason: 'telehealth test at any hour', ...extra } });
      assert.equal(res.status, 201, res.text);
      return res.json;
    };
    visit = await book(iso(Date.now() + 10 * 60_000), 'video');
    later = await book(iso(Date.now() + 3 * 86_400_000), 'video');
    inPerson = await book(iso(Date.now() + 2 * 3_600_000), 'in_person', { location_id: columbus.id });
  });
  after(async () => server?.stop());

  it('gives the clinician the room, the signaling URL and TURN credentials coturn accepts', async () => {
    const res = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, { body: { location_state: 'OH' } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.room_id, /^[A-Za-z0-9_-]{16,}$/);
    assert.equal(res.json.signaling_url, '/api/v1/live');
    const [stun, turn] = res.json.ice_servers;
    assert.deepEqual(stun, { urls: ['stun:127.0.0.1:3478'] });
    const [expiry, user] = turn.username.split(':');
    assert.ok(Math.abs(Number(expiry) - (Date.now() / 1000 + 3600)) < 30, 'expires in an hour');
    assert.ok(user.length > 0);
    assert.equal(turn.credential, createHmac('sha1', SECRET).update(turn.username).digest('base64'));
    assert.deepEqual(res.json.licensure, { state: 'OH', allowed: true, basis: 'license', reason: res.json.licensure.reason });
    const again = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(again.json.room_id, res.json.room_id, 'one room per visit');
  });

  it('records where the client says they are and flags an uncovered state', async () => {
    const res = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, { body: { location_state: 'TX' } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.licensure.allowed, false);
    assert.match(res.json.licensure.reason, /Texas/);
    const record = await desk.request('GET', `/api/v1/appointments/${visit.id}/visit`);
    assert.equal(record.status, 200, record.text);
    assert.equal(record.json.client_stated_state, 'TX');
    assert.equal(record.json.licensure_allowed, false);
    assert.equal(record.json.minutes, null, 'no minutes until the visit runs');
    const bad = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, { body: { location_state: 'XX' } });
    assert.equal(bad.status, 400);
  });

  it('moves the visit through confirmed, checked in and completed, with who and when kept', async () => {
    const confirm = await desk.request('POST', `/api/v1/appointments/${visit.id}/confirm`);
    assert.equal(confirm.status, 200, confirm.text);
    assert.equal(confirm.json.status, 'confirmed');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/confirm`)).status, 422, 'only a booked visit is confirmed');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/complete`)).status, 422, 'not before it took place');
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/check-in`)).json.status, 'checked_in');
    assert.equal((await therapist.request('POST', `/api/v1/appointments/${visit.id}/complete`)).json.status, 'completed');
    const closed = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(closed.status, 422, 'a completed visit\u2019s room is closed');
  });

  it('opens the room only around the visit, only for video visits, only to its clinician', async () => {
    const early = await therapist.request('POST', `/api/v1/appointments/${later.id}/telehealth/join`, {});
    assert.equal(early.status, 422);
    assert.match(early.json.type, /\/rules\/join_window$/);
    const room = await therapist.request('POST', `/api/v1/appointments/${inPerson.id}/telehealth/join`, {});
    assert.equal(room.status, 422);
    assert.match(room.json.type, /\/rules\/mode$/);
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {})).status, 403);
    const ot = await signedIn(server.url, 'ot@demo.example.com'); // Jordan Ellis, OTR/L: not this visit's clinician
    // Another clinician's visit is not found to her, as its chart is not (scheduling MayActOnVisit).
    assert.equal((await ot.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {})).status, 404);
    assert.equal((await desk.request('GET', `/api/v1/appointments/${later.id}/visit`)).status, 404);
  });
});
