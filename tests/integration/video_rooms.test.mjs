// The video room over /api/v1/live: a client enters through a join link (date of birth, where they
// are now), waits, is admitted; signaling passes only between admitted members of one room; the
// visit clock records start, end and minutes. On PostgreSQL the clinician and the client are
// connected to two different servers sharing the database (events cross by LISTEN/NOTIFY).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';
import { openLive } from '../lib/ws.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };

describe(`video rooms (${ENGINE})`, () => {
  let a; // the server the clinician uses
  let b; // the server the client uses (a second server on PostgreSQL)
  let desk;
  let therapist;
  let visit;
  let other;
  let room;
  const book = async (start, clinicianFamily, clientGiven) => {
    const owner = await signedIn(a.url, DEMO.owner);
    const clinician = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.family_name === clinicianFamily);
    const client = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === clientGiven);
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: clinician.id, client_id: client.id, service_id: service.id,
      mode: 'video', start, override_reason: 'video room test at any hour' } });
    assert.equal(res.status, 201, res.text);
    return res.json;
  };
  const linkFor = async (appointment) => {
    const res = await desk.request('POST', `/api/v1/appointments/${appointment.id}/telehealth/links`, {});
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.path, /^\/join\/[A-Za-z0-9_-]{43}$/);
    return res.json.path.slice('/join/'.length);
  };
  const enter = async (base, token, body) => {
    const guest = new Client(base);
    const res = await guest.request('POST', `/api/v1/telehealth/links/${token}/enter`, { body });
    const cookie = res.headers.get('set-cookie')?.match(/duet_visit=[^;]+/)?.[0];
    return { res, cookie };
  };

  before(async () => {
    a = await startServer();
    b = ENGINE === 'postgres' ? await startServer({ database: a.database, dir: a.dir, demo: false }) : a;
    desk = await signedIn(a.url, DEMO.front_desk);
    therapist = await signedIn(a.url, DEMO.clinician);
    visit = await book(iso(Date.now() + 5 * 60_000), 'Stone', 'Alex');
    other = await book(iso(Date.now() + 5 * 60_000), 'Reyes', 'Morgan'); // another clinician's visit with another client
  });
  after(async () => {
    if (b !== a) await b?.stop({ keep: true });
    await a?.stop();
  });

  it('shows a join link what it may before the client proves who they are', async () => {
    const token = await linkFor(visit);
    const preview = await new Client(b.url).request('GET', `/api/v1/telehealth/links/${token}`);
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.room, 'open');
    assert.match(preview.json.clinician_name, /Rowan/);
    assert.doesNotMatch(preview.text, /Alex|Morgan|1991|F41|anxiety/i, 'nothing about the client');
    assert.equal((await new Client(b.url).request('GET', `/api/v1/telehealth/links/${'x'.repeat(43)}`)).status, 404);
    // The biller cannot send links; an in-person visit has none.
    const biller = await signedIn(a.url, DEMO.biller);
    assert.equal((await biller.request('POST', `/api/v1/appointments/${visit.id}/telehealth/links`, {})).status, 403);
  });

  it('checks the date of birth, and locks a link after five wrong answers', async () => {
    const token = await linkFor(visit);
    const bad = await enter(b.url, token, { birth_date: '14/03/1991', location_state: 'Ohio' });
    assert.equal(bad.res.status, 400);
    assert.deepEqual(bad.res.json.errors.map((e) => e.field).sort(), ['birth_date', 'location_state']);
    for (let i = 0; i < 5; i++) {
      const wrong = await enter(b.url, token, { birth_date: '1990-01-01', location_state: 'OH' });
      assert.equal(wrong.res.status, 403);
      assert.equal(wrong.cookie, undefined);
    }
    const locked = await enter(b.url, token, { birth_date: '1991-03-14', location_state: 'OH' });
    assert.equal(locked.res.status, 429, 'even the right answer is refused once locked');
    assert.match(locked.res.json.detail, /locked/);
  });

  it('lets the client wait, shows the clinician where they are and the licensure answer, then admits them', async () => {
    const token = await linkFor(visit);
    const entry = await enter(b.url, token, { birth_date: '1991-03-14', location_state: 'TX' });
    assert.equal(entry.res.status, 200, entry.res.text);
    assert.ok(entry.cookie, 'a visit session cookie');
    assert.match(entry.res.headers.get('set-cookie'), /HttpOnly; SameSite=Strict/);
    assert.equal(entry.res.json.licensure.allowed, false, 'Rowan is not licensed in Texas');
    room = entry.res.json.room_id;

    const join = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(join.json.room_id, room, 'the same room');
    const clinician = await openLive(a.url, { cookie: therapist.cookie });
    assert.equal(clinician.status, 101);
    clinician.send({ type: 'room.join', room_id: room });
    const cj = await clinician.until('room.joined');
    assert.equal(cj.self.state, 'admitted');
    assert.equal(cj.licensure.stated_state, 'TX');
    assert.equal(cj.licensure.allowed, false);

    // The clinician's other page (the waiting-room list) is told when someone arrives.
    const lobby = await openLive(a.url, { cookie: therapist.cookie });
    await lobby.until('hello');
    const client = await openLive(b.url, { cookie: entry.cookie });
    assert.equal(client.status, 101);
    client.send({ type: 'room.join', room_id: room });
    const mine = await client.until('room.joined');
    assert.equal(mine.self.state, 'waiting');
    assert.equal(mine.self.stated_state, undefined, 'clients do not get the licensure detail');
    const waiting = await clinician.until('room.waiting');
    assert.match(waiting.participant.name, /^Alex/);
    assert.equal(waiting.participant.stated_state, 'TX');
    assert.equal(waiting.participant.licensure_allowed, false);
    assert.equal((await lobby.until('waiting.changed')).appointment_id, visit.id);
    const rooms = await therapist.request('GET', '/api/v1/telehealth/rooms');
    assert.equal(rooms.status, 200, rooms.text);
    const mineRoom = rooms.json.items.find((r) => r.appointment_id === visit.id);
    assert.deepEqual(mineRoom.waiting.map((w) => [w.stated_state, w.licensure_allowed]), [['TX', false]]);
    assert.ok(!rooms.json.items.some((r) => r.appointment_id === other.id), "another clinician's visit is not listed");

    // Waiting clients cannot signal anyone.
    client.send({ type: 'signal', to: cj.self.id, description: OFFER });
    assert.equal((await client.until('error')).code, 'waiting');
    clinician.send({ type: 'room.message', participant_id: waiting.participant.id, text: 'I will be with you in two minutes.' });
    assert.equal((await client.until('room.message')).text, 'I will be with you in two minutes.');

    clinician.send({ type: 'room.admit', participant_id: waiting.participant.id });
    const admitted = await client.until('room.admitted');
    assert.deepEqual(admitted.present.map((p) => p.id), [cj.self.id], 'the newcomer offers to whoever is in');
    assert.equal((await clinician.until('peer.joined')).participant.id, mine.self.id);

    // Signaling: only the fields a peer connection needs pass, to the named member only.
    client.send({ type: 'signal', to: cj.self.id, description: { ...OFFER, extra: 'dropped' } });
    const offer = await clinician.until('signal');
    assert.deepEqual(offer, { type: 'signal', from: mine.self.id, description: OFFER });
    // A large offer (over NOTIFY's 8,000-byte limit) still crosses between servers.
    const big = { type: 'offer', sdp: OFFER.sdp + 'a=x-filler:0123456789\r\n'.repeat(1000) };
    client.send({ type: 'signal', to: cj.self.id, description: big });
    assert.equal((await clinician.until('signal')).description.sdp.length, big.sdp.length);
    clinician.send({ type: 'signal', to: mine.self.id, candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    assert.equal((await client.until('signal')).candidate.sdpMid, '0');
    client.send({ type: 'signal', to: cj.self.id, description: { type: 'bogus', sdp: 'x' } });
    assert.equal((await client.until('error')).code, 'invalid');

    client.send({ type: 'chat', text: 'Can you hear me?' });
    const heard = await clinician.until('chat');
    assert.equal(heard.text, 'Can you hear me?');
    assert.match(heard.name, /^Alex/);
    client.send({ type: 'media', audio_only: true });
    assert.equal((await clinician.until('peer.media')).audio_only, true);

    // A stranger: another visit's client, and a biller, cannot enter this room or reach its members.
    const otherEntry = await enter(b.url, await linkFor(other), { birth_date: '1983-09-09', location_state: 'CO' });
    assert.equal(otherEntry.res.status, 200, otherEntry.res.text);
    const stranger = await openLive(b.url, { cookie: otherEntry.cookie });
    stranger.send({ type: 'room.join', room_id: room });
    assert.equal((await stranger.until('error')).code, 'forbidden');
    stranger.send({ type: 'signal', to: cj.self.id, description: OFFER });
    assert.equal((await stranger.until('error')).code, 'not_in_room');
    const biller = await signedIn(a.url, DEMO.biller);
    const billerLive = await openLive(a.url, { cookie: biller.cookie });
    billerLive.send({ type: 'room.join', room_id: room });
    assert.equal((await billerLive.until('error')).code, 'forbidden');
    assert.ok(!(await clinician.drain(300)).some((m) => m.type === 'signal'), 'nothing from strangers reached the room');

    // A flood is cut off by the rate limit, and the room keeps working.
    for (let i = 0; i < 260; i++) client.send({ type: 'media', muted: 'yes' });
    const flood = await client.drain(800);
    assert.ok(flood.some((m) => m.type === 'error' && m.code === 'rate_limited'), 'rate limited');

    const during = await therapist.request('GET', `/api/v1/appointments/${visit.id}/visit`);
    assert.equal(during.status, 200);
    assert.ok(during.json.started_at, 'started when both were connected');
    assert.equal(during.json.ended_at, null);
    assert.equal(during.json.client_stated_state, 'TX');
    assert.equal(during.json.licensure_allowed, false);
    assert.equal((await therapist.request('GET', `/api/v1/appointments/${visit.id}`)).json.status, 'in_session', 'the visit is in session');

    clinician.send({ type: 'room.end' });
    await client.until('room.ended');
    const done = await therapist.request('GET', `/api/v1/appointments/${visit.id}/visit`);
    assert.ok(done.json.ended_at, 'ended by the clinician');
    assert.equal(typeof done.json.minutes, 'number');
    assert.ok(['video', 'audio'].includes(done.json.delivered_mode));
    assert.equal((await therapist.request('GET', `/api/v1/appointments/${visit.id}`)).json.status, 'completed', 'ending a visit that took place completes it');
    client.send({ type: 'room.join', room_id: room });
    assert.equal((await client.until('error')).code, 'join_window', 'an ended visit cannot be re-entered by the client');
    for (const s of [clinician, client, stranger, billerLive, lobby]) s.close();
  });

  it('lets the clinician invite others (interpreter, parent) up to four, readmits a client who reconnects, and removes someone', async () => {
    const reyes = await signedIn(a.url, DEMO.supervisor); // Dr. Morgan Reyes, the clinician of `other`
    const join = await reyes.request('POST', `/api/v1/appointments/${other.id}/telehealth/join`, {});
    assert.equal(join.status, 200, join.text);
    const clinician = await openLive(a.url, { cookie: reyes.cookie });
    clinician.send({ type: 'room.join', room_id: join.json.room_id });
    await clinician.until('room.joined');
    const arrive = async (entryCookie) => {
      const ws = await openLive(b.url, { cookie: entryCookie });
      ws.send({ type: 'room.join', room_id: join.json.room_id });
      return { ws, joined: await ws.until('room.joined') };
    };
    const admit = async (who) => {
      clinician.send({ type: 'room.admit', participant_id: who.joined.self.id });
      await who.ws.until('room.admitted');
    };
    const morganEntry = await enter(b.url, await linkFor(other), { birth_date: '1983-09-09', location_state: 'CO' });
    const morgan = await arrive(morganEntry.cookie);
    await clinician.until('room.waiting');
    await admit(morgan);

    // An interpreter: the link is the invitation, no date of birth or location asked.
    const invite = async (name) => {
      const res = await desk.request('POST', `/api/v1/appointments/${other.id}/telehealth/links`, { body: { guest_name: name } });
      assert.equal(res.status, 201, res.text);
      const token = res.json.path.split('/').pop();
      const preview = await new Client(b.url).request('GET', `/api/v1/telehealth/links/${token}`);
      assert.equal(preview.json.guest_name, name);
      assert.deepEqual(preview.json.asks, []);
      const entered = await new Client(b.url).request('POST', `/api/v1/telehealth/links/${token}/enter`);
      assert.equal(entered.status, 200, entered.text);
      return arrive(entered.headers.get('set-cookie').match(/duet_visit=[^;]+/)[0]);
    };
    const interpreter = await invite('Interpreter (Spanish)');
    assert.equal(interpreter.joined.self.kind, 'guest');
    assert.equal(interpreter.joined.self.state, 'waiting');
    const seen = await clinician.until('room.waiting');
    assert.equal(seen.participant.name, 'Interpreter (Spanish)');
    await admit(interpreter);
    const parent = await invite('Parent');
    await admit(parent);
    // Four are in: a fifth waits and cannot be admitted.
    const colleague = await invite('Dr. Visiting Colleague');
    clinician.send({ type: 'room.admit', participant_id: colleague.joined.self.id });
    assert.equal((await clinician.until('error')).code, 'room_full');

    // The client's connection drops; after a second they are back, straight in, and the gap is recorded.
    morgan.ws.close();
    await clinician.until('peer.left');
    await new Promise((r) => setTimeout(r, 1100));
    const back = await arrive(morganEntry.cookie);
    assert.equal(back.joined.self.state, 'admitted', 'a reconnecting client is not made to wait again');
    // Where the client says they are goes to staff only: the interpreter sees them join without it.
    const joinedAgain = async (ws) => {
      for (;;) {
        const m = await ws.until('peer.joined');
        if (m.participant.id === back.joined.self.id) return m;
      }
    };
    assert.equal((await joinedAgain(clinician)).participant.stated_state, 'CO');
    assert.equal((await joinedAgain(interpreter.ws)).participant.stated_state, undefined, 'a guest is not told where the client is');
    const record = await reyes.request('GET', `/api/v1/appointments/${other.id}/visit`);
    assert.equal(record.json.gaps.length, 1, record.text);

    // Removing someone: they are told, and coming back puts them in the waiting room.
    clinician.send({ type: 'room.remove', participant_id: parent.joined.self.id });
    await parent.ws.until('room.removed');
    parent.ws.send({ type: 'room.join', room_id: join.json.room_id });
    assert.equal((await parent.ws.until('room.joined')).self.state, 'waiting');
    for (const s of [clinician, back.ws, interpreter.ws, parent.ws, colleague.ws]) s.close();
  });
});
