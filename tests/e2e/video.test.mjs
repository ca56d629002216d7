// Video visits in real Chromium with fake camera and microphone: a client opens their join link,
// confirms their date of birth, says they are in Texas (where the clinician is not licensed — the
// clinician sees it flagged), waits, is admitted; both sides connect and decode video; the owner
// joins for a three-way call; the visit clock records it. Then the same through a coturn relay only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, signedIn, startServer } from '../lib/server.mjs';
import { startTurn } from '../lib/turn.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

const SECRET = 'video-test-secret';
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function bookVideo(server, clinicianGiven = 'Rowan', clientGiven = 'Alex') {
  const owner = await signedIn(server.url, DEMO.owner);
  const desk = await signedIn(server.url, DEMO.front_desk);
  const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === clinicianGiven);
  const alex = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === clientGiven);
  const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
  const visit = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
    mode: 'video', start: iso(Date.now() + 5 * 60_000), override_reason: 'video test at any hour' } });
  assert.equal(visit.status, 201, visit.text);
  const link = await desk.request('POST', `/api/v1/appointments/${visit.json.id}/telehealth/links`, {});
  assert.equal(link.status, 201, link.text);
  return { id: visit.json.id, path: link.json.path, client_id: alex.id };
}

// Every peer connection of the page's call is connected and has decoded video frames.
async function mediaFlows(page, peers) {
  const deadline = Date.now() + 30_000;
  let d = [];
  while (Date.now() < deadline) {
    d = await page.evaluate(async () => (window.duetCall ? window.duetCall.diagnostics() : []));
    if (d.length === peers && d.every((p) => p.state === 'connected' && p.framesDecoded > 0)) return d;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`media did not flow to all ${peers} peers: ${JSON.stringify(d)}`);
}

async function clinicianOpensRoom(page, server, email, visitId) {
  await signIn(page, server.url, email);
  await page.getByTestId('home-greeting').waitFor();
  await page.goto(`${server.url}/visit/${visitId}`);
  await page.getByRole('button', { name: 'Open the room' }).click();
}

async function clientJoins(page, server, path, state) {
  await page.goto(server.url + path);
  await page.getByText(/Video visit with Rowan Stone/).waitFor();
  await page.getByLabel('Your date of birth').fill('1991-03-14');
  const where = page.getByRole('combobox', { name: 'Where are you right now?' });
  await where.click();
  await where.fill(state);
  await page.getByRole('option', { name: new RegExp(state) }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Join the waiting room' }).click();
  await page.getByTestId('waiting-screen').waitFor();
}

describe('video visits in the browser', () => {
  let turn;
  let server;
  const browsers = [];
  before(async () => {
    turn = await startTurn({ secret: SECRET });
    server = await startServer({ args: ['--stun-urls', turn.stun, '--turn-urls', turn.url], env: { DUET_TURN_SECRET: SECRET } });
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
    await turn?.stop();
  });
  const open = async () => {
    const b = await launch({ timezoneId: 'America/New_York' });
    browsers.push(b);
    const page = await b.context.newPage();
    if (process.env.DUET_E2E_DEBUG) page.on('console', (m) => console.log('[page]', m.type(), m.text()));
    if (process.env.DUET_E2E_DEBUG) page.on('websocket', (ws) => { ws.on('framesent', (f) => console.log('[ws >]', String(f.payload).slice(0, 150))); ws.on('framereceived', (f) => console.log('[ws <]', String(f.payload).slice(0, 150))); });
    return page;
  };

  it('admits a waiting client flagged for an uncovered state, connects both ways, adds a third person, and records the visit', async () => {
    const visit = await bookVideo(server);
    const clinician = await open();
    const client = await open();
    await clinicianOpensRoom(clinician, server, DEMO.clinician, visit.id);
    await clientJoins(client, server, visit.path, 'Texas');
    assert.deepEqual(await seriousViolations(client), [], 'the waiting screen is accessible');
    // The room names the client and the time, and has the chart and the note beside the call.
    await clinician.getByRole('heading', { name: /^Video visit with Alex Morgan/ }).waitFor();
    assert.match(await clinician.getByTestId('visit-when').innerText(), /\d{1,2}:\d{2} [AP]M – \d{1,2}:\d{2} [AP]M/);
    assert.equal(await clinician.getByRole('link', { name: 'Chart' }).getAttribute('href'), `/clients/${visit.client_id}`);
    await clinician.getByRole('button', { name: 'Note' }).waitFor();

    const waiting = clinician.getByTestId('waiting-client');
    await waiting.waitFor();
    await waiting.getByText('Says they are in TX').waitFor();
    await waiting.getByText('Not licensed there').waitFor();
    assert.deepEqual(await seriousViolations(clinician), [], 'the room with the waiting client is accessible');
    await waiting.getByRole('button', { name: /^Admit/ }).click();

    const [mine] = await mediaFlows(clinician, 1);
    const [theirs] = await mediaFlows(client, 1);
    assert.ok(mine.framesDecoded > 0 && theirs.framesDecoded > 0, 'video decoded on both sides');
    // Admitted, the client's stated location stays in view, and the visit clock runs.
    await clinician.getByTestId('in-room').getByText('Says they are in TX — not licensed there').waitFor();
    await clinician.getByTestId('visit-timer').waitFor();
    assert.match(await clinician.getByTestId('visit-timer').innerText(), /^\d+:\d{2}$/);

    // Chat reaches the other side; it is not stored.
    await client.getByRole('textbox', { name: 'Chat message' }).fill('Hello from the couch');
    await client.getByRole('button', { name: 'Send', exact: true }).click();
    await clinician.getByText('Hello from the couch').waitFor();

    // The owner joins (collaborative care): a full mesh of three.
    // The owner finds it on the waiting-room page and opens the room from there.
    const third = await open();
    await signIn(third, server.url, DEMO.owner);
    await third.getByTestId('home-greeting').waitFor();
    await third.getByRole('link', { name: 'Waiting room' }).click();
    const card = third.getByTestId('room-card').filter({ hasText: 'Alex Morgan' });
    await card.getByText(/In the room: .*Rowan Stone/).waitFor();
    assert.deepEqual(await seriousViolations(third), [], 'the waiting-room page is accessible');
    await card.getByRole('link', { name: 'Open the room' }).click();
    await third.getByRole('button', { name: 'Open the room' }).click();
    await mediaFlows(third, 2);
    await mediaFlows(clinician, 2);
    await mediaFlows(client, 2);

    const therapist = await signedIn(server.url, DEMO.clinician);
    const during = await therapist.request('GET', `/api/v1/appointments/${visit.id}/visit`);
    assert.ok(during.json.started_at, 'the visit started when clinician and client were both in');
    assert.equal(during.json.client_stated_state, 'TX');
    assert.equal(during.json.licensure_allowed, false, 'the attestation is stored with the visit');

    await clinician.getByRole('button', { name: 'End visit for all' }).click();
    await client.getByText('The visit has ended').waitFor();
    await third.getByText('The visit has ended').waitFor();
    const done = await therapist.request('GET', `/api/v1/appointments/${visit.id}/visit`);
    assert.ok(done.json.ended_at);
    assert.equal(typeof done.json.minutes, 'number');
    assert.equal(done.json.delivered_mode, 'video');
  });

  it('connects through the TURN relay alone when the practice allows relays only', async () => {
    const relayServer = await startServer({ args: ['--stun-urls', turn.stun, '--turn-urls', turn.url, '--ice-relay-only'],
      env: { DUET_TURN_SECRET: SECRET } });
    try {
      const visit = await bookVideo(relayServer);
      const clinician = await open();
      const client = await open();
      await clinicianOpensRoom(clinician, relayServer, DEMO.clinician, visit.id);
      await clientJoins(client, relayServer, visit.path, 'Ohio');
      const waiting = clinician.getByTestId('waiting-client');
      await waiting.getByText('Licensed there').waitFor();
      await waiting.getByRole('button', { name: /^Admit/ }).click();
      const [a] = await mediaFlows(clinician, 1);
      const [b] = await mediaFlows(client, 1);
      assert.equal(a.relay, true, 'the clinician sends through the relay');
      assert.equal(b.relay, true, 'the client sends through the relay');
    } finally {
      await relayServer.stop();
    }
  });

  it('refuses a stranger: a wrong date of birth gets no visit session', async () => {
    const visit = await bookVideo(server, 'Morgan', 'Morgan'); // Dr. Morgan Reyes with Morgan Lee
    const res = await new Client(server.url).request('POST', `/api/v1/telehealth/links/${visit.path.split('/').pop()}/enter`,
      { body: { birth_date: '2000-01-01', location_state: 'OH' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
  });
});
