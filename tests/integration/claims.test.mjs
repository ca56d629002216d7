// Claims end to end: a video visit that drops to audio is coded as audio only from the visit clock,
// its signed note makes a charge (POS 10, modifier 93, the code for its minutes), the biller claims it
// in an 837P file that an independent X12 parser reads back, and an 835 pays it in part: the rest
// moves to the client's balance; the same file again posts nothing; a malformed file posts nothing.
// The server runs on a fixed clock so that the visit's 43 minutes pass in no time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, demoVideoVisit, signedIn, signSoapNote, startServer } from '../lib/server.mjs';
import { openLive } from '../lib/ws.mjs';
import { check837P, era } from '../lib/x12.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe(`claims: 837P out, 835 in (${ENGINE})`, () => {
  let server;
  let desk;
  let therapist;
  let biller;
  let owner;
  before(async () => {
    server = await startServer({ args: ['--clock', `fixed:${iso(Date.now())}`] });
    desk = await signedIn(server.url, DEMO.front_desk);
    therapist = await signedIn(server.url, DEMO.clinician);
    biller = await signedIn(server.url, DEMO.biller);
    owner = await signedIn(server.url, DEMO.owner);
  });
  after(async () => server?.stop());

  // Moves the fixed clock on in steps shorter than the sessions' idle limit, using each session.
  const pass = async (minutes) => {
    for (let left = minutes; left > 0; left -= 10) {
      const r = await desk.request('POST', '/api/v1/test/clock', { body: { advance_seconds: Math.min(10, left) * 60 } });
      assert.equal(r.status, 200, r.text);
      for (const s of [desk, therapist, biller, owner]) assert.equal((await s.request('GET', '/api/v1/me')).status, 200);
    }
  };

  let charge;
  let visit;
  it('codes a visit that dropped to audio from the visit clock: 43 minutes, POS 10 at home, 90834 with 93', async () => {
    const booked = await demoVideoVisit(desk, 'claims test at any hour');
    visit = booked.visit;
    const { alex } = booked;
    const link = await desk.request('POST', `/api/v1/appointments/${visit.id}/telehealth/links`, {});
    const token = link.json.path.split('/').pop();
    const guest = new Client(server.url);
    const entered = await guest.request('POST', `/api/v1/telehealth/links/${token}/enter`,
      { body: { birth_date: alex.birth_date, location_state: alex.location_state, at_home: true } });
    assert.equal(entered.status, 200, entered.text);
    const cookie = entered.headers.get('set-cookie').match(/duet_visit=[^;]+/)[0];
    const join = await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, {});
    assert.equal(join.status, 200, join.text);
    const clinician = await openLive(server.url, { cookie: therapist.cookie });
    clinician.send({ type: 'room.join', room_id: join.json.room_id });
    await clinician.until('room.joined');
    const client = await openLive(server.url, { cookie });
    client.send({ type: 'room.join', room_id: join.json.room_id });
    await client.until('room.joined');
    const waiting = await clinician.until('room.waiting');
    clinician.send({ type: 'room.admit', participant_id: waiting.participant.id });
    await client.until('room.admitted');
    await pass(12);
    client.send({ type: 'media', audio_only: true });
    assert.equal((await clinician.until('peer.media')).audio_only, true);
    await pass(31);
    clinician.send({ type: 'room.end' });
    await client.until('room.ended');
    client.close();
    clinician.close();
    const clock = (await therapist.request('GET', `/api/v1/appointments/${visit.id}/visit`)).json;
    assert.equal(clock.minutes, 43);
    assert.equal(clock.delivered_mode, 'audio');

    // Held, no note signed yet: the biller sees why it is not billable.
    const unbilled = await biller.request('GET', '/api/v1/billing/unbilled');
    assert.equal(unbilled.status, 200, unbilled.text);
    const mine = unbilled.json.items.find((v) => v.appointment_id === visit.id);
    assert.equal(mine?.reason, 'note_unsigned', unbilled.text);
    assert.match(mine.client_name, /Alex/);
    assert.equal((await therapist.request('GET', '/api/v1/billing/unbilled')).status, 403);

    await signSoapNote(therapist, alex.id, visit.id);
    assert.ok(!(await biller.request('GET', '/api/v1/billing/unbilled')).json.items.some((v) => v.appointment_id === visit.id));
    const read = await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`);
    assert.equal(read.status, 200, read.text);
    charge = read.json;
    assert.deepEqual(charge.lines.map((l) => [l.cpt, l.pos, l.modifiers]), [['90834', '10', ['93']]]);
    assert.ok(charge.notes.some((n) => /video 12 minutes, audio only 31 minutes/.test(n)), JSON.stringify(charge.notes));
    assert.deepEqual(charge.problems, []);
    assert.equal(charge.status, 'ready');
    assert.deepEqual(charge.diagnoses, ['F41.1'], 'the charge keeps the diagnoses it was coded with');
    assert.equal(charge.fee, charge.lines[0].amount);
    const summary = await biller.request('GET', '/api/v1/billing/summary?weeks=4');
    assert.equal(summary.status, 200, summary.text);
    assert.equal(summary.json.weeks.length, 4);
    assert.ok(summary.json.weeks.at(-1).audio >= charge.fee, 'this week\'s audio-only charges');
    assert.ok(summary.json.payers.some((p) => p.payer_name === 'Aetna' && p.charged >= charge.fee));
    assert.equal((await biller.request('GET', '/api/v1/billing/summary?weeks=0')).status, 400);
  });

  let claim;
  let file;
  it('claims the charge in an 837P that an independent X12 parser reads back, and refuses to claim it twice', async () => {
    assert.equal((await therapist.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [charge.id] } })).status, 403);
    assert.equal((await desk.request('GET', '/api/v1/claims')).status, 403, 'the front desk does not see claims');
    const none = await biller.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [] } });
    assert.equal(none.status, 400, none.text);
    const made = await biller.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [charge.id] } });
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json.claims.length, 1);
    const again = await biller.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [charge.id] } });
    assert.equal(again.status, 422, 'a claimed charge is not claimed again');
    assert.match(again.json.detail, /claimed, not ready/);
    const edit = await biller.request('PATCH', `/api/v1/charges/${charge.id}`, { body: { version: (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json.version, reason: 'x', status: 'review' } });
    assert.equal(edit.status, 422, 'a claimed charge is corrected through its claim');

    const x12 = await biller.request('GET', `/api/v1/claims/batches/${made.json.id}/x12`);
    assert.equal(x12.status, 200, x12.text);
    assert.match(x12.headers.get('content-type'), /edi-x12/);
    file = check837P(x12.text);
    assert.equal(Number(file.control), made.json.control_number);
    assert.equal(file.test, true, 'the demo sends test files');
    assert.equal(file.claims.length, 1);
    const [c] = file.claims;
    assert.equal(c.pos, '10');
    assert.equal(c.frequency, '1');
    assert.deepEqual(c.diagnoses, [['ABK', 'F411']]);
    assert.deepEqual(c.lines.map((l) => [l.cpt, l.modifiers, l.units, l.pointers]), [['90834', ['93'], 1, [1]]]);
    assert.equal(Math.round(Number(c.total) * 100), charge.fee);

    const listed = await biller.request('GET', '/api/v1/claims?status=ready');
    assert.equal(listed.status, 200, listed.text);
    claim = listed.json.items.find((x) => x.charge_id === charge.id);
    assert.equal(claim.number, c.number, 'CLM01 is the claim\'s number');
    assert.equal(claim.detail.diagnoses.length, 0, 'lists leave out the sealed detail');
    const one = await biller.request('GET', `/api/v1/claims/${claim.id}`);
    assert.deepEqual(one.json.detail.diagnoses, ['F41.1']);
    assert.equal(one.json.detail.subscriber.member_id.length > 0, true);
    // On paper: the CMS-1500's items, read back from the PDF.
    const paper = await fetch(`${server.url}/api/v1/claims/${claim.id}/cms1500.pdf`, { headers: { Cookie: biller.cookie } });
    assert.equal(paper.status, 200);
    assert.equal(paper.headers.get('content-type'), 'application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await paper.arrayBuffer()) }).toString();
    assert.match(text, /CMS-1500 \(02\/12\) · claim DU\d{8}/);
    assert.match(text, new RegExp(`26\\. PATIENT'S ACCOUNT NO\\.[\\s\\S]*${claim.number}`));
    assert.match(text, /A\. F41\.1/);
    assert.match(text, /90834\s+93/);
    assert.match(text, /1287654325/, 'the billing provider\'s NPI (33a)');
    assert.equal((await therapist.request('GET', `/api/v1/claims/${claim.id}/cms1500.pdf`)).status, 403);
    const sent = await biller.request('POST', `/api/v1/claims/batches/${made.json.id}/sent`, {});
    assert.equal(sent.status, 200, sent.text);
    assert.ok(sent.json.sent_at);
    assert.equal((await biller.request('POST', `/api/v1/claims/batches/${made.json.id}/sent`, {})).status, 422);
    claim = (await biller.request('GET', `/api/v1/claims/${claim.id}`)).json;
    assert.equal(claim.status, 'sent');
    assert.deepEqual(claim.history.map((h) => h.status), ['ready', 'sent']);
  });

  it('posts an 835 that pays part: the rest moves to the client; a preview, the same file again and a malformed file post nothing', async () => {
    const fee = charge.fee;
    const paid = fee - 3000;
    const remittance = era({ trace: `EFT-${claim.number}`, claims: [
      { number: claim.number, charged: fee, paid, patient: 2500, payerClaim: 'PCN-4471',
        lines: [{ cpt: '90834', modifiers: ['93'], charged: fee, paid, ref: '1', adjustments: [['PR', '2', 2500], ['CO', '45', 500]] }] },
      { number: 'DU99999999', charged: 1000, paid: 1000, lines: [{ cpt: '90832', charged: 1000, paid: 1000 }] },
    ] });
    const post = (text, query = '') => biller.request('POST', `/api/v1/remittances${query}`, { raw: text, headers: { 'Content-Type': 'application/edi-x12' } });

    const preview = await post(remittance, '?dry_run=true');
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.json.dry_run, true);
    assert.equal(preview.json.posted, 1);
    assert.equal(preview.json.unmatched, 1);
    const mine = preview.json.claims.find((x) => x.claim_number === claim.number);
    assert.equal(mine.status, 'partly_paid');
    assert.ok(mine.adjustments.some((a) => /PR 2: coinsurance/.test(a)), JSON.stringify(mine.adjustments));
    assert.equal(preview.json.claims.find((x) => x.claim_number === 'DU99999999').status, 'unmatched');
    assert.equal((await biller.request('GET', `/api/v1/claims/${claim.id}`)).json.status, 'sent', 'a preview posts nothing');

    const broken = remittance.replace(/SE\*\d+\*0001/, 'SE*3*0001');
    const refused = await post(broken);
    assert.equal(refused.status, 400, refused.text);
    assert.match(refused.json.detail, /segment \d+, SE\).*Nothing was posted/);
    assert.equal((await biller.request('GET', `/api/v1/claims/${claim.id}`)).json.status, 'sent');
    const garbage = await post('not an 835');
    assert.equal(garbage.status, 400);

    const imported = await post(remittance);
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.json.duplicate, false);
    assert.equal(imported.json.posted, 1);
    assert.ok(imported.json.id);
    const after1 = (await biller.request('GET', `/api/v1/claims/${claim.id}`)).json;
    assert.equal(after1.status, 'partly_paid');
    assert.equal(after1.paid, paid);
    assert.equal(after1.patient_responsibility, 2500);
    assert.equal(after1.payer_claim_number, 'PCN-4471');
    assert.equal(after1.lines[0].paid, paid);
    const charged = (await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json;
    assert.equal(charged.payer_paid, paid);
    assert.equal(charged.client_share, 2500, 'the client owes what the payer says');

    // On the books: the payer paid its part and adjusted the rest; the coinsurance is the client's now.
    const books = (await owner.request('GET', `/api/v1/clients/${charge.client_id}/ledger`)).json;
    const onCharge = books.balance.charges.find((c) => c.charge_id === charge.id);
    assert.deepEqual([onCharge.payer, onCharge.client], [0, 2500], JSON.stringify(onCharge));
    assert.ok(books.entries.some((e) => e.kind === 'transfer' && e.charge_id === charge.id && e.party === 'client' && e.amount === 2500));
    const twice = await post(remittance);
    assert.equal(twice.status, 200, twice.text);
    assert.equal(twice.json.duplicate, true);
    const after2 = (await biller.request('GET', `/api/v1/claims/${claim.id}`)).json;
    assert.equal(after2.version, after1.version, 'the same file again changes nothing');
    assert.equal((await biller.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json.payer_paid, paid);
    // The same claim payment in another file (another envelope) is not posted twice either.
    const copy = await post(remittance.replace(/000000900/g, '000000901').replace(/\*900\*/g, '*901*').replace('GE*1*900', 'GE*1*901'));
    assert.equal(copy.status, 200, copy.text);
    assert.equal(copy.json.claims.find((x) => x.claim_number === claim.number).status, 'already_posted');
    assert.equal((await biller.request('GET', `/api/v1/claims/${claim.id}`)).json.version, after1.version);

    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${charge.client_id}`)).json.items.map((e) => e.action);
    assert.ok(audit.includes('claim.create') && audit.includes('claim.post') && audit.includes('claim.read'), JSON.stringify(audit));
    const list = (await biller.request('GET', '/api/v1/remittances')).json.items;
    assert.equal(list.filter((r) => r.trace_number === `EFT-${claim.number}`).length, 2);
  });

  it('replaces a paid claim with frequency 7 naming the payer\'s claim number, in the next file', async () => {
    const noReason = await biller.request('POST', `/api/v1/claims/${claim.id}/replace`, { body: { reason: '' } });
    assert.equal(noReason.status, 400);
    const line = { cpt: '90834', units: 1, modifiers: ['93'], pos: '10', diagnosis_pointers: [1], explanation: 'corrected', amount: charge.fee };
    const badPointer = await biller.request('POST', `/api/v1/claims/${claim.id}/replace`, { body: { reason: 'x', lines: [{ ...line, diagnosis_pointers: [4] }] } });
    assert.equal(badPointer.status, 400, badPointer.text);
    const replaced = await biller.request('POST', `/api/v1/claims/${claim.id}/replace`, { body: { reason: 'Wrong modifier order', lines: [line] } });
    assert.equal(replaced.status, 201, replaced.text);
    assert.equal(replaced.json.status, 'draft');
    assert.equal(replaced.json.frequency, '7');
    assert.equal(replaced.json.payer_claim_number, 'PCN-4471');
    assert.equal((await biller.request('GET', `/api/v1/claims/${claim.id}`)).json.status, 'resubmitted');
    assert.equal((await biller.request('POST', `/api/v1/claims/${claim.id}/void`, { body: { reason: 'again' } })).status, 422);
    const batch = await biller.request('POST', '/api/v1/claims/batches', { body: { claim_ids: [replaced.json.id] } });
    assert.equal(batch.status, 201, batch.text);
    const x12 = await biller.request('GET', `/api/v1/claims/batches/${batch.json.id}/x12`);
    const f = check837P(x12.text);
    assert.notEqual(f.control, file.control, 'each file has its own control number');
    assert.equal(f.claims[0].frequency, '7');
    assert.equal(f.claims[0].original, 'PCN-4471');
    const status = await biller.request('POST', `/api/v1/claims/${replaced.json.id}/status`, { body: { status: 'accepted', version: 1 } });
    assert.equal(status.status, 409, 'the batch moved it on: its version is not 1');
    const current = (await biller.request('GET', `/api/v1/claims/${replaced.json.id}`)).json;
    const early = await biller.request('POST', `/api/v1/claims/${replaced.json.id}/status`, { body: { status: 'accepted', version: current.version } });
    assert.equal(early.status, 422, 'a claim not yet sent cannot be accepted');
    assert.equal((await biller.request('POST', `/api/v1/claims/${replaced.json.id}/status`, { body: { status: 'paid', version: current.version } })).status, 400);
  });

  it('claims a charge once when two billers claim it at the same moment', async () => {
    // The demo's second visit of the day, signed: one charge ready to claim.
    const booked = await demoVideoVisit(desk, 'claims race at any hour', 240);
    await signSoapNote(therapist, booked.alex.id, booked.visit.id);
    const ready = (await biller.request('GET', `/api/v1/appointments/${booked.visit.id}/charge`)).json;
    assert.equal(ready.status, 'ready', JSON.stringify(ready.problems));
    const [a, b] = await Promise.all([
      biller.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [ready.id] } }),
      owner.request('POST', '/api/v1/claims/batches', { body: { charge_ids: [ready.id] } }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.equal(statuses[0], 201, `${a.text} ${b.text}`);
    assert.ok([409, 422].includes(statuses[1]), `${a.text} ${b.text}`);
    const claims = (await biller.request('GET', '/api/v1/claims')).json.items.filter((c) => c.charge_id === ready.id);
    assert.equal(claims.length, 1, 'one claim for the charge');
    const files = (await biller.request('GET', '/api/v1/claims/batches')).json.items;
    assert.equal(new Set(files.map((f) => f.control_number)).size, files.length, 'control numbers are unique');
  });
});
