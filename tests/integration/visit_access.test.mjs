// Who sees and acts on a visit, decided once (scheduling/rules.cpp DecideVisitView, MayActOnVisit) and
// applied to lists, single reads and actions alike: route × role × relationship, in a practice built
// from nothing. Another clinician's visit is busy time; acting on it is "not found".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINE, newPractice, startServer } from '../lib/server.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe(`who sees and acts on a visit (${ENGINE})`, () => {
  let server;
  let practice;
  let people;
  let visits;
  let window;
  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Two Rooms Counseling' });
    const { owner } = practice;
    const kA = await practice.clinician({ given: 'Ana', family: 'Ortiz' });
    const kB = await practice.clinician({ given: 'Ben', family: 'Kaur' });
    const a = await practice.invite('clinician', { clinician_id: kA.id });
    const b = await practice.invite('clinician', { clinician_id: kB.id });
    const sup = await practice.invite('supervisor');
    const desk = await practice.invite('front_desk');
    const biller = await practice.invite('biller');
    const current = (await owner.request('GET', `/api/v1/clinicians/${kB.id}`)).json;
    assert.equal((await owner.request('PATCH', `/api/v1/clinicians/${kB.id}`, { body: { supervisor_user_id: sup.userId, version: current.version } })).status, 200);
    for (const k of [kA, kB])
      assert.equal((await owner.request('POST', `/api/v1/clinicians/${k.id}/licenses`, { body: { kind: 'license', state: 'CO', number: `LPC-${k.family_name}`,
        issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } })).status, 201);
    const service = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy, 53 min', cpt_code: '90837', duration_minutes: 53,
      modes: ['video'], fees: { video: 15000 } } })).json;
    const client = async (given, clinician) => (await desk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: 'Test',
      birth_date: '1990-02-02', email: `${given.toLowerCase()}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [clinician.id] } })).json;
    const ca = await client('Cora', kA);
    const cb = await client('Dale', kB);
    const start = Date.now() + 2 * 86_400_000;
    const book = async (k, c, at) => {
      const r = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: k.id, client_id: c.id, service_id: service.id, mode: 'video',
        start: iso(at), override_reason: 'test visit outside hours' } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    visits = { a: await book(kA, ca, start), b: await book(kB, cb, start + 3_600_000) };
    people = { owner, a, b, sup, desk, biller };
    window = `from=${iso(start - 86_400_000)}&to=${iso(start + 86_400_000)}`;
  });
  after(async () => server?.stop());

  it('shows each role the visits it may see, and the rest as busy time without the client', async () => {
    const seen = async (who) => {
      const items = (await people[who].request('GET', `/api/v1/appointments?${window}`)).json.items;
      return Object.fromEntries(items.map((x) => [x.id === visits.a.id ? 'a' : 'b', x.busy ? 'busy' : x.client_names.join()]));
    };
    assert.deepEqual(await seen('owner'), { a: 'Cora Test', b: 'Dale Test' });
    assert.deepEqual(await seen('desk'), { a: 'Cora Test', b: 'Dale Test' });
    assert.deepEqual(await seen('biller'), { a: 'Cora Test', b: 'Dale Test' });
    assert.deepEqual(await seen('a'), { a: 'Cora Test', b: 'busy' });
    assert.deepEqual(await seen('b'), { a: 'busy', b: 'Dale Test' });
    assert.deepEqual(await seen('sup'), { a: 'busy', b: 'Dale Test' }, 'the supervisor sees their supervisee\'s visits');
    const busy = (await people.a.request('GET', `/api/v1/appointments?${window}`)).json.items.find((x) => x.id === visits.b.id);
    assert.deepEqual(busy.client_ids, []);
    assert.equal(busy.client_id, null);
    assert.equal(busy.override_reason, null);
    assert.ok(!JSON.stringify(busy).includes('Dale'));
  });

  it('answers 404 to reading or acting on a visit one may not see, and lets the right people act', async () => {
    const { a, b, sup, desk } = people;
    assert.equal((await a.request('GET', `/api/v1/appointments/${visits.b.id}`)).status, 404);
    assert.equal((await a.request('POST', `/api/v1/appointments/${visits.b.id}/cancel`, { body: { reason: 'not mine to cancel' } })).status, 404);
    assert.equal((await a.request('PATCH', `/api/v1/appointments/${visits.b.id}`, { body: { start: iso(Date.now() + 5 * 86_400_000) } })).status, 404);
    assert.equal((await sup.request('GET', `/api/v1/appointments/${visits.a.id}`)).status, 404, 'not their supervisee');
    assert.equal((await b.request('GET', `/api/v1/appointments/${visits.b.id}`)).status, 200);
    assert.equal((await sup.request('GET', `/api/v1/appointments/${visits.b.id}`)).status, 200);
    // Nothing changed by the refused attempts.
    assert.equal((await desk.request('GET', `/api/v1/appointments/${visits.b.id}`)).json.status, 'booked');
    // The supervisor may act on their supervisee's visit; the clinician on their own; the front desk on any.
    assert.equal((await sup.request('POST', `/api/v1/appointments/${visits.b.id}/cancel`, { body: { reason: 'Supervisee is ill' } })).status, 200);
    assert.equal((await a.request('POST', `/api/v1/appointments/${visits.a.id}/cancel`, { body: { reason: 'Client asked to move it' } })).status, 200);
  });

  it('lets a clinician who shares a client see that client\'s visits with another clinician', async () => {
    const { owner, desk, a } = people;
    // Cora also sees Ben now: Ana still sees Cora's visits with Ben, because she may read Cora's chart.
    const cora = (await desk.request('GET', `/api/v1/clients/${visits.a.client_id}`)).json;
    const kB = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((k) => k.given_name === 'Ben');
    assert.equal((await desk.request('PATCH', `/api/v1/clients/${cora.id}`, { body: { clinician_ids: [...cora.clinician_ids, kB.id], version: cora.version } })).status, 200);
    const service = (await owner.request('GET', '/api/v1/services')).json.items[0];
    const shared = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: kB.id, client_id: cora.id, service_id: service.id, mode: 'video',
      start: iso(Date.now() + 3 * 86_400_000), override_reason: 'test visit outside hours' } });
    assert.equal(shared.status, 201, shared.text);
    assert.equal((await a.request('GET', `/api/v1/appointments/${shared.json.id}`)).status, 200, 'she may read Cora\'s chart');
    const inChart = (await a.request('GET', `/api/v1/appointments?client_id=${cora.id}&from=${iso(Date.now())}&to=${iso(Date.now() + 30 * 86_400_000)}`)).json.items;
    assert.ok(inChart.some((x) => x.id === shared.json.id && !x.busy));
    // But acting on Ben's visit is still Ben's (or the front desk's).
    assert.equal((await a.request('POST', `/api/v1/appointments/${shared.json.id}/cancel`, { body: { reason: 'not hers' } })).status, 404);
  });
});
