// Insurance billing over HTTP, first part: a new practice starts with editable default payers; the
// owner and the biller change their claim settings (409 on a stale version, every field problem at
// once); one practice never sees another's payers; and the coding preview codes what happened — a
// video visit that dropped to audio, under each payer's settings — with a reason for every line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, demoVideoVisit, newPractice, signedIn, signSoapNote, startServer } from '../lib/server.mjs';

describe(`billing: payers and coding (${ENGINE})`, () => {
  let server;
  let practice;
  let biller;
  let frontDesk;
  let therapist;
  let robin;
  before(async () => {
    server = await startServer();
    practice = await newPractice(server, { name: 'Payer Test Practice' });
    biller = await practice.invite('biller');
    frontDesk = await practice.invite('front_desk');
    robin = await practice.clinician({ given: 'Robin' });
    therapist = await practice.invite('clinician', { clinician_id: robin.id });
  });
  after(async () => server?.stop());

  it('starts a new practice with Medicare, a Medicaid plan and two commercial payers, each editable', async () => {
    const list = await biller.request('GET', '/api/v1/payers');
    assert.equal(list.status, 200, list.text);
    const names = list.json.items.map((p) => p.name).sort();
    assert.deepEqual(names, ['Aetna', 'Medicare Part B', 'State Medicaid plan', 'UnitedHealthcare']);
    const medicare = list.json.items.find((p) => p.name === 'Medicare Part B');
    assert.equal(medicare.pos_style, 'telehealth_pos');
    assert.equal(medicare.video_modifier, 'none');
    assert.equal(medicare.unit_method, 'pooled_8_minute');
    assert.ok(medicare.telehealth_windows.some((w) => w.code_prefix === '97' && w.until === '2027-12-31'));
    const medicaid = list.json.items.find((p) => p.name === 'State Medicaid plan');
    assert.equal(medicaid.pos_style, 'in_person_pos');
    // The front desk reads payers (to pick a client's), but does not change them.
    assert.equal((await frontDesk.request('GET', '/api/v1/payers')).status, 200);
    const denied = await frontDesk.request('PATCH', `/api/v1/payers/${medicare.id}`, { body: { timely_filing_days: 90 } });
    assert.equal(denied.status, 403);
  });

  it('changes a payer with its version, refuses a stale one and reports every bad field at once', async () => {
    const aetna = (await biller.request('GET', '/api/v1/payers')).json.items.find((p) => p.name === 'Aetna');
    const changed = await biller.request('PATCH', `/api/v1/payers/${aetna.id}`, {
      body: { version: aetna.version, unit_method: 'pooled_8_minute', timely_filing_days: 120 },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.unit_method, 'pooled_8_minute');
    assert.equal(changed.json.version, aetna.version + 1);
    const stale = await practice.owner.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: aetna.version, timely_filing_days: 60 } });
    assert.equal(stale.status, 409, stale.text);
    assert.equal((await biller.request('GET', `/api/v1/payers/${aetna.id}`)).json.timely_filing_days, 120, 'nothing lost');
    const bad = await biller.request('POST', '/api/v1/payers', {
      body: { name: '', payer_id: 'a b', unit_method: 'by_feel', timely_filing_days: 0, telehealth_windows: [{ code_prefix: '9x' }] },
    });
    assert.equal(bad.status, 400, bad.text);
    const fields = bad.json.errors.map((e) => e.field).sort();
    for (const f of ['name', 'unit_method', 'timely_filing_days']) assert.ok(fields.includes(f), `${f} in ${fields}`);
    const made = await biller.request('POST', '/api/v1/payers', {
      body: { name: 'Blue Cross Blue Shield of Colorado', payer_id: '00050', pos_style: 'telehealth_pos', video_modifier: '95',
        audio_modifier: '93', unit_method: 'per_code_midpoint', em_basis: 'mdm', timely_filing_days: 180 },
    });
    assert.equal(made.status, 201, made.text);
    const twice = await biller.request('POST', '/api/v1/payers', { body: { name: 'Blue Cross Blue Shield of Colorado', payer_id: '00051' } });
    assert.equal(twice.status, 409, twice.text);
  });

  it('keeps the practice\'s billing provider details, checked field by field', async () => {
    const empty = await biller.request('GET', '/api/v1/billing/provider');
    assert.equal(empty.status, 200, empty.text);
    assert.equal(empty.json.npi, '');
    const bad = await biller.request('PUT', '/api/v1/billing/provider', { body: { name: 'Payer Test Practice LLC', npi: '1234567890', tax_id: '12-34',
      taxonomy: '101Y', state: 'C0', postal_code: '8020' } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['npi', 'postal_code', 'state', 'tax_id', 'taxonomy']);
    const good = await biller.request('PUT', '/api/v1/billing/provider', { body: { name: 'Payer Test Practice LLC', npi: '1234567893',
      tax_id: '12-3456789', taxonomy: '101yp2500x', address_line: '1 Main St', city: 'Denver', state: 'co', postal_code: '80202' } });
    assert.equal(good.status, 200, good.text);
    assert.equal(good.json.taxonomy, '101YP2500X');
    assert.equal((await frontDesk.request('GET', '/api/v1/billing/provider')).json.npi, '1234567893');
    assert.equal((await frontDesk.request('PUT', '/api/v1/billing/provider', { body: { name: 'x' } })).status, 403);
  });

  it('keeps each practice to its own payers', async () => {
    const demoBiller = await signedIn(server.url, DEMO.biller);
    const ours = (await biller.request('GET', '/api/v1/payers')).json.items;
    const theirs = (await demoBiller.request('GET', '/api/v1/payers')).json.items;
    assert.ok(theirs.length >= 4, 'the demo practice got its defaults too');
    assert.ok(!theirs.some((p) => ours.some((o) => o.id === p.id)));
    assert.equal((await demoBiller.request('GET', `/api/v1/payers/${ours[0].id}`)).status, 404);
    assert.equal((await demoBiller.request('PATCH', `/api/v1/payers/${ours[0].id}`, { body: { timely_filing_days: 30 } })).status, 404);
    const preview = await demoBiller.request('POST', '/api/v1/coding/preview', { body: { cpt: '90834', minutes: 45, payer_id: ours[0].id } });
    assert.equal(preview.status, 400, 'another practice\'s payer is not a choice');
  });

  it('codes a video visit that dropped to audio as audio only, at home: POS 10 and 93, with the reason', async () => {
    const r = await biller.request('POST', '/api/v1/coding/preview', {
      body: { cpt: '90834', minutes: 43, mode: 'video', delivered_mode: 'audio', video_minutes: 12, audio_minutes: 31,
        client_location: 'home', diagnoses: ['F41.1'] },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.lines.map((l) => [l.cpt, l.units, l.modifiers, l.pos]), [['90834', 1, ['93'], '10']]);
    assert.match(r.json.lines[0].explanation, /43 minutes of psychotherapy/);
    assert.ok(r.json.notes.some((n) => /video 12 minutes, audio only 31 minutes → coded as audio only, modifier 93/.test(n)), r.text);
    assert.deepEqual(r.json.problems, []);
  });

  it('follows the payer: Medicaid wants POS 11 with 95; Medicare no modifier; rehab units by its method', async () => {
    const payers = (await biller.request('GET', '/api/v1/payers')).json.items;
    const id = (name) => payers.find((p) => p.name === name).id;
    const video = { cpt: '90837', minutes: 55, mode: 'video', client_location: 'home' };
    const medicaid = await therapist.request('POST', '/api/v1/coding/preview', { body: { ...video, payer_id: id('State Medicaid plan') } });
    assert.deepEqual([medicaid.json.lines[0].pos, medicaid.json.lines[0].modifiers], ['11', ['95']]);
    const medicare = await therapist.request('POST', '/api/v1/coding/preview', { body: { ...video, payer_id: id('Medicare Part B') } });
    assert.deepEqual([medicare.json.lines[0].pos, medicare.json.lines[0].modifiers], ['10', []]);
    const rehab = { cpt: '97110', mode: 'in_person', discipline: 'pt', timed_minutes: { 97110: 23, 97140: 8 } };
    const pooled = await biller.request('POST', '/api/v1/coding/preview', { body: { ...rehab, payer_id: id('Medicare Part B') } });
    assert.deepEqual(pooled.json.lines.map((l) => [l.cpt, l.units, l.modifiers]), [['97110', 2, ['GP']]]);
    const perCode = await biller.request('POST', '/api/v1/coding/preview', { body: { ...rehab, payer_id: id('UnitedHealthcare') } });
    assert.equal(perCode.json.lines.reduce((n, l) => n + l.units, 0), 2);
    // PT by telehealth after Medicare's window closes is refused with the reason.
    const late = await biller.request('POST', '/api/v1/coding/preview', {
      body: { ...rehab, mode: 'video', client_location: 'home', date_of_service: '2028-01-04', payer_id: id('Medicare Part B') },
    });
    assert.ok(late.json.problems.some((p) => p.code === 'not_payable_by_telehealth' && /2027-12-31/.test(p.message)), late.text);
  });

  it('says what stops a claim, and refuses input it cannot read with every field named', async () => {
    const short = await biller.request('POST', '/api/v1/coding/preview', { body: { cpt: '90832', minutes: 12, diagnoses: ['F41.1'] } });
    assert.equal(short.status, 200);
    assert.deepEqual(short.json.lines, []);
    assert.equal(short.json.problems[0].code, 'too_short');
    const noDx = await biller.request('POST', '/api/v1/coding/preview', { body: { cpt: '90834', minutes: 45, diagnoses: [] } });
    assert.ok(!noDx.json.problems.some((p) => p.code === 'no_diagnosis'), 'a preview without diagnoses does not check them');
    const bad = await biller.request('POST', '/api/v1/coding/preview', {
      body: { minutes: -3, mode: 'teleport', client_location: 'moon', timed_minutes: { 97110: 'ten' } },
    });
    assert.equal(bad.status, 400, bad.text);
    const fields = bad.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['client_location', 'minutes', 'mode', 'timed_minutes.97110']);
    const nothing = await biller.request('POST', '/api/v1/coding/preview', { body: { minutes: 45 } });
    assert.equal(nothing.status, 400);
    assert.equal(frontDesk && (await frontDesk.request('POST', '/api/v1/coding/preview', { body: { cpt: '90834', minutes: 45 } })).status, 403);
  });

  it('keeps a client\'s policies in order, names the subscriber of a dependant, and takes only this practice\'s payers', async () => {
    const payers = (await biller.request('GET', '/api/v1/payers')).json.items;
    const aetna = payers.find((p) => p.name === 'Aetna');
    const medicaid = payers.find((p) => p.name === 'State Medicaid plan');
    const base = { given_name: 'Kit', family_name: 'Marsh', birth_date: '2012-05-04', email: 'kit.marsh@client.example.com', location_state: 'CO',
      time_zone: 'America/Denver' };
    const dependant = await frontDesk.request('POST', '/api/v1/clients', {
      body: { ...base, insurance: [{ payer_ref: aetna.id, member_id: 'W123', subscriber_relationship: 'child' },
        { payer_ref: medicaid.id, member_id: 'M9', priority: 'primary' }] },
    });
    assert.equal(dependant.status, 400, dependant.text);
    const fields = dependant.json.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['insurance[0].subscriber_birth_date', 'insurance[0].subscriber_name', 'insurance[1].priority']);
    const demoPayer = (await (await signedIn(server.url, DEMO.biller)).request('GET', '/api/v1/payers')).json.items[0];
    const foreign = await frontDesk.request('POST', '/api/v1/clients', {
      body: { ...base, insurance: [{ payer_ref: demoPayer.id, member_id: 'W123' }] },
    });
    assert.equal(foreign.status, 400, foreign.text);
    assert.equal(foreign.json.errors[0].field, 'insurance[0].payer_ref');
    const made = await frontDesk.request('POST', '/api/v1/clients', {
      body: { ...base, insurance: [
        { payer_ref: aetna.id, member_id: 'W123', subscriber_relationship: 'child', subscriber_name: 'Lee Marsh', subscriber_birth_date: '1984-02-10',
          subscriber_sex: 'F', copay: 2500, coinsurance_percent: 20, deductible_remaining: 50000 },
        { payer_ref: medicaid.id, member_id: 'M9' }] },
    });
    assert.equal(made.status, 201, made.text);
    const [primary, secondary] = made.json.insurance;
    assert.equal(primary.payer, 'Aetna', 'the payer\'s name follows the record');
    assert.equal(primary.priority, 'primary');
    assert.equal(secondary.priority, 'secondary');
    assert.deepEqual([primary.copay, primary.coinsurance_percent, primary.deductible_remaining], [2500, 20, 50000]);
    const back = await biller.request('GET', `/api/v1/clients/${made.json.id}`);
    assert.equal(back.json.insurance[0].subscriber_birth_date, '1984-02-10');
  });

  it('warns when a visit is booked with a clinician not in network with the client\'s primary payer, never refuses it', async () => {
    const { owner } = practice;
    const aetna = (await biller.request('GET', '/api/v1/payers')).json.items.find((p) => p.name === 'Aetna');
    const lic = await owner.request('POST', `/api/v1/clinicians/${robin.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-7',
      issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' } });
    assert.equal(lic.status, 201, lic.text);
    const place = await owner.request('POST', '/api/v1/locations', { body: { name: 'Main office', kind: 'clinic', address: '1 Main St, Denver, CO',
      time_zone: 'America/Denver', state: 'CO' } });
    const service = await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy 53', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 15000, video: 15000 } } });
    const client = await frontDesk.request('POST', '/api/v1/clients', { body: { given_name: 'Ash', family_name: 'Rivera', birth_date: '1990-01-02',
      email: 'ash.rivera@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [robin.id],
      insurance: [{ payer_ref: aetna.id, member_id: 'A77' }] } });
    assert.equal(client.status, 201, client.text);
    const visit = { clinician_id: robin.id, client_id: client.json.id, service_id: service.json.id, mode: 'in_person', location_id: place.json.id,
      start: new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), override_reason: 'evening visit agreed' };
    const network = async () => {
      const r = await frontDesk.request('POST', '/api/v1/appointments?dry_run=true', { body: visit });
      assert.equal(r.status, 200, r.text);
      return r.json.warnings.filter((w) => w.code === 'out_of_network').map((w) => w.message);
    };
    assert.match((await network())[0], /not in network with the client's primary payer, Aetna/);
    const listed = await biller.request('GET', `/api/v1/clinicians/${robin.id}/payers`);
    assert.equal(listed.json.items.find((e) => e.payer_id === aetna.id).status, 'out_of_network');
    assert.equal((await frontDesk.request('PUT', `/api/v1/clinicians/${robin.id}/payers/${aetna.id}`, { body: { status: 'in_network' } })).status, 403);
    const pending = await biller.request('PUT', `/api/v1/clinicians/${robin.id}/payers/${aetna.id}`, { body: { status: 'pending' } });
    assert.equal(pending.status, 200, pending.text);
    assert.match((await network())[0], /still pending/);
    const today = new Date().toISOString().slice(0, 10);
    await biller.request('PUT', `/api/v1/clinicians/${robin.id}/payers/${aetna.id}`, { body: { status: 'in_network', from: today } });
    assert.deepEqual(await network(), []);
    await biller.request('PUT', `/api/v1/clinicians/${robin.id}/payers/${aetna.id}`, { body: { status: 'in_network', from: '2024-01-01', until: today } });
    assert.match((await network())[0], /ended on/);
    // The booking itself goes ahead, with the warning.
    const booked = await frontDesk.request('POST', '/api/v1/appointments', { body: visit });
    assert.equal(booked.status, 201, booked.text);
    assert.ok(booked.json.warnings.some((w) => w.code === 'out_of_network'));
    const bad = await biller.request('PUT', `/api/v1/clinicians/${robin.id}/payers/${aetna.id}`, { body: { status: 'maybe', from: '2025-02-01', until: '2025-01-01' } });
    assert.equal(bad.status, 400);
    const elsewhere = await biller.request('PUT', `/api/v1/clinicians/${robin.id}/payers/nope`, { body: { status: 'pending' } });
    assert.equal(elsewhere.status, 404);
  });
});

describe(`billing: a signed note makes the visit's charge (${ENGINE})`, () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.stop());

  it('codes the visit when its note is signed, with the payer, fee and the client\'s share, once', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const therapist = await signedIn(server.url, DEMO.clinician);
    const biller = await signedIn(server.url, DEMO.biller);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const { visit, alex, service } = await demoVideoVisit(desk, 'billing test at any hour');
    assert.equal((await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).status, 404, 'no charge before the note is signed');
    await signSoapNote(therapist, alex.id, visit.id);

    const charge = await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`);
    assert.equal(charge.status, 200, charge.text);
    const c = charge.json;
    assert.equal(c.payer_name, 'Aetna');
    assert.equal(c.client_id, alex.id);
    assert.equal(c.fee, service.fees.video);
    assert.equal(c.client_share, 2500, 'the demo policy\'s copay');
    // No visit clock ran: the booked length codes it, at home by video (POS 10 with 95 for Aetna).
    assert.deepEqual(c.lines.map((l) => [l.cpt, l.pos, l.modifiers]), [[c.lines[0].cpt, '10', ['95']]]);
    assert.match(c.lines[0].cpt, /^908(32|34|37)$/);
    assert.ok(c.notes.some((n) => /booked length/.test(n)), charge.text);
    assert.equal(c.status, c.problems.length ? 'review' : 'ready');
    const listed = await biller.request('GET', `/api/v1/charges?status=${c.status}`);
    assert.ok(listed.json.items.some((x) => x.id === c.id));
    assert.match(listed.json.items.find((x) => x.id === c.id).client_name, /Alex/);
    assert.equal((await biller.request('GET', '/api/v1/charges?status=sideways')).status, 400);
    assert.equal((await therapist.request('GET', '/api/v1/charges')).status, 403, 'clinicians do not see the practice\'s charges');
    // The note's addendum or a second signing attempt makes no second charge.
    const all = (await biller.request('GET', '/api/v1/charges')).json.items.filter((x) => x.appointment_id === visit.id);
    assert.equal(all.length, 1);

    // The biller corrects it before it is claimed: every change kept with who and why.
    const line = { ...c.lines[0], modifiers: ['GT'] };
    const noReason = await biller.request('PATCH', `/api/v1/charges/${c.id}`, { body: { version: c.version, lines: [line] } });
    assert.equal(noReason.status, 400);
    const badLine = await biller.request('PATCH', `/api/v1/charges/${c.id}`, {
      body: { version: c.version, reason: 'payer asked', lines: [{ ...line, cpt: '9083', units: 0, modifiers: ['G'], pos: '1', diagnosis_pointers: [7] }] } });
    assert.equal(badLine.status, 400, badLine.text);
    assert.deepEqual([...new Set(badLine.json.errors.map((e) => e.field))].sort(),
      ['lines[0].cpt', 'lines[0].diagnosis_pointers', 'lines[0].modifiers', 'lines[0].pos', 'lines[0].units']);
    const fixed = await biller.request('PATCH', `/api/v1/charges/${c.id}`, {
      body: { version: c.version, reason: 'This plan still wants GT for video', lines: [line], status: 'ready' } });
    assert.equal(fixed.status, 200, fixed.text);
    assert.deepEqual(fixed.json.lines[0].modifiers, ['GT']);
    assert.equal(fixed.json.status, 'ready');
    assert.equal(fixed.json.history.at(-1).reason, 'This plan still wants GT for video');
    assert.match(fixed.json.history.at(-1).what, /lines, status: ready/);
    const stale = await biller.request('PATCH', `/api/v1/charges/${c.id}`, { body: { version: c.version, reason: 'again', status: 'review' } });
    assert.equal(stale.status, 409);
    assert.equal((await therapist.request('PATCH', `/api/v1/charges/${c.id}`, { body: { version: fixed.json.version, reason: 'x', status: 'void' } })).status, 403);
    const voided = await biller.request('PATCH', `/api/v1/charges/${c.id}`, { body: { version: fixed.json.version, reason: 'Duplicate visit', status: 'void' } });
    assert.equal(voided.json.status, 'void');
    const closed = await biller.request('PATCH', `/api/v1/charges/${c.id}`, { body: { version: voided.json.version, reason: 'undo', status: 'ready' } });
    assert.equal(closed.status, 422);
    const audit = await owner.request('GET', `/api/v1/audit?client_id=${alex.id}`);

    assert.equal(audit.status, 200, audit.text);
    const changes = audit.json.items.filter((e) => e.resource_id === c.id).map((e) => e.action);
    assert.ok(changes.includes('charge.create') && changes.filter((a) => a === 'charge.update').length === 2, JSON.stringify(changes));
    const lists = (await owner.request('GET', '/api/v1/audit')).json.items.filter((e) => e.action === 'charge.list');
    assert.ok(lists.length >= 1, 'reading the charge list is audited');
    // The visit was a duplicate: it is cancelled too, which frees Rowan's time for the next test.
    const cancelled = await desk.request('POST', `/api/v1/appointments/${visit.id}/cancel`, { body: { reason: 'Booked twice' } });
    assert.equal(cancelled.status, 200, cancelled.text);
  });

  it('takes the place of service from where the client said they were when they joined: away from home is POS 02', async () => {
    const desk = await signedIn(server.url, DEMO.front_desk);
    const therapist = await signedIn(server.url, DEMO.clinician);
    const biller = await signedIn(server.url, DEMO.biller);
    const { visit, alex } = await demoVideoVisit(desk, 'place of service test at any hour');
    const link = await desk.request('POST', `/api/v1/appointments/${visit.id}/telehealth/links`, {});
    assert.equal(link.status, 201, link.text);
    const token = link.json.path.split('/').pop();
    const entered = await new Client(server.url).request('POST', `/api/v1/telehealth/links/${token}/enter`,
      { body: { birth_date: alex.birth_date, location_state: alex.location_state, at_home: false } });
    assert.equal(entered.status, 200, entered.text);
    assert.equal(entered.json.visit.client_at_home, false);
    await signSoapNote(therapist, alex.id, visit.id);
    const charge = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.deepEqual(charge.lines.map((l) => l.pos), ['02']);
    assert.ok(charge.notes.some((n) => /POS 02: telehealth with the client away from home/.test(n)), JSON.stringify(charge.notes));
    assert.ok(!charge.notes.some((n) => /did not say whether/.test(n)));
  });

  // A visit of the demo's `clinician` (by given name) with `client`, booked by the owner in `minutes`.
  const book = async (owner, clinicianName, clientName, cpt, minutes) => {
    const clinician = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === clinicianName);
    const client = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === clientName);
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((x) => x.cpt_code === cpt);
    const start = new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await owner.request('POST', '/api/v1/appointments', { body: { clinician_id: clinician.id, client_id: client.id,
      service_id: service.id, mode: 'video', start, override_reason: 'coding facts test at any hour' } });
    assert.equal(res.status, 201, res.text);
    return { visit: res.json, client };
  };
  const signNote = async (author, clientId, visitId, template, content) => {
    const started = await author.request('POST', '/api/v1/notes', { body: { client_id: clientId, appointment_id: visitId, template_key: template } });
    assert.equal(started.status, 201, started.text);
    assert.equal(started.json.template.version, 2, 'new notes use the templates with the billing section');
    const saved = await author.request('PUT', `/api/v1/notes/${started.json.id}`, { body: { version: started.json.version, content: { ...started.json.content, ...content } } });
    assert.equal(saved.status, 200, saved.text);
    const signed = await author.request('POST', `/api/v1/notes/${started.json.id}/sign`, { body: { version: saved.json.version } });
    assert.equal(signed.status, 200, signed.text);
  };

  it('codes a prescriber\'s visit from the note\'s E/M time, psychotherapy minutes and interactive complexity', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = await signedIn(server.url, DEMO.biller);
    const avery = await signedIn(server.url, 'psychiatry@demo.example.com');
    const { visit, client } = await book(owner, 'Avery', 'Quinn', '99214', 65);
    await signNote(avery, client.id, visit.id, 'med_management', {
      'interval.interval': 'Sleeping better.', 'interval.adherence': 'Taking as prescribed', 'exam.mse': 'Calm, linear.',
      'exam.risk': 'None reported', 'plan.plan': 'Continue the dose.', 'plan.diagnoses': ['F41.1'],
      'coding.patient_status': 'Established patient', 'coding.em_minutes': 25, 'coding.psychotherapy_minutes': 20,
      'coding.complexity': 'An interpreter was needed throughout' });
    const charge = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    const codes = charge.lines.map((l) => l.cpt);
    assert.ok(codes.includes('99213'), JSON.stringify(charge.lines));
    assert.ok(codes.includes('90833'), 'the psychotherapy add-on with the E/M');
    assert.ok(codes.includes('90785'), 'interactive complexity, named in the note');
  });

  it('codes a rehab visit from the treatment table\'s minutes per code, with GO and CO when an assistant furnished it', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = await signedIn(server.url, DEMO.biller);
    const ot = await signedIn(server.url, 'ot@demo.example.com');
    // Aetna's yearly therapy threshold set low: this visit passes it, so every therapy line carries KX.
    const aetna = (await owner.request('GET', '/api/v1/payers')).json.items.find((p) => p.name === 'Aetna');
    const low = await owner.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: aetna.version, therapy_threshold: 1000 } });
    assert.equal(low.status, 200, low.text);
    const { visit, client } = await book(owner, 'Jordan', 'Emery', '97530', 125);
    await signNote(ot, client.id, visit.id, 'daily_treatment', {
      'subjective.report': 'Practised buttons at home.', 'treatment.response': 'Faster on the second try.', 'plan.plan': 'Add zippers.',
      'treatment.timed': [['Therapeutic activities', '97530', '23'], ['Self-care training', '97535', '15']],
      'coding.assistant': 'An assistant (PTA/OTA) in part or whole' });
    const charge = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    const line = (cpt) => charge.lines.find((l) => l.cpt === cpt);
    assert.equal(line('97530')?.units, 2, JSON.stringify(charge.lines));
    assert.equal(line('97535')?.units, 1);
    for (const l of charge.lines) assert.ok(['GO', 'CO', 'KX'].every((m) => l.modifiers.includes(m)), JSON.stringify(l));
    assert.ok(charge.notes.some((n) => /past the threshold of \$10: KX/.test(n)), JSON.stringify(charge.notes));
    await owner.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: low.json.version, therapy_threshold: 0 } });
  });

  it('prices a visit from the payer\'s fee schedule when it has the code, in place of the service\'s fee', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = await signedIn(server.url, DEMO.biller);
    const therapist = await signedIn(server.url, DEMO.clinician);
    const aetna = (await owner.request('GET', '/api/v1/payers')).json.items.find((p) => p.name === 'Aetna');
    const bad = await biller.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: aetna.version,
      fee_schedule: [{ cpt: '9083', video: 100 }, { cpt: '90837' }] } });
    assert.equal(bad.status, 400, bad.text);
    assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['fee_schedule[0].cpt', 'fee_schedule[1].in_person']);
    const fees = ['90832', '90834', '90837'].map((cpt) => ({ cpt, in_person: 13000, video: 11111 }));
    const set = await biller.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: aetna.version, fee_schedule: fees } });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.json.fee_schedule.length, 3);
    const { visit, alex } = await demoVideoVisit(owner, 'fee schedule test at any hour', 300);
    await signSoapNote(therapist, alex.id, visit.id);
    const charge = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.equal(charge.lines[0].amount, 11111, JSON.stringify(charge.lines));
    assert.equal(charge.fee, 11111);
    await biller.request('PATCH', `/api/v1/payers/${aetna.id}`, { body: { version: set.json.version, fee_schedule: [] } });
  });

  it('puts a charge in review when the clinician is not in network with the client\'s payer on the date', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = await signedIn(server.url, DEMO.biller);
    const therapist = await signedIn(server.url, DEMO.clinician);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const aetna = (await owner.request('GET', '/api/v1/payers')).json.items.find((p) => p.name === 'Aetna');
    const lapsed = await biller.request('PUT', `/api/v1/clinicians/${rowan.id}/payers/${aetna.id}`, { body: { status: 'pending' } });
    assert.equal(lapsed.status, 200, lapsed.text);
    const { visit, alex } = await demoVideoVisit(owner, 'network test at any hour', 420);
    await signSoapNote(therapist, alex.id, visit.id);
    const charge = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.equal(charge.status, 'review');
    assert.ok(charge.problems.some((p) => p.code === 'out_of_network' && /pending/i.test(p.message)), JSON.stringify(charge.problems));
    await biller.request('PUT', `/api/v1/clinicians/${rowan.id}/payers/${aetna.id}`, { body: { status: 'in_network', from: '2020-01-01' } });
  });

  it('makes the charge when the visit ends when the practice says so, and codes it again from the signed note', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const biller = await signedIn(server.url, DEMO.biller);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const therapist = await signedIn(server.url, DEMO.clinician);
    assert.equal((await biller.request('GET', '/api/v1/billing/charge-timing')).json.charge_at, 'note_signed');
    assert.equal((await biller.request('PUT', '/api/v1/billing/charge-timing', { body: { charge_at: 'sometime' } })).status, 400);
    assert.equal((await desk.request('PUT', '/api/v1/billing/charge-timing', { body: { charge_at: 'visit_end' } })).status, 403);
    const set = await biller.request('PUT', '/api/v1/billing/charge-timing', { body: { charge_at: 'visit_end' } });
    assert.equal(set.status, 200, set.text);
    const { visit, alex } = await demoVideoVisit(owner, 'visit end test at any hour', 480 + 60);
    assert.equal((await desk.request('POST', `/api/v1/appointments/${visit.id}/check-in`, { body: {} })).status, 200);
    const done = await desk.request('POST', `/api/v1/appointments/${visit.id}/complete`, { body: {} });
    assert.equal(done.status, 200, done.text);
    const atEnd = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.ok(atEnd.id, 'a charge before any note');
    assert.ok(atEnd.notes.some((n) => /Made when the visit ended/.test(n)), JSON.stringify(atEnd.notes));
    await signSoapNote(therapist, alex.id, visit.id);
    const coded = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.equal(coded.id, atEnd.id, 'the same charge');
    assert.ok(coded.note_id, 'now tied to the signed note');
    assert.equal(coded.history.at(-1).reason, 'Coded again from the signed note');
    assert.deepEqual(coded.diagnoses, ['F41.1']);
    const all = (await biller.request('GET', '/api/v1/charges')).json.items.filter((c) => c.appointment_id === visit.id);
    assert.equal(all.length, 1);
    await biller.request('PUT', '/api/v1/billing/charge-timing', { body: { charge_at: 'note_signed' } });
  });
});
