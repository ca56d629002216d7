// Card payments online through the processor's adapter, against a local stand-in that speaks Stripe's
// endpoints and signs webhooks as Stripe does: the owner connects the processor (keys never shown again),
// the front desk opens a payment page for a self-pay client's balance and e-mails the link (no clinical
// detail), the signed webhook posts the payment once — a forged, a stale, a replayed and a mismatched
// event post nothing — a refund goes back through the processor (nothing recorded when it refuses);
// invoices and statements as PDFs; the client's own bills and payment page in the portal; a deposit for
// a new client.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, ENGINE, demoClient, newPractice, signedIn, startServer } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { SECRET_KEY, WEBHOOK_SECRET, startStripe } from '../lib/stripe.mjs';

const pdfText = async (res) => execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await res.arrayBuffer()) }).toString().replace(/\s+/g, ' ');

describe(`payments online (${ENGINE})`, () => {
  let server;
  let stripe;
  let smtp;
  let owner;
  let desk;
  let biller;
  let casey;
  before(async () => {
    stripe = await startStripe();
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--demo', '--demo-visits', '--stripe-api', stripe.url, '--smtp-url', smtp.url,
      '--public-url', 'https://duet.example.test', '--job-poll-seconds', '1'] });
    owner = await signedIn(server.url, DEMO.owner);
    desk = await signedIn(server.url, DEMO.front_desk);
    biller = await signedIn(server.url, DEMO.biller);
    casey = await demoClient(owner, 'Casey');
  });
  after(async () => { await server?.stop(); await stripe?.close(); await smtp?.close(); });

  const ledger = async (id = casey.id) => (await desk.request('GET', `/api/v1/clients/${id}/ledger`)).json;

  it('records payments by hand until the processor is connected', async () => {
    const r = await desk.request('POST', `/api/v1/clients/${casey.id}/checkout`, { body: {} });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.type, /processor/);
  });

  it('lets the owner connect the processor; the keys are kept sealed and never shown again', async () => {
    assert.equal((await biller.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET } })).status, 403);
    const bad = await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', secret_key: 'pk_live_nope', webhook_secret: WEBHOOK_SECRET } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.errors[0].field, 'secret_key');
    assert.equal((await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'paypal' } })).status, 400);
    const put = await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', secret_key: SECRET_KEY, webhook_secret: WEBHOOK_SECRET } });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.connected, true);
    assert.equal(put.json.key_hint, '4242');
    assert.equal(put.json.webhook_url, 'https://duet.example.test/api/v1/payments/webhooks/stripe');
    const got = await desk.request('GET', '/api/v1/billing/payment-processor');
    assert.ok(!got.text.includes(SECRET_KEY) && !got.text.includes(WEBHOOK_SECRET), 'never shown');
    // A save without keys keeps the saved ones (changing only the deposit).
    const keep = await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', new_client_deposit: 0 } });
    assert.equal(keep.json.connected, true, keep.text);
  });

  let page;
  let owedBefore;
  it('opens a payment page for the self-pay client\'s balance and e-mails the link without clinical detail', async () => {
    const before = await ledger();
    owedBefore = before.balance.client - before.balance.credit;
    assert.ok(owedBefore > 0, 'the demo\'s self-pay client owes part of last week\'s visit');
    const r = await desk.request('POST', `/api/v1/clients/${casey.id}/checkout`, { body: { send: true } });
    assert.equal(r.status, 201, r.text);
    page = r.json;
    assert.equal(page.amount, owedBefore);
    assert.match(page.url, new RegExp(`^${stripe.url}/pay/cs_test_`));
    const sent = stripe.requests.find((q) => q.path === '/v1/checkout/sessions');
    assert.equal(sent.form.mode, 'payment');
    assert.equal(sent.form['metadata[client_id]'], casey.id);
    assert.ok(sent.idempotency, 'an idempotency key on every request');
    const deadline = Date.now() + 5000;
    let mail;
    while (!mail && Date.now() < deadline) {
      mail = smtp.messages.find((m) => m.to.includes(casey.email));
      if (!mail) await new Promise((r2) => setTimeout(r2, 100));
    }
    assert.ok(mail, 'the link is e-mailed');
    assert.ok(mail.data.includes(page.url));
    for (const word of ['F43', 'Psychotherapy', '90834', 'diagnos', casey.family_name]) assert.ok(!mail.data.includes(word), `no ${word} in the e-mail`);
    const more = await desk.request('POST', `/api/v1/clients/${casey.id}/checkout`, { body: { amount: owedBefore + 1 } });
    assert.equal(more.status, 400, 'never more than is owed');
  });

  it('refuses a forged, a stale and a mismatched webhook, posting nothing', async () => {
    const event = stripe.completedEvent(page.id);
    const forged = await stripe.deliver(server.url, event, { secret: 'whsec_someone_else' });
    assert.equal(forged.status, 400, forged.text);
    const unsigned = await stripe.deliver(server.url, event, { signature: '' });
    assert.equal(unsigned.status, 400);
    const stale = await stripe.deliver(server.url, event, { t: Math.floor(Date.now() / 1000) - 600 });
    assert.equal(stale.status, 400, stale.text);
    const tampered = stripe.completedEvent(page.id, { amount_total: 1 });
    assert.equal((await stripe.deliver(server.url, tampered)).status, 400, 'the amount must be the page\'s');
    const other = stripe.completedEvent(page.id, { id: 'cs_test_not_opened_here' });
    assert.equal((await stripe.deliver(server.url, other)).status, 400, 'only pages the practice opened');
    assert.equal((await stripe.deliver(server.url, '{not json')).status, 400);
    const l = await ledger();
    assert.equal(l.balance.client - l.balance.credit, owedBefore, 'nothing posted');
  });

  let payment;
  it('posts the payment from the signed webhook, once: a replay is acknowledged and posts nothing', async () => {
    const event = stripe.completedEvent(page.id);
    const r = await stripe.deliver(server.url, event);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.payment_id);
    const again = await stripe.deliver(server.url, event);
    assert.equal(again.status, 200);
    assert.equal(again.json.duplicate, true);
    const retried = await stripe.deliver(server.url, stripe.completedEvent(page.id));
    assert.equal(retried.json.duplicate, true, 'a second event for the same page posts nothing');
    const l = await ledger();
    assert.equal(l.balance.client - l.balance.credit, 0);
    const online = l.payments.filter((p) => p.method === 'card_online');
    assert.equal(online.length, 1);
    payment = online[0];
    assert.equal(payment.amount, owedBefore);
    assert.match(payment.reference, /^pi_/);
    assert.equal((await desk.request('POST', `/api/v1/clients/${casey.id}/checkout`, { body: {} })).status, 422, 'nothing owed now');
  });

  it('refunds a card payment through the processor; when it refuses, nothing is recorded', async () => {
    stripe.refuse(true);
    const refused = await desk.request('POST', `/api/v1/payments/${payment.id}/refund`, { body: { amount: 500, reason: 'Overcharged' } });
    assert.equal(refused.status, 503, refused.text);
    assert.equal((await ledger()).payments.find((p) => p.id === payment.id).refunded, 0);
    stripe.refuse(false);
    const ok = await desk.request('POST', `/api/v1/payments/${payment.id}/refund`, { body: { amount: 500, reason: 'Overcharged' } });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(stripe.refunds.map((x) => [x.payment_intent, x.amount]), [[payment.reference, 500]]);
    assert.equal((await ledger()).payments.find((p) => p.id === payment.id).refunded, 500);
  });

  let invoice;
  it('issues an invoice with what was charged, paid and owed, e-mails that it is ready, and prints it and a statement', async () => {
    const before = smtp.messages.length;
    const r = await desk.request('POST', `/api/v1/clients/${casey.id}/invoices`, { body: { send: true } });
    assert.equal(r.status, 201, r.text);
    invoice = r.json;
    assert.match(invoice.number, /^INV-\d{6}$/);
    assert.ok(invoice.lines.length >= 1);
    assert.equal(invoice.owed, 500, 'the refund is owed again');
    assert.ok(invoice.sent_at);
    const mail = smtp.messages.slice(before).find((m) => m.to.includes(casey.email));
    assert.ok(mail && mail.data.includes(invoice.number) && mail.data.includes('https://duet.example.test/portal'));
    assert.ok(!/Psychotherapy|F43|90834/.test(mail.data));
    const list = await desk.request('GET', `/api/v1/clients/${casey.id}/invoices`);
    assert.deepEqual(list.json.items.map((i) => i.id), [invoice.id]);
    const pdf = await fetch(`${server.url}/api/v1/invoices/${invoice.id}/pdf`, { headers: { Cookie: desk.cookie } });
    assert.equal(pdf.status, 200);
    const text = await pdfText(pdf);
    assert.match(text, new RegExp(`Invoice ${invoice.number}`));
    assert.match(text, /Amount due: \$5\.00/);
    assert.ok(!/F43|90834/.test(text), 'no codes or diagnoses on an invoice');
    const st = await fetch(`${server.url}/api/v1/clients/${casey.id}/statement.pdf`, { headers: { Cookie: desk.cookie } });
    assert.equal(st.status, 200);
    assert.match(await pdfText(st), /Statement of account.*Balance: \$5\.00/);
  });

  it('refuses an invoice with nothing in it, or a bad period, and saves nothing', async () => {
    const far = await desk.request('POST', `/api/v1/clients/${casey.id}/invoices`, { body: { from: '2020-01-01', to: '2020-01-31' } });
    assert.equal(far.status, 201, 'the balance is still owed, so an invoice with no new lines is made');
    const bad = await desk.request('POST', `/api/v1/clients/${casey.id}/invoices`, { body: { from: '2026-02-01', to: '2026-01-01' } });
    assert.equal(bad.status, 400);
    const fresh = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Nell', family_name: 'Nothing', birth_date: '1990-01-01',
      email: 'nell.nothing@client.example.com', location_state: casey.location_state, time_zone: casey.time_zone } });
    assert.equal(fresh.status, 201, fresh.text);
    const nothing = await desk.request('POST', `/api/v1/clients/${fresh.json.id}/invoices`, { body: { send: true } });
    assert.equal(nothing.status, 422, nothing.text);
    assert.match(nothing.json.type, /nothing_to_invoice/);
    assert.deepEqual((await desk.request('GET', `/api/v1/clients/${fresh.json.id}/invoices`)).json.items, []);
  });

  it('keeps a card on file with the client\'s consent and charges what they owe to it', async () => {
    const page = await desk.request('POST', `/api/v1/clients/${casey.id}/card-on-file`);
    assert.equal(page.status, 201, page.text);
    assert.equal(page.json.purpose, 'card_on_file');
    const session = stripe.sessions.get(page.json.id);
    assert.equal(session.mode, 'setup');
    assert.match(session.consent_text, /^I authorize .+ to keep this card on file/);
    assert.equal((await desk.request('POST', `/api/v1/clients/${casey.id}/card-on-file/charge`, { body: {} })).status, 422, 'no card yet');
    const event = stripe.setupEvent(page.json.id);
    assert.equal((await stripe.deliver(server.url, event, { secret: 'whsec_forged' })).status, 400);
    assert.equal((await desk.request('GET', `/api/v1/clients/${casey.id}/card-on-file`)).json.on_file, false, 'a forged event saves nothing');
    const saved = await stripe.deliver(server.url, event);
    assert.equal(saved.status, 200, saved.text);
    const card = (await desk.request('GET', `/api/v1/clients/${casey.id}/card-on-file`)).json;
    assert.equal(card.on_file, true);
    assert.equal(card.consent_text, session.consent_text, 'the exact words consented to are kept');
    assert.ok(card.consented_at);
    assert.ok(!JSON.stringify(card).includes('pm_') && !JSON.stringify(card).includes('cus_'), 'the processor\'s ids stay on the server');
    const owed = (await ledger()).balance.client;
    assert.ok(owed > 0);
    stripe.decline(true);
    const declined = await desk.request('POST', `/api/v1/clients/${casey.id}/card-on-file/charge`, { body: {} });
    assert.equal(declined.status, 503, declined.text);
    assert.equal((await ledger()).balance.client, owed, 'a declined card posts nothing');
    stripe.decline(false);
    const charged = await desk.request('POST', `/api/v1/clients/${casey.id}/card-on-file/charge`, { body: {} });
    assert.equal(charged.status, 201, charged.text);
    assert.equal(charged.json.amount, owed);
    assert.match(charged.json.reference, /^pi_/);
    assert.equal(stripe.charges.at(-1).amount, owed);
    assert.equal((await ledger()).balance.client, 0);
    assert.equal((await desk.request('POST', `/api/v1/clients/${casey.id}/card-on-file/charge`, { body: {} })).status, 422, 'nothing owed');
    assert.equal((await desk.request('DELETE', `/api/v1/clients/${casey.id}/card-on-file`)).status, 204);
    assert.equal((await desk.request('GET', `/api/v1/clients/${casey.id}/card-on-file`)).json.on_file, false);
  });

  it('shows the client their own bills and lets them pay online from the portal, never another client\'s', async () => {
    const alex = await signedIn(server.url, DEMO.client);
    const bills = await alex.request('GET', '/api/v1/portal/bills');
    assert.equal(bills.status, 200, bills.text);
    assert.equal(bills.json.can_pay_online, true);
    assert.equal((await alex.request('GET', `/api/v1/portal/invoices/${invoice.id}/pdf`)).status, 404, 'Casey\'s invoice is not Alex\'s');
    const st = await fetch(`${server.url}/api/v1/portal/statement.pdf`, { headers: { Cookie: alex.cookie } });
    assert.equal(st.status, 200);
    const owed = bills.json.balance.client - bills.json.balance.credit;
    const pay = await alex.request('POST', '/api/v1/portal/checkout', { body: {} });
    if (owed > 0) {
      assert.equal(pay.status, 201, pay.text);
      assert.equal(pay.json.amount, owed);
    } else {
      assert.equal(pay.status, 422, pay.text);
    }
    assert.equal((await alex.request('GET', `/api/v1/clients/${casey.id}/invoices`)).status, 403);
    const keep = await alex.request('POST', '/api/v1/portal/card-on-file');
    assert.equal(keep.status, 201, keep.text);
    assert.equal(stripe.sessions.get(keep.json.id).metadata.client_id, (await demoClient(owner, 'Alex')).id, 'their own card, never another client\'s');
    assert.equal((await alex.request('DELETE', '/api/v1/portal/card-on-file')).status, 204);
  });

  it('asks a new client for the practice\'s deposit', async () => {
    const put = await owner.request('PUT', '/api/v1/billing/payment-processor', { body: { processor: 'stripe', new_client_deposit: 10000 } });
    assert.equal(put.status, 200, put.text);
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Dana', family_name: 'Deposit', birth_date: '1991-01-01',
      email: 'dana.deposit@client.example.com', location_state: casey.location_state, time_zone: casey.time_zone, insurance_status: 'self_pay' } });
    assert.equal(made.status, 201, made.text);
    const r = await desk.request('POST', `/api/v1/clients/${made.json.id}/checkout`, { body: {} });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.amount, 10000);
    assert.match(stripe.sessions.get(r.json.id) ? 'ok' : '', /ok/);
  });

  it('charges a missed visit\'s fee to the card on file by itself', async () => {
    assert.equal((await owner.request('PUT', '/api/v1/billing/visit-fees', { body: { late_cancel: 4000, no_show: 6000 } })).status, 200);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((x) => x.cpt_code === '90834');
    const alex = await demoClient(owner, 'Alex');
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Fay', family_name: 'Feecard', birth_date: '1985-02-03',
      email: 'fay.feecard@client.example.com', location_state: alex.location_state, time_zone: alex.time_zone, clinician_ids: [rowan.id],
      insurance_status: 'self_pay' } });
    assert.equal(made.status, 201, made.text);
    const fay = made.json;
    const page = await desk.request('POST', `/api/v1/clients/${fay.id}/card-on-file`);
    assert.equal((await stripe.deliver(server.url, stripe.setupEvent(page.json.id))).status, 200);
    // Within the late-cancellation window, at the first time the demo's week leaves Rowan free.
    let visit;
    for (let hours = 3; hours < 20 && visit?.status !== 201; hours += 0.75) {
      const start = new Date(Date.now() + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      visit = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: fay.id, service_id: service.id,
        mode: 'video', start, override_reason: 'card fee test at any hour' } });
      if (visit.status !== 409) break;
    }
    assert.equal(visit.status, 201, visit.text);
    const before = stripe.charges.length;
    const late = await desk.request('POST', `/api/v1/appointments/${visit.json.id}/cancel`, { body: { reason: 'Forgot' } });
    assert.equal(late.json.status, 'late_cancelled');
    const deadline = Date.now() + 15000;
    let l;
    do {
      await new Promise((r) => setTimeout(r, 250));
      l = await ledger(fay.id);
    } while (!l.payments.length && Date.now() < deadline);
    assert.deepEqual(l.payments.map((p) => [p.method, p.amount, p.by_name]), [['card_online', 4000, 'Card on file (agreed fee)']]);
    assert.equal(l.balance.client, 0);
    assert.equal(stripe.charges.length, before + 1);
    assert.equal(stripe.charges.at(-1).amount, 4000);
  });

  it('shows another practice nothing and posts nothing to it', async () => {
    const other = await newPractice(server);
    assert.equal((await other.owner.request('GET', `/api/v1/invoices/${invoice.id}/pdf`)).status, 404);
    assert.equal((await other.owner.request('POST', `/api/v1/clients/${casey.id}/checkout`, { body: {} })).status, 404);
    const got = await other.owner.request('GET', '/api/v1/billing/payment-processor');
    assert.equal(got.json.connected, false);
  });

  // Last: it stops the mail server.
  it('answers with the page and the invoice when the e-mail fails, and says so: nothing to ask twice', async () => {
    await smtp.close();
    const made = await desk.request('POST', '/api/v1/clients', { body: { given_name: 'Gil', family_name: 'Nomail', birth_date: '1990-05-06',
      email: 'gil.nomail@client.example.com', location_state: casey.location_state, time_zone: casey.time_zone, insurance_status: 'self_pay' } });
    assert.equal(made.status, 201, made.text);
    const pages = stripe.sessions.size;
    const r = await desk.request('POST', `/api/v1/clients/${made.json.id}/checkout`, { body: { send: true } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.amount, 10000, 'the deposit');
    assert.match(r.json.url, new RegExp(`^${stripe.url}/pay/cs_test_`));
    assert.match(r.json.mail_problem, /e-mail could not be sent.*copy its link/);
    assert.ok(!r.json.mail_problem.includes('gil.nomail'), 'no address in the message');
    assert.equal(stripe.sessions.size, pages + 1, 'one page');

    const listed = async () => (await desk.request('GET', `/api/v1/clients/${casey.id}/invoices`)).json.items;
    const before = await listed();
    const inv = await desk.request('POST', `/api/v1/clients/${casey.id}/invoices`, { body: { send: true } });
    assert.equal(inv.status, 201, inv.text);
    assert.equal(inv.json.sent_at, null, 'not marked sent');
    assert.match(inv.json.mail_problem, /e-mail could not be sent.*invoice is issued/);
    const after = await listed();
    assert.equal(after.length, before.length + 1, 'issued once');
    const kept = after.find((i) => i.id === inv.json.id);
    assert.equal(kept.sent_at, null);
    assert.equal(kept.mail_problem, null, 'the problem belongs to the answer, not the invoice');
  });
});
