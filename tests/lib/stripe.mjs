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
    refuse(yes = true) { refuseRefunds = yes; },
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
