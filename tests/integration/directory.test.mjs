// Clinicians, licenses and coverage, compact reference data, clients: the practice directory.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, createPractice, DEMO, ENGINE, signedIn, startServer, totpAt } from '../lib/server.mjs';

const validClient = (over = {}) => ({
  given_name: 'Robin', family_name: 'Vasquez', birth_date: '1988-02-29', email: 'robin.v@client.example.com',
  phone: '(720) 555-0142', location_state: 'CO', time_zone: 'America/Denver',
  address: { line1: '1 Synthetic Way', city: 'Denver', state: 'CO', postal_code: '80202' },
  diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }],
  insurance: [{ payer: 'Synthetic Health Plan', member_id: 'SHP-42', subscriber_relationship: 'self', priority: 'primary' }],
  ...over,
});

describe(`practice directory (${ENGINE})`, () => {
  let server;
  let owner;
  let rowan; // the demo therapist's clinician record
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
    const list = (await owner.request('GET', '/api/v1/clinicians')).json.items;
    rowan = list.find((c) => c.given_name === 'Rowan');
    assert.ok(rowan);
  });
  after(async () => server?.stop());

  it('validates clinicians: NPI check digit, discipline, state, zone', async () => {
    const bad = await owner.request('POST', '/api/v1/clinicians', {
      body: { given_name: 'Kai', family_name: 'Moreno', discipline: 'astrology', npi: '1234567890', home_state: 'XX', time_zone: 'Nowhere/Land' },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['discipline']);
    const bad2 = await owner.request('POST', '/api/v1/clinicians', {
      body: { given_name: 'Kai', family_name: 'Moreno', discipline: 'physical_therapy', npi: '1234567890', home_state: 'XX', time_zone: 'Nowhere/Land' },
    });
    assert.equal(bad2.status, 400);
    assert.deepEqual(bad2.json.errors.map((e) => e.field).sort(), ['home_state', 'npi', 'time_zone']);
    const ok = await owner.request('POST', '/api/v1/clinicians', {
      body: { given_name: 'Kai', family_name: 'Moreno', discipline: 'physical_therapy', npi: '1234567893', home_state: 'MO', time_zone: 'America/Chicago', credentials: 'PT, DPT' },
    });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.npi, '1234567893');
  });

  it('reports coverage for 50 states and DC, by license and by compact privilege, with reasons', async () => {
    const cov = await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?date=2026-12-01&mode=telehealth`);
    assert.equal(cov.status, 200);
    assert.equal(cov.json.items.length, 51);
    const by = Object.fromEntries(cov.json.items.map((c) => [c.state, c]));
    assert.equal(by.OH.basis, 'license');
    assert.equal(by.AZ.basis, 'compact_privilege');
    assert.equal(by.AZ.compact, 'COUNSELING');
    assert.equal(by.TX.allowed, false);
    assert.equal(by.TX.reason, 'no_license');
    assert.match(by.TX.message, /Texas/);
    assert.equal(by.CO.expiring_soon, true, 'the demo Colorado license expires within 90 days');
    assert.equal((await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?date=tomorrow`)).status, 400);
    assert.equal((await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?mode=carrier-pigeon`)).status, 400);
    assert.equal((await owner.request('GET', '/api/v1/clinicians/nope/coverage')).status, 404);
  });

  it('adds and removes licenses; the map follows; clinicians manage only their own', async () => {
    const add = await owner.request('POST', `/api/v1/clinicians/${rowan.id}/licenses`, {
      body: { kind: 'license', state: 'TX', number: 'TX-LPC-1', issued_on: '2026-01-01', expires_on: '2028-01-01' },
    });
    assert.equal(add.status, 201, add.text);
    let tx = (await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?date=2026-12-01`)).json.items.find((c) => c.state === 'TX');
    assert.equal(tx.allowed, true);
    assert.equal(tx.basis, 'license');
    const badKind = await owner.request('POST', `/api/v1/clinicians/${rowan.id}/licenses`, {
      body: { kind: 'compact_privilege', state: 'TX', compact: 'IMLC', issued_on: '2026-01-01', expires_on: '2025-01-01' },
    });
    assert.equal(badKind.status, 400);
    assert.deepEqual(badKind.json.errors.map((e) => e.field).sort(), ['compact', 'expires_on']);

    const avery = await signedIn(server.url, 'psychiatry@demo.example.com');
    const foreign = await avery.request('POST', `/api/v1/clinicians/${rowan.id}/licenses`, {
      body: { kind: 'license', state: 'KS', number: 'KS-1', issued_on: '2026-01-01', expires_on: '2028-01-01' },
    });
    assert.equal(foreign.status, 403);
    const self = await signedIn(server.url, DEMO.clinician);
    const own = await self.request('POST', `/api/v1/clinicians/${rowan.id}/licenses`, {
      body: { kind: 'license', state: 'KS', number: 'KS-1', issued_on: '2026-01-01', expires_on: '2028-01-01' },
    });
    assert.equal(own.status, 201);

    assert.equal((await owner.request('DELETE', `/api/v1/clinicians/${rowan.id}/licenses/${add.json.id}`)).status, 204);
    assert.equal((await owner.request('DELETE', `/api/v1/clinicians/${rowan.id}/licenses/${add.json.id}`)).status, 404);
    tx = (await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?date=2026-12-01`)).json.items.find((c) => c.state === 'TX');
    assert.equal(tx.allowed, false);
  });

  it('lets the owner record a compact becoming operational, and coverage changes with it', async () => {
    await owner.request('POST', `/api/v1/clinicians/${rowan.id}/licenses`, {
      body: { kind: 'compact_privilege', state: 'NC', compact: 'COUNSELING', issued_on: '2026-09-01', expires_on: '2028-01-01' },
    });
    const nc = async () => (await owner.request('GET', `/api/v1/clinicians/${rowan.id}/coverage?date=2026-12-01`)).json.items.find((c) => c.state === 'NC');
    assert.equal((await nc()).reason, 'compact_not_operational');
    // A video visit with a client in North Carolina follows the table too (the booking reads the clinician's licences
    // and the practice's compact table together).
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.modes.includes('video'));
    const client = await owner.request('POST', '/api/v1/clients', {
      body: validClient({ family_name: 'Carolina', email: 'nc.client@client.example.com', location_state: 'NC', time_zone: 'America/New_York' }) });
    assert.equal(client.status, 201, client.text);
    const visit = { clinician_id: rowan.id, client_id: client.json.id, service_id: service.id, mode: 'video',
      start: '2027-03-02T15:00:00Z', override_reason: 'a compact test visit' };
    const refused = await owner.request('POST', '/api/v1/appointments?dry_run=true', { body: visit });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.json.type, /\/rules\/licensure$/);
    const frontDesk = await signedIn(server.url, DEMO.front_desk);
    const denied = await frontDesk.request('PUT', '/api/v1/compacts/COUNSELING/states/NC', { body: { operational_on: '2026-10-01', source: 'x', as_of: '2026-11-22' } });
    assert.equal(denied.status, 403);
    const noSource = await owner.request('PUT', '/api/v1/compacts/COUNSELING/states/NC', { body: { operational_on: '2026-10-01' } });
    assert.equal(noSource.status, 400);
    const put = await owner.request('PUT', '/api/v1/compacts/COUNSELING/states/NC', {
      body: { operational_on: '2026-10-01', source: 'Counseling Compact Commission notice (synthetic test)', as_of: '2026-11-22' },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal((await nc()).allowed, true);
    const allowed = await owner.request('POST', '/api/v1/appointments?dry_run=true', { body: visit });
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal(allowed.json.dry_run, true);
    const table = (await owner.request('GET', '/api/v1/compacts')).json;
    assert.equal(table.compacts.length, 9);
    assert.equal(table.items.find((r) => r.compact === 'COUNSELING' && r.state === 'NC').operational_on, '2026-10-01');
  });

  it('lists licenses expiring within 90 days with the 90/60/30 step', async () => {
    const list = (await owner.request('GET', '/api/v1/licenses/expiring')).json.items;
    const co = list.find((l) => l.state === 'CO' && l.clinician.given_name === 'Rowan');
    const ut = list.find((l) => l.state === 'UT' && l.clinician.given_name === 'Jordan');
    assert.equal(co.warning, 60);
    assert.equal(ut.warning, 30);
    // Each names the clinician's clients usually in that state: whose video care the expiry affects.
    assert.deepEqual(co.affected_clients.map((c) => c.name), ['Morgan Lee']);
    assert.deepEqual(ut.affected_clients.map((c) => c.name), ['Finley Brooks']);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    const mine = (await ot.request('GET', '/api/v1/licenses/expiring')).json.items;
    assert.ok(mine.every((l) => l.clinician.given_name === 'Jordan'));
  });

  it('validates clients and reports every bad field at once', async () => {
    const bad = await owner.request('POST', '/api/v1/clients', {
      body: validClient({ birth_date: '2031-13-01', phone: '555', location_state: 'ZZ', time_zone: 'Mars/Base',
        diagnoses: [{ code: 'anxiety', primary: true }], guardians: [{ name: '', relationship: 'uncle-ish' }], surprise: true }),
    });
    assert.equal(bad.status, 400);
    const fields = bad.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['surprise']);
    const bad2 = await owner.request('POST', '/api/v1/clients', {
      body: validClient({ birth_date: '2031-13-01', phone: '555', location_state: 'ZZ', time_zone: 'Mars/Base',
        diagnoses: [{ code: 'anxiety', primary: true }], guardians: [{ name: '', relationship: 'uncle-ish' }] }),
    });
    assert.deepEqual(bad2.json.errors.map((e) => e.field).sort(),
      ['birth_date', 'diagnoses[0].code', 'guardians[0].name', 'guardians[0].relationship', 'location_state', 'phone', 'time_zone']);
    const wrongTypes = await owner.request('POST', '/api/v1/clients', { body: validClient({ guardians: 'mom', address: [1], diagnoses: [{ code: 5 }] }) });
    assert.equal(wrongTypes.status, 400);
    assert.deepEqual(wrongTypes.json.errors.map((e) => e.field).sort(), ['address', 'diagnoses[0].code', 'guardians']);
    const count = (await owner.request('GET', '/api/v1/clients?q=vasquez')).json.items.length;
    assert.equal(count, 0, 'nothing half-written');
  });

  it('shows each role its part of the chart and audits every read', async () => {
    const created = await owner.request('POST', '/api/v1/clients', { body: validClient({ clinician_ids: [rowan.id] }) });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;
    assert.equal(created.json.phone, '+17205550142');
    const views = {};
    for (const role of ['owner', 'clinician', 'supervisor', 'biller', 'front_desk']) {
      const c = role === 'owner' ? owner : await signedIn(server.url, DEMO[role]);
      views[role] = await c.request('GET', `/api/v1/clients/${id}`);
    }
    assert.equal(views.owner.json.view, 'full');
    assert.equal(views.clinician.json.view, 'full', 'Rowan is assigned');
    assert.equal(views.supervisor.json.view, 'full', 'Dr. Reyes supervises Rowan');
    assert.equal(views.biller.json.view, 'billing');
    assert.ok(views.biller.json.diagnoses);
    assert.equal(views.front_desk.json.view, 'demographics');
    assert.equal(views.front_desk.json.diagnoses, undefined);
    const avery = await signedIn(server.url, 'psychiatry@demo.example.com');
    assert.equal((await avery.request('GET', `/api/v1/clients/${id}`)).status, 404, 'an unassigned clinician cannot tell the client exists');
    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${id}`)).json.items;
    const reads = audit.filter((e) => e.action === 'client.read');
    assert.equal(reads.filter((e) => e.outcome === 'success').length, 5);
    assert.equal(reads.filter((e) => e.outcome === 'denied').length, 1);
    assert.ok(audit.some((e) => e.action === 'client.create'));
  });

  it('guards against lost updates: the second of two edits from the same version gets 409', async () => {
    const created = await owner.request('POST', '/api/v1/clients', { body: validClient({ given_name: 'Sky', family_name: 'Ortega' }) });
    const { id, version } = created.json;
    const edits = await Promise.all([
      owner.request('PATCH', `/api/v1/clients/${id}`, { body: { preferred_name: 'S', version } }),
      owner.request('PATCH', `/api/v1/clients/${id}`, { body: { preferred_name: 'Skye', version } }),
    ]);
    assert.deepEqual(edits.map((e) => e.status).sort(), [200, 409]);
    const frontDesk = await signedIn(server.url, DEMO.front_desk);
    const dx = await frontDesk.request('PATCH', `/api/v1/clients/${id}`, { body: { diagnoses: [] } });
    assert.equal(dx.status, 403);
    const biller = await signedIn(server.url, DEMO.biller);
    assert.equal((await biller.request('PATCH', `/api/v1/clients/${id}`, { body: { pronouns: 'she/her' } })).status, 403);
  });

  it('finds clients by name prefix, date of birth or phone ending, within what the role may see', async () => {
    const names = async (c, q) => (await c.request('GET', `/api/v1/clients?q=${encodeURIComponent(q)}`)).json.items.map((x) => `${x.given_name} ${x.family_name}`);
    assert.deepEqual(await names(owner, 'bro'), ['Finley Brooks', 'Taylor Brooks']);
    assert.deepEqual(await names(owner, 'tay bro'), ['Taylor Brooks']);
    assert.deepEqual(await names(owner, '1983-09-09'), ['Morgan Lee']);
    assert.deepEqual(await names(owner, '09/09/1983'), ['Morgan Lee']);
    assert.deepEqual(await names(owner, '0105'), ['Morgan Lee']);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    assert.deepEqual(await names(ot, ''), ['Finley Brooks', 'Jamie Rivera', 'Emery Walsh']);
    assert.deepEqual(await names(ot, 'lee'), [], 'Morgan Lee is not Jordan\u2019s client');
    // A supervisor lists the clients of the clinicians they supervise and their own.
    const reyes = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Morgan');
    await owner.request('POST', '/api/v1/clients', { body: validClient({ given_name: 'Oakley', family_name: 'Reed', clinician_ids: [reyes.id] }) });
    const supervisor = await signedIn(server.url, DEMO.supervisor);
    const seen = await names(supervisor, '');
    assert.ok(seen.includes('Oakley Reed'), 'their own client');
    assert.ok(seen.includes('Alex Morgan'), 'a client of Rowan, whom they supervise');
    assert.ok(!seen.includes('Quinn Harper'), 'not Avery\u2019s client');
    const page1 = await owner.request('GET', '/api/v1/clients?limit=5');
    assert.equal(page1.json.items.length, 5);
    assert.ok(page1.json.next);
    const page2 = await owner.request('GET', `/api/v1/clients?limit=5&cursor=${page1.json.next}`);
    assert.equal(page2.json.items.length, 5);
    assert.ok(!page2.json.items.some((x) => page1.json.items.some((y) => y.id === x.id)));
    assert.equal((await owner.request('GET', '/api/v1/clients?cursor=%%%')).status, 400);
  });

  it('keeps practices apart', async () => {
    assert.equal(createPractice(server, { name: 'Other Practice', email: 'owner@other.example.com', password: 'other-owner-pass' }).status, 0);
    const other = new Client(server.url);
    await other.login('owner@other.example.com', 'other-owner-pass');
    const enrol = await other.request('POST', '/api/v1/auth/mfa/enroll');
    await other.request('POST', '/api/v1/auth/mfa/confirm', { body: { totp: totpAt(enrol.json.secret) } });
    assert.deepEqual((await other.request('GET', '/api/v1/clients')).json.items, []);
    assert.deepEqual((await other.request('GET', '/api/v1/clinicians')).json.items, []);
    assert.equal((await other.request('GET', `/api/v1/clinicians/${rowan.id}`)).status, 404);
    assert.equal((await other.request('GET', `/api/v1/clinicians/${rowan.id}/coverage`)).status, 404);
  });
});
