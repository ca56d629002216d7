// A local stand-in for the card processor: it speaks the same endpoints as Stripe's API that Duet uses
// (POST /v1/checkout/sessions, POST /v1/refunds; form-encoded, Bearer secret key) and sends webhooks
// signed as Stripe signs them (Stripe-Signature: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>")).
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

export const SECRET_KEY = 'sk_test_standin_4242';
export const WEBHOOK_SECRET = 'whsec_standin_signing_secret';

const id = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;

export function sign(body, secret = WEBHOOK_SECRET, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export async function startStripe() {
  const sessions = new Map();
  const intents = new Map();
  const charges = [];
  let declineCards = false;
  const refunds = [];
  const requests = [];
  let refuseRefunds = false;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      requests.push({ path: req.url, form, auth: req.headers.authorization, idempotency: req.headers['idempotency-key'] });
      const send = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
      if (req.headers.authorization !== `Bearer ${SECRET_KEY}`) return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions' && form.mode === 'setup') {
        const s = { id: id('cs_test'), object: 'checkout.session', mode: 'setup', setup_intent: id('seti'), status: 'open',
          consent_text: form['custom_text[submit][message]'], metadata: { practice_id: form['metadata[practice_id]'], client_id: form['metadata[client_id]'] } };
        s.url = `${base}/setup/${s.id}`;
        sessions.set(s.id, s);
        intents.set(s.setup_intent, { id: s.setup_intent, object: 'setup_intent', status: 'succeeded', customer: id('cus'), payment_method: id('pm') });
        return send(200, s);
      }
      if (req.method === 'GET' && req.url.startsWith('/v1/setup_intents/')) {
        const si = intents.get(req.url.split('/').pop());
        return si ? send(200, si) : send(404, { error: { message: 'No such setup_intent' } });
      }
      if (req.method === 'POST' && req.url === '/v1/payment_intents') {
        const known = [...intents.values()].some((si) => si.customer === form.customer && si.payment_method === form.payment_method);
        if (!known || form.off_session !== 'true' || form.confirm !== 'true') return send(400, { error: { message: 'No such payment method for this customer' } });
        if (declineCards) return send(402, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
        const pi = { id: id('pi'), object: 'payment_intent', amount: Number(form.amount), status: 'succeeded', customer: form.customer };
        charges.push(pi);
        return send(200, pi);
      }
      if (req.method === 'POST' && req.url === '/v1/checkout/sessions') {
        const s = { id: id('cs_test'), object: 'checkout.session', mode: form.mode, amount_total: Number(form['line_items[0][price_data][unit_amount]']),
          currency: form['line_items[0][price_data][currency]'], client_reference_id: form.client_reference_id, payment_status: 'unpaid',
          metadata: { practice_id: form['metadata[practice_id]'], client_id: form['metadata[client_id]'] }, success_url: form.success_url };
        s.url = `${base}/pay/${s.id}`;
        sessions.set(s.id, s);
        return send(200, s);
      }
      if (req.method === 'POST' && req.url === '/v1/refunds') {
        if (refuseRefunds) return send(402, { error: { type: 'card_error', message: 'The refund could not be made' } });
        const r = { id: id('re'), object: 'refund', payment_intent: form.payment_intent, amount: Number(form.amount), status: 'succeeded' };
        refunds.push(r);
        return send(200, r);
      }
      send(404, { error: { message: 'Unrecognized request URL' } });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    sessions,
    refunds,
    requests,
    charges,
    refuse(yes = true) { refuseRefunds = yes; },
    decline(yes = true) { declineCards = yes; },
    /** The event the processor sends when the client saved a card on the page. */
    setupEvent(sessionId) {
      const s = sessions.get(sessionId);
      return { id: id('evt'), object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000),
        data: { object: { id: s.id, object: 'checkout.session', mode: 'setup', status: 'complete', setup_intent: s.setup_intent, metadata: s.metadata } } };
    },
    /** The event the processor sends when the client has paid on the page. */
    completedEvent(sessionId, overrides = {}) {
      const s = sessions.get(sessionId);
      if (!s.payment_intent) s.payment_intent = id('pi');
      return { id: id('evt'), object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000),
        data: { object: { ...s, payment_status: 'paid', status: 'complete', ...overrides } } };
    },
    /** Delivers an event to Duet's webhook, signed (or as given). */
    async deliver(duetUrl, event, { secret = WEBHOOK_SECRET, t, signature } = {}) {
      const body = typeof event === 'string' ? event : JSON.stringify(event);
      const res = await fetch(`${duetUrl}/api/v1/payments/webhooks/stripe`, { method: 'POST', body,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature ?? sign(body, secret, t) } });
      const text = await res.text();
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: res.status, json, text };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
