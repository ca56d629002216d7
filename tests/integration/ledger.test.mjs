// The books: a self-pay client's signed visit is a charge they owe; payments apply where asked, then to
// the oldest open charges, the rest kept as credit that the next charge takes; refunds and write-offs
// within what is there; two payments at the same moment never pay one charge twice; and random
// sequences of payments, refunds and adjustments keep the books balanced — on both engines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, signSoapNote, startServer } from '../lib/server.mjs';

describe(`ledger (${ENGINE})`, () => {
  let server;
  let desk;
  let therapist;
  let owner;
  let client;
  let rowan;
  let service;
  before(async () => {
    server = await startServer();
    desk = await signedIn(server.url, DEMO.front_desk);
    therapist = await signedIn(server.url, DEMO.clinician);
    owner = await signedIn(server.url, DEMO.owner);
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const alex = await demoClient(owner, 'Alex');
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Robin', family_name: 'Vale', birth_date: '1988-07-01',
      email: 'robin.vale@client.example.com', location_state: alex.location_state, time_zone: alex.time_zone, clinician_ids: [rowan.id],
      diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }] } });
    assert.equal(made.status, 201, made.text);
    client = made.json;
  });
  after(async () => server?.stop());

  let hours = 6;
  // A signed video visit of the self-pay client: its charge, which the client owes.
  const signedVisit = async () => {
    const start = new Date(Date.now() + (hours++) * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const booked = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.id, service_id: service.id,
      mode: 'video', start, override_reason: 'ledger test at any hour' } });
    assert.equal(booked.status, 201, booked.text);
    await signSoapNote(therapist, client.id, booked.json.id);
    const charge = (await owner.request('GET', `/api/v1/appointments/${booked.json.id}/charge`)).json;
    assert.equal(charge.status, 'self_pay');
    return charge;
  };
  const ledger = async () => {
    const r = await desk.request('GET', `/api/v1/clients/${client.id}/ledger`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const balanced = (l) => {
    const sum = l.entries.reduce((n, e) => n + e.amount, 0);
    assert.equal(l.balance.client + l.balance.payer - l.balance.credit, sum, 'the balances are the entries\' sum');
    for (const c of l.balance.charges) assert.ok(c.client >= 0, `charge ${c.charge_id} is not paid past what is owed`);
  };

  let first;
  let payment;
  it('charges a self-pay visit to the client; a payment pays it and keeps the rest as credit; the next charge takes the credit', async () => {
    first = await signedVisit();
    let l = await ledger();
    assert.equal(l.balance.client, first.fee);
    assert.equal(l.entries.filter((e) => e.kind === 'charge').length, 1);
    const paid = await desk.request('POST', '/api/v1/payments', { body: { client_id: client.id, amount: first.fee + 5000, method: 'check', reference: '1042' } });
    assert.equal(paid.status, 201, paid.text);
    payment = paid.json;
    l = await ledger();
    assert.equal(l.balance.client, 0);
    assert.equal(l.balance.credit, 5000);
    balanced(l);
    const second = await signedVisit();
    l = await ledger();
    assert.equal(l.balance.credit, 0, 'the credit paid the new charge');
    assert.equal(l.balance.client, second.fee - 5000);
    assert.ok(l.entries.some((e) => e.kind === 'transfer' && e.reason === 'Credit applied'));
    balanced(l);
  });

  it('refunds within what is left of a payment and writes off within what is owed; bad requests change nothing', async () => {
    const before = await ledger();
    const tooMuch = await desk.request('POST', `/api/v1/payments/${payment.id}/refund`, { body: { amount: payment.amount + 1, reason: 'x' } });
    assert.equal(tooMuch.status, 422, tooMuch.text);
    assert.equal((await desk.request('POST', `/api/v1/payments/${payment.id}/refund`, { body: { amount: 100 } })).status, 400, 'a reason is required');
    const refunded = await desk.request('POST', `/api/v1/payments/${payment.id}/refund`, { body: { amount: 2000, reason: 'Paid twice at the desk' } });
    assert.equal(refunded.status, 200, refunded.text);
    assert.equal(refunded.json.refunded, 2000);
    let l = await ledger();
    assert.equal(l.balance.client, before.balance.client + 2000, 'the refund re-opens what the payment paid');
    const open = l.balance.charges.find((c) => c.client > 0);
    const past = await owner.request('POST', `/api/v1/clients/${client.id}/adjustments`, { body: { charge_id: open.charge_id, amount: open.client + 1, reason: 'x' } });
    assert.equal(past.status, 422, past.text);
    const writeOff = await owner.request('POST', `/api/v1/clients/${client.id}/adjustments`,
      { body: { charge_id: open.charge_id, kind: 'write_off', amount: 1000, reason: 'Hardship' } });
    assert.equal(writeOff.status, 200, writeOff.text);
    assert.equal(writeOff.json.balance.client, l.balance.client - 1000);
    balanced(writeOff.json);
    // Who may: the therapist does not see the books; another practice's payment is not found.
    assert.equal((await therapist.request('GET', `/api/v1/clients/${client.id}/ledger`)).status, 403);
    assert.equal((await desk.request('POST', '/api/v1/payments/nope/refund', { body: { amount: 1, reason: 'x' } })).status, 404);
    assert.equal((await desk.request('POST', '/api/v1/payments', { body: { client_id: 'nope', amount: 1, method: 'cash' } })).status, 400);
    assert.equal((await desk.request('POST', '/api/v1/payments', { body: { client_id: client.id, amount: -5, method: 'cash' } })).status, 400);
    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items.map((e) => e.action);
    assert.ok(['payment.create', 'payment.refund', 'ledger.adjust', 'ledger.read'].every((a) => audit.includes(a)), JSON.stringify(audit));
  });

  it('never applies two payments made at the same moment to one charge twice', async () => {
    const before = await ledger();
    const charge = await signedVisit();
    const after1 = await ledger();
    const open = after1.balance.charges.find((c) => c.charge_id === charge.id).client;
    assert.ok(open > 0);
    const body = { client_id: client.id, amount: open, method: 'card_terminal', applications: [{ charge_id: charge.id, amount: open }] };
    const results = await Promise.all([desk.request('POST', '/api/v1/payments', { body }), owner.request('POST', '/api/v1/payments', { body })]);
    for (const r of results) assert.equal(r.status, 201, r.text);
    const l = await ledger();
    assert.equal(l.balance.charges.find((c) => c.charge_id === charge.id).client, 0);
    const applied = l.entries.filter((e) => e.kind === 'payment' && e.charge_id === charge.id).reduce((n, e) => n - e.amount, 0);
    assert.equal(applied, open, 'the charge was paid once; the second payment went to the oldest open charges or credit');
    assert.equal(l.balance.client + l.balance.payer - l.balance.credit, before.balance.client - before.balance.credit - 2 * open + charge.fee);
    balanced(l);
  });

  it('stays balanced through random payments, refunds and write-offs', async () => {
    let seed = 20261203;
    const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const payments = [];
    for (let step = 0; step < 150; step++) {
      const l = step % 10 === 0 ? await ledger() : null;
      if (l) balanced(l);
      const kind = rand(3);
      if (kind === 0) {
        const r = await desk.request('POST', '/api/v1/payments', { body: { client_id: client.id, amount: 100 + rand(9000), method: 'cash' } });
        assert.equal(r.status, 201, r.text);
        payments.push(r.json);
      } else if (kind === 1 && payments.length) {
        const p = payments[rand(payments.length)];
        const left = p.amount - p.refunded;
        const amount = 1 + rand(left + 50);  // sometimes past what is left: refused
        const r = await desk.request('POST', `/api/v1/payments/${p.id}/refund`, { body: { amount, reason: 'random' } });
        assert.equal(r.status, amount <= left ? 200 : 422, r.text);
        if (r.status === 200) p.refunded = r.json.refunded;
      } else {
        const current = await ledger();
        const open = current.balance.charges.filter((c) => c.client > 0);
        if (!open.length) continue;
        const c = open[rand(open.length)];
        const amount = 1 + rand(c.client + 50);
        const r = await owner.request('POST', `/api/v1/clients/${client.id}/adjustments`, { body: { charge_id: c.charge_id, amount, reason: 'random' } });
        assert.equal(r.status, amount <= c.client ? 200 : 422, r.text);
      }
    }
    const l = await ledger();
    balanced(l);
    const sum = (kind) => l.entries.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
    assert.equal(l.balance.client - l.balance.credit, sum('charge') + sum('payment') + sum('adjustment') + sum('write_off') + sum('refund') + sum('transfer') + sum('reversal'));
    for (const p of l.payments) {
      const applied = l.entries.filter((e) => e.payment_id === p.id && e.kind === 'payment').reduce((n, e) => n - e.amount, 0);
      assert.equal(applied, p.amount, 'no payment is applied twice or past its amount');
    }
  });

  it('prints a superbill of the period: ids, licenses, codes with place and modifiers, diagnoses, fees and what was paid', async () => {
    // The visits were booked hours ahead: late in the day they fall on tomorrow in the clinician's zone, so
    // the period is named around today rather than left at its default (January 1 to today).
    const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const res = await fetch(`${server.url}/api/v1/clients/${client.id}/superbill.pdf?from=${day(-30)}&to=${day(30)}`, { headers: { Cookie: desk.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
    assert.match(text, /Superbill/);
    assert.match(text, /Robin Vale · date of birth 1988-07-01/);
    assert.match(text, /NPI 1287654325 · Tax id \(EIN\) 000000000/, 'the practice as billing provider');
    assert.match(text, /Rowan Stone.*NPI \d{10}.*license/, 'the clinician with NPI and license');
    assert.match(text, /CPT 9083\d modifiers 95 · POS 10 · units 1 · diagnosis A · fee \$/);
    assert.match(text, /A\. F41\.1/);
    assert.match(text, /paid by the client \$/);
    assert.match(text, /Signature of provider/);
    const empty = await desk.request('GET', `/api/v1/clients/${client.id}/superbill.pdf?from=2020-01-01&to=2020-02-01`);
    assert.equal(empty.status, 404, empty.text);
    const backwards = await desk.request('GET', `/api/v1/clients/${client.id}/superbill.pdf?from=2026-02-01&to=2026-01-01`);
    assert.equal(backwards.status, 400);
    assert.equal((await therapist.request('GET', `/api/v1/clients/${client.id}/superbill.pdf`)).status, 403);
    const audit = (await owner.request('GET', `/api/v1/audit?client_id=${client.id}`)).json.items.map((e) => e.action);
    assert.ok(audit.includes('superbill.read'));
  });

  it('charges the practice\'s late-cancellation fee to the client when a visit is cancelled late, never an on-time one', async () => {
    const bad = await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 5000, by_service: [{ service_id: 'nope', no_show: 1 }] } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.errors[0].field, 'by_service[0].service_id');
    assert.equal((await desk.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 1 } })).status, 403);
    const set = await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 5000, no_show: 7500,
      by_service: [{ service_id: service.id, late_cancel: 4000 }] } });
    assert.equal(set.status, 200, set.text);
    const book = async (hoursAhead) => {
      const start = new Date(Date.now() + hoursAhead * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const r = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.id, service_id: service.id,
        mode: 'video', start, override_reason: 'ledger fee test at any hour' } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    const before = await ledger();
    const far = await book(24 * 9);
    const onTime = await desk.request('POST', `/api/v1/appointments/${far.id}/cancel`, { body: { reason: 'Travelling' } });
    assert.equal(onTime.json.status, 'cancelled');
    const near = await book(30);  // a day and six hours ahead: in time
    const soon = await book(3);
    const late = await desk.request('POST', `/api/v1/appointments/${soon.id}/cancel`, { body: { reason: 'Unwell' } });
    assert.equal(late.json.status, 'late_cancelled', late.text);
    await desk.request('POST', `/api/v1/appointments/${near.id}/cancel`, { body: { reason: 'Moved away' } });
    const fee = (await owner.request('GET', `/api/v1/appointments/${soon.id}/charge`)).json;
    assert.equal(fee.status, 'self_pay');
    assert.equal(fee.fee, 4000, 'the service\'s own late-cancellation fee');
    assert.deepEqual(fee.lines, []);
    assert.match(fee.notes[0], /Late cancellation fee/);
    assert.equal((await owner.request('GET', `/api/v1/appointments/${far.id}/charge`)).status, 404, 'an on-time cancellation costs nothing');
    const after = await ledger();
    assert.equal(after.balance.client - after.balance.credit, before.balance.client - before.balance.credit + 4000);
    balanced(after);
  });

  it('reports what every client owes by age, with the practice\'s totals', async () => {
    const r = await owner.request('GET', '/api/v1/ledger/aging');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.clients.find((c) => c.client_id === client.id);
    const l = await ledger();
    assert.equal(mine.owed, l.balance.client);
    assert.equal(mine.credit, l.balance.credit);
    assert.deepEqual(mine.aging, l.balance.aging);
    assert.equal(r.json.totals.reduce((a, b) => a + b, 0), r.json.clients.reduce((n, c) => n + c.aging.reduce((a, b) => a + b, 0), 0));
    assert.equal((await therapist.request('GET', '/api/v1/ledger/aging')).status, 403);
  });
});
