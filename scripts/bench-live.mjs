// Video room benchmarks over real sockets on loopback (run by scripts/bench.sh, or alone with
// `node scripts/bench-live.mjs`): 2,000 WebSocket connections held in a waiting room (server RSS),
// signaling relay latency between two admitted members, and join-request throughput.
import { readFileSync } from 'node:fs';
import { Client, DEMO, ENGINE, signedIn, startServer } from '../tests/lib/server.mjs';
import { openLive } from '../tests/lib/ws.mjs';

const HELD = Number(process.env.HELD ?? 2000);
const ROUND_TRIPS = Number(process.env.ROUND_TRIPS ?? 2000);
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const rssMiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const server = await startServer();
// On PostgreSQL the relay is measured across two servers (the clinician on the second), through NOTIFY.
const second = ENGINE === 'postgres' ? await startServer({ database: server.database, dir: server.dir, demo: false }) : server;
try {
  const owner = await signedIn(server.url, DEMO.owner);
  const desk = await signedIn(server.url, DEMO.front_desk);
  const therapist = await signedIn(server.url, DEMO.clinician);
  const clinicians = (await owner.request('GET', '/api/v1/clinicians')).json.items;
  const clients = (await owner.request('GET', '/api/v1/clients')).json.items;
  const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
  // A visit and a client's visit session (join link + date of birth) for a clinician and client.
  const visitWith = async (family, given, birth_date, location_state) => {
    const visit = (await desk.request('POST', '/api/v1/appointments', { body: {
      clinician_id: clinicians.find((c) => c.family_name === family).id, client_id: clients.find((c) => c.given_name === given).id,
      service_id: service.id, mode: 'video', start: iso(Date.now() + 5 * 60_000), override_reason: 'benchmark' } })).json;
    const link = (await desk.request('POST', `/api/v1/appointments/${visit.id}/telehealth/links`, {})).json.path.split('/').pop();
    const entered = await new Client(server.url).request('POST', `/api/v1/telehealth/links/${link}/enter`, { body: { birth_date, location_state } });
    return { visit, cookie: entered.headers.get('set-cookie').match(/duet_visit=[^;]+/)[0], room: entered.json.room_id };
  };
  const held = await visitWith('Stone', 'Alex', '1991-03-14', 'OH');     // Rowan Stone (therapist@)
  const pair = await visitWith('Reyes', 'Morgan', '1983-09-09', 'CO');   // Morgan Reyes (supervisor@)
  const reyes = await signedIn(server.url, DEMO.supervisor);
  const visit = held.visit;

  // Join-request throughput: POST …/telehealth/join (policy, licensure, TURN credentials, audit write).
  const joinUrl = `/api/v1/appointments/${visit.id}/telehealth/join`;
  let joins = 0;
  const until = Date.now() + 5000;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (Date.now() < until) {
      const r = await therapist.request('POST', joinUrl, { body: { location_state: 'OH' } });
      if (r.status !== 200) throw new Error(`join failed: ${r.status}`);
      joins++;
    }
  }));
  const joinRate = joins / 5;

  // Relay latency: the client (admitted) signals the clinician; one-way time on one clock.
  const clinician = await openLive(second.url, { cookie: reyes.cookie });
  clinician.send({ type: 'room.join', room_id: pair.room });
  const cj = await clinician.until('room.joined');
  const client = await openLive(server.url, { cookie: pair.cookie });
  client.send({ type: 'room.join', room_id: pair.room });
  const self = (await client.until('room.joined')).self;
  clinician.send({ type: 'room.admit', participant_id: self.id });
  await client.until('room.admitted');
  const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  const lat = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = process.hrtime.bigint();
    client.send({ type: 'signal', to: cj.self.id, candidate });
    await clinician.until('signal');
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (i % 40 === 39) await new Promise((r) => setTimeout(r, 1000)); // stay under the 50/s rate limit
  }
  lat.sort((a, b) => a - b);

  // Held connections: HELD sockets waiting in a room whose clinician is in it (each is a participant
  // row, a socket, and a room.waiting event to the clinician).
  const rowan = await openLive(server.url, { cookie: therapist.cookie });
  rowan.send({ type: 'room.join', room_id: held.room });
  await rowan.until('room.joined');
  const before = rssMiB(server.proc.pid);
  const t0 = Date.now();
  const sockets = [];
  for (let i = 0; i < HELD; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, HELD - i) }, () => openLive(server.url, { cookie: held.cookie })));
    for (const ws of batch) ws.send({ type: 'room.join', room_id: held.room });
    await Promise.all(batch.map((ws) => ws.until('room.joined', 60_000)));
    sockets.push(...batch);
  }
  const heldMs = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 1000));
  const after = rssMiB(server.proc.pid);

  console.log(`## Video rooms (WebSocket on loopback, ${ENGINE}${ENGINE === 'postgres' ? ', relay across two servers' : ''}, client in the same process)`);
  console.log('| measure | figure |');
  console.log('| --- | ---: |');
  console.log(`| POST …/telehealth/join, 16 concurrent | ${joinRate.toFixed(0)} req/s |`);
  console.log(`| signaling relay, client → clinician${second !== server ? ' on another server' : ''} (${ROUND_TRIPS} signals) | p50 ${pct(lat, 50).toFixed(3)} ms, p99 ${pct(lat, 99).toFixed(3)} ms |`);
  console.log(`| ${HELD} sockets joined the waiting room | ${(HELD / (heldMs / 1000)).toFixed(0)} joins/s |`);
  console.log(`| server RSS before → with ${HELD} held | ${before.toFixed(1)} → ${after.toFixed(1)} MiB (${(((after - before) * 1024) / HELD).toFixed(1)} KiB per connection) |`);
  for (const ws of sockets) ws.close();
  rowan.close();
  clinician.close();
  client.close();
} finally {
  if (second !== server) await second.stop({ keep: true });
  await server.stop();
}
