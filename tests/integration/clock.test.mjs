// Time-dependent flows at chosen instants: a test server started with --clock fixed:<time> stands
// still until POST /api/v1/test/clock moves it, so the late-cancellation line and the no-show rule
// are tested at the exact second they change, without real time or polling.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';

// Monday 7 December 2026, 09:00 in New York; the visits are on Tuesday the 8th.
const START = '2026-12-07T14:00:00Z';

describe(`a fixed clock (${ENGINE})`, () => {
  let server;
  let owner;
  let desk;
  let rowan;
  let service;
  let taylor;
  // Moving the clock moves sessions too (an idle session ends after 15 minutes): sign in again at the new time.
  const setClock = async (body) => {
    const r = await desk.request('POST', '/api/v1/test/clock', { body });
    assert.equal(r.status, 200, r.text);
    desk = await signedIn(server.url, DEMO.front_desk);
    return r.json.now;
  };
  const book = async (start) => {
    const r = await desk.request('POST', '/api/v1/appointments', {
      body: { clinician_id: rowan.id, client_id: taylor.id, service_id: service.id, mode: 'video', start },
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  before(async () => {
    server = await startServer({ args: ['--clock', `fixed:${START}`] });
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    taylor = (await owner.request('GET', '/api/v1/clients?q=Taylor')).json.items[0];
    service = (await owner.request('POST', '/api/v1/services', {
      body: { name: 'Psychotherapy, 45 min', cpt_code: '90834', duration_minutes: 50, modes: ['video'], fees: { video: 12500 } },
    })).json;
    const put = await desk.request('PUT', `/api/v1/clinicians/${rowan.id}/availability`, {
      body: { blocks: [{ weekday: 2, start_time: '09:00', end_time: '17:00', mode: 'telehealth' }] },
    });
    assert.equal(put.status, 200, put.text);
  });
  after(async () => server?.stop());

  it('ends an idle session when time moves past its limit', async () => {
    const before = await desk.request('GET', '/api/v1/me');
    assert.equal(before.status, 200);
    const r = await desk.request('POST', '/api/v1/test/clock', { body: { advance_seconds: 16 * 60 } });
    assert.equal(r.status, 200);
    assert.equal((await desk.request('GET', '/api/v1/me')).status, 401, 'sixteen idle minutes later');
    await setClock({ set: START });
  });

  it('stands still where it was set', async () => {
    const r = await desk.request('GET', '/api/v1/test/clock');
    assert.equal(r.json.now, START.replace('.000', ''));
    await new Promise((done) => setTimeout(done, 1100));
    assert.equal((await desk.request('GET', '/api/v1/test/clock')).json.now, r.json.now, 'a second later, the same instant');
  });

  it('draws the late-cancellation line at exactly 24 hours before the visit', async () => {
    const early = await book('2026-12-08T10:00:00-05:00');
    const onTheLine = await book('2026-12-08T11:00:00-05:00');
    // 25 hours before the first: notice given.
    let r = await desk.request('POST', `/api/v1/appointments/${early.id}/cancel`, { body: { reason: 'Client is travelling' } });
    assert.equal(r.json.status, 'cancelled', r.text);
    // One second more than a day before the second: still in time.
    await setClock({ set: '2026-12-07T15:59:59Z' });
    const preview = await desk.request('GET', `/api/v1/appointments/${onTheLine.id}`);
    assert.equal(preview.json.status, 'booked');
    // Exactly a day before: late.
    assert.equal(await setClock({ advance_seconds: 1 }), '2026-12-07T16:00:00Z');
    r = await desk.request('POST', `/api/v1/appointments/${onTheLine.id}/cancel`, { body: { reason: 'Client is unwell' } });
    assert.equal(r.json.status, 'late_cancelled', r.text);
  });

  it('marks a no-show only once the visit has started', async () => {
    await setClock({ set: START });
    const visit = await book('2026-12-08T14:00:00-05:00');
    await setClock({ set: '2026-12-08T18:59:00Z' });
    const before = await desk.request('POST', `/api/v1/appointments/${visit.id}/no-show`, { body: {} });
    assert.equal(before.status, 422, before.text);
    await setClock({ advance_seconds: 120 });
    const afterStart = await desk.request('POST', `/api/v1/appointments/${visit.id}/no-show`, { body: {} });
    assert.equal(afterStart.status, 200, afterStart.text);
    assert.equal(afterStart.json.status, 'no_show');
  });

  it('refuses a clock change it cannot read, and has no test clock at all on a normal server', async () => {
    const bad = await desk.request('POST', '/api/v1/test/clock', { body: { set: 'tomorrow', advance_seconds: -5 } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['advance_seconds', 'set']);
    const normal = await startServer();
    try {
      const c = await signedIn(normal.url, DEMO.front_desk);
      assert.equal((await c.request('POST', '/api/v1/test/clock', { body: { advance_seconds: 60 } })).status, 404);
    } finally {
      await normal.stop();
    }
  });
});
