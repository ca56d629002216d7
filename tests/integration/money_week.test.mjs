// A self-pay client's week, end to end, on a fixed clock (Monday 2026-12-07): the front desk books
// three video visits (a Good Faith Estimate is owed and issued on time), the client cancels one late (the
// fee follows the practice's policy), two are held and signed, the client pays online through the
// processor's stand-in (a forged webhook posts nothing; the signed one posts the payment), receives a
// superbill; the therapist's other visit that week is held with its note unsigned. After the week the
// owner runs payouts: the therapist's statement shows the two visits paid, the late cancellation as the
// plan says, and the visit held for its unsigned note.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, signedIn, signSoapNote, startServer } from '../lib/server.mjs';
import { SECRET_KEY, WEBHOOK_SECRET, startStripe } from '../lib/stripe.mjs';

describe(`a self-pay client's week: estimate, late fee, online payment, superbill, payouts (${ENGINE})`, () => {
  let server;
  let stripe;
  let owner;
  let desk;
  let therapist;
  let rowan;
  let service;
  let quinn;
  let alex;
  const signIn = async () => {
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    therapist = await signedIn(server.url, DEMO.clinician);
  };
  const at = async (iso) => {
    const r = await owner.request('POST', '/api/v1/test/clock', { body: { set: iso } });
    assert.equal(r.status, 200, r.text);
    await signIn();
  };
  before(async () => {
    stripe = await startStripe();
    server = await startServer({ args: ['--clock', 'fixed:2026-12-07T15:00:00Z', '--stripe-api', stripe.url] });
    await signIn();
    rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    alex = await demoClient(owner, 'Alex');
    // The practice's setup: its calendar, the late-cancellation fee, the processor, the therapist's plan.
    const cal = (await owner.request('GET', '/api/v1/billing/business-calendar')).json;
    assert.equal((await owner.request('PUT', '/api/v1/billing/business-calendar', { body: { ...cal, time_zone: rowan.time_zone } })).status, 200);
    assert.equal((await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 5000, no_show: 7500 } })).status, 200);
    assert.equal((await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET } })).status, 200);
    const plan = await owner.request('PUT', `/api/v1/clinicians/${rowan.id}/compensation`, { body: { basis: 'per_visit',
      rates: [{ service_id: service.id, mode: '', amount: 6500 }], late_cancel: { pay: 'fixed', amount: 2500 }, no_show: { pay: 'none' },
      requires_signed_note: true } });
    assert.equal(plan.status, 200, plan.text);
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Quinn', family_name: 'Selfpay', birth_date: '1992-05-06',
      email: 'quinn.selfpay@client.example.com', location_state: alex.location_state, time_zone: alex.time_zone, clinician_ids: [rowan.id],
      insurance_status: 'self_pay', diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }] } });
    assert.equal(made.status, 201, made.text);
    quinn = made.json;
  });
  after(async () => { await server?.stop(); await stripe?.close(); });

  const book = async (client, start) => {
    const r = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.id, service_id: service.id,
      mode: 'video', start, override_reason: 'money week test' } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  let visits;
  let alexVisit;
  it('books three video visits for the self-pay client and issues the Good Faith Estimate on time', async () => {
    visits = [await book(quinn, '2026-12-09T17:00:00Z'), await book(quinn, '2026-12-10T17:00:00Z'), await book(quinn, '2026-12-11T17:00:00Z')];
    alexVisit = await book(alex, '2026-12-09T19:00:00Z');
    const owed = (await desk.request('GET', '/api/v1/good-faith-estimates?due=pending')).json.due;
    const mine = owed.find((d) => d.client_id === quinn.id);
    assert.equal(mine.due_on, '2026-12-08', 'the Thursday visit is 3 business days away: due in 1 business day');
    const gfe = await desk.request('POST', '/api/v1/good-faith-estimates', { body: { client_id: quinn.id } });
    assert.equal(gfe.status, 201, gfe.text);
    assert.equal(gfe.json.issued_at.slice(0, 10) <= mine.due_on, true, 'issued on time');
    assert.deepEqual(gfe.json.items.map((i) => [i.cpt_code, i.mode, i.quantity, i.unit_fee]), [['90834', 'video', 3, service.fees.video]]);
    assert.ok(!(await desk.request('GET', '/api/v1/good-faith-estimates?due=pending')).json.due.some((d) => d.client_id === quinn.id));
  });

  it('holds the two visits, signs their notes, and leaves the other client\'s note unsigned', async () => {
    for (const v of [visits[0], alexVisit, visits[1]]) {
      await at(new Date(Date.parse(v.start) + 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
      assert.equal((await desk.request('POST', `/api/v1/appointments/${v.id}/check-in`, { body: {} })).status, 200);
      const done = await desk.request('POST', `/api/v1/appointments/${v.id}/complete`, { body: {} });
      assert.equal(done.status, 200, done.text);
    }
    await signSoapNote(therapist, quinn.id, visits[0].id);
    await signSoapNote(therapist, quinn.id, visits[1].id);
    const l = (await desk.request('GET', `/api/v1/clients/${quinn.id}/ledger`)).json;
    assert.equal(l.balance.client, 2 * service.fees.video);
  });

  it('charges the late cancellation by the practice\'s policy', async () => {
    await at('2026-12-11T10:00:00Z');
    const late = await desk.request('POST', `/api/v1/appointments/${visits[2].id}/cancel`, { body: { reason: 'Unwell' } });
    assert.equal(late.json.status, 'late_cancelled', late.text);
    const fee = (await owner.request('GET', `/api/v1/appointments/${visits[2].id}/charge`)).json;
    assert.equal(fee.fee, 5000);
    assert.equal(fee.status, 'self_pay');
    const l = (await desk.request('GET', `/api/v1/clients/${quinn.id}/ledger`)).json;
    assert.equal(l.balance.client, 2 * service.fees.video + 5000);
  });

  it('takes the payment online: a forged webhook posts nothing, the signed one posts it', async () => {
    const page = await desk.request('POST', `/api/v1/clients/${quinn.id}/checkout`, { body: {} });
    assert.equal(page.status, 201, page.text);
    const event = stripe.completedEvent(page.json.id);
    assert.equal((await stripe.deliver(server.url, event, { secret: 'whsec_forged' })).status, 400);
    let l = (await desk.request('GET', `/api/v1/clients/${quinn.id}/ledger`)).json;
    assert.equal(l.payments.length, 0, 'nothing posted');
    // The fixed clock is the server's "now": the processor signs with it.
    const t = Math.floor(Date.parse('2026-12-11T10:00:00Z') / 1000);
    const ok = await stripe.deliver(server.url, event, { t });
    assert.equal(ok.status, 200, ok.text);
    l = (await desk.request('GET', `/api/v1/clients/${quinn.id}/ledger`)).json;
    assert.equal(l.balance.client - l.balance.credit, 0);
    assert.deepEqual(l.payments.map((p) => [p.method, p.amount]), [['card_online', 2 * service.fees.video + 5000]]);
  });

  it('gives the client a superbill of the visits, with codes, fees and what was paid', async () => {
    const res = await fetch(`${server.url}/api/v1/clients/${quinn.id}/superbill.pdf?from=2026-12-01&to=2026-12-31`, { headers: { Cookie: desk.cookie } });
    assert.equal(res.status, 200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString();
    assert.match(text, /Quinn Selfpay · date of birth 1992-05-06/);
    assert.equal((text.match(/90834/g) ?? []).length, 2, 'the two visits (not the late-cancellation fee)');
    assert.match(text, /F41\.1/);
    const estimate = (await desk.request('GET', `/api/v1/good-faith-estimates?client_id=${quinn.id}`)).json.estimates[0];
    assert.deepEqual(estimate.variances.map((v) => v.dispute_eligible), [false], 'billed within the estimate');
  });

  it('pays the therapist for the week: two visits, the late cancellation per the plan, one visit held for its unsigned note', async () => {
    await at('2026-12-14T15:00:00Z');
    const run = await owner.request('POST', '/api/v1/payouts/runs', { body: { week: '2026-12-07' } });
    assert.equal(run.status, 201, run.text);
    const mine = run.json.statements.find((s) => s.clinician_id === rowan.id);
    const kinds = mine.lines.map((l) => [l.kind, l.status, l.amount]);
    assert.deepEqual(kinds.filter(([k]) => k === 'visit' && true).sort(), [['visit', 'completed', 6500], ['visit', 'completed', 6500], ['visit', 'late_cancelled', 2500]].sort());
    const held = mine.lines.filter((l) => l.kind === 'held');
    assert.equal(held.length, 1);
    assert.equal(held[0].appointment_id, alexVisit.id);
    assert.match(held[0].why, /note is not signed/);
    assert.equal(mine.total, 6500 * 2 + 2500);
    assert.deepEqual((await therapist.request('GET', '/api/v1/payouts/statements')).json.items, [], 'a draft is not shown to the clinician');
    const again = await owner.request('POST', '/api/v1/payouts/runs', { body: { week: '2026-12-09' } });
    assert.equal(again.status, 200, 'a draft week runs again');
    assert.equal(again.json.id, run.json.id);
    assert.equal(again.json.total, run.json.total);
    const closed = await owner.request('POST', `/api/v1/payouts/runs/${run.json.id}/close`);
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.status, 'closed');
    const read = await therapist.request('GET', '/api/v1/payouts/statements?week=2026-12-07');
    assert.equal(read.json.items[0].total, 6500 * 2 + 2500);
  });

  it('shows the week\'s collections by how the visits were delivered', async () => {
    const summary = await owner.request('GET', '/api/v1/billing/summary?weeks=2');
    assert.equal(summary.status, 200, summary.text);
    const week = summary.json.weeks.find((w) => w.week_start === '2026-12-07');
    assert.equal(week.collected_video, 2 * service.fees.video + 5000, 'the visits and the late-cancelled one were video visits');
    assert.equal(week.collected_in_person + week.collected_audio + week.collected_on_account, 0);
  });
});
