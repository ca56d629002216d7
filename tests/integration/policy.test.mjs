// Walks every documented route with every role over HTTP: the status must match the policy grid.
// A route added without a row here fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, DEMO, ENGINE, signedIn, startServer } from '../lib/server.mjs';

const ALL = ['owner', 'clinician', 'supervisor', 'biller', 'front_desk', 'client'];
const STAFF = ALL.filter((r) => r !== 'client');
const OWNER = ['owner'];
const OWNER_CLINICIAN = ['owner', 'clinician'];
const CLIENT_WRITERS = ['owner', 'clinician', 'supervisor', 'front_desk'];
const PUBLIC = 'public';

// "METHOD path" → roles allowed (or PUBLIC). Mirrors tests/unit/platform/policy_grid_test.cpp.
const GRID = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': ALL,
  'GET /api/v1/me': ALL,
  'POST /api/v1/auth/mfa/enroll': ALL,
  'POST /api/v1/auth/mfa/confirm': ALL,
  'GET /api/v1/practice': STAFF,
  'PATCH /api/v1/practice': OWNER,
  'GET /api/v1/users': OWNER,
  'PATCH /api/v1/users/{id}': OWNER,
  'POST /api/v1/users/{id}/mfa-reset': OWNER,
  'POST /api/v1/invitations': OWNER,
  'GET /api/v1/invitations': OWNER,
  'POST /api/v1/invitations/{id}/revoke': OWNER,
  'POST /api/v1/invitations/preview': PUBLIC,
  'POST /api/v1/invitations/accept': PUBLIC,
  'GET /api/v1/audit': OWNER,
  'GET /api/v1/clinicians': STAFF,
  'POST /api/v1/clinicians': OWNER,
  'GET /api/v1/clinicians/{id}': STAFF,
  'PATCH /api/v1/clinicians/{id}': OWNER,
  'GET /api/v1/clinicians/{id}/licenses': STAFF,
  'POST /api/v1/clinicians/{id}/licenses': OWNER_CLINICIAN,
  'DELETE /api/v1/clinicians/{id}/licenses/{license_id}': OWNER_CLINICIAN,
  'GET /api/v1/clinicians/{id}/coverage': STAFF,
  'GET /api/v1/clinicians/{id}/credentials': STAFF,
  'POST /api/v1/clinicians/{id}/credentials': OWNER_CLINICIAN,
  'DELETE /api/v1/clinicians/{id}/credentials/{credential_id}': OWNER_CLINICIAN,
  'GET /api/v1/compacts': STAFF,
  'PUT /api/v1/compacts/{compact}/states/{state}': OWNER,
  'GET /api/v1/licenses/expiring': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients': STAFF,
  'POST /api/v1/clients': CLIENT_WRITERS,
  'GET /api/v1/clients/{id}': STAFF,
  'PATCH /api/v1/clients/{id}': CLIENT_WRITERS,
  'GET /api/v1/locations': STAFF,
  'POST /api/v1/locations': OWNER,
  'GET /api/v1/services': STAFF,
  'POST /api/v1/services': OWNER,
  'PUT /api/v1/services/{id}/client-booking': OWNER,
  'GET /api/v1/clinicians/{id}/availability': STAFF,
  'PUT /api/v1/clinicians/{id}/availability': CLIENT_WRITERS,
  'POST /api/v1/appointments': CLIENT_WRITERS,
  'GET /api/v1/appointments': STAFF,
  'GET /api/v1/appointments/{id}': STAFF,
  'GET /api/v1/slots': STAFF,
  'PATCH /api/v1/appointments/{id}': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/cancel': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/no-show': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/check-in': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/confirm': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/complete': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/approve': CLIENT_WRITERS,
  'POST /api/v1/appointments/{id}/decline': CLIENT_WRITERS,
  'GET /api/v1/portal-settings': STAFF,
  'PUT /api/v1/portal-settings': OWNER,
  'GET /api/v1/clinicians/{id}/schedule-health': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clinicians/{id}/calendar-feed': STAFF,
  'POST /api/v1/clinicians/{id}/calendar-feed': CLIENT_WRITERS,
  'DELETE /api/v1/clinicians/{id}/calendar-feed': CLIENT_WRITERS,
  'GET /api/v1/clinicians/{id}/calendar.ics': PUBLIC,
  'GET /api/v1/waitlist': ['owner', 'front_desk'],
  'POST /api/v1/waitlist': ['owner', 'front_desk'],
  'DELETE /api/v1/waitlist/{id}': ['owner', 'front_desk'],
  'POST /api/v1/appointments/{id}/telehealth/join': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/appointments/{id}/telehealth/links': ['owner', 'clinician', 'supervisor', 'front_desk'],
  'GET /api/v1/telehealth/rooms': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/record.pdf': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/documents': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/documents': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/consents': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/documents/{id}/content': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/plans': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/plans': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/plans/{version}/sign': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/plans/due': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/payers': STAFF,
  'POST /api/v1/payers': ['owner', 'biller'],
  'GET /api/v1/payers/{id}': STAFF,
  'PATCH /api/v1/payers/{id}': ['owner', 'biller'],
  'GET /api/v1/clinicians/{id}/payers': STAFF,
  'PUT /api/v1/clinicians/{id}/payers/{payer_id}': ['owner', 'biller'],
  'GET /api/v1/charges': ['owner', 'biller'],
  'GET /api/v1/appointments/{id}/charge': ['owner', 'biller'],
  'PATCH /api/v1/charges/{id}': ['owner', 'biller'],
  'POST /api/v1/claims/batches': ['owner', 'biller'],
  'GET /api/v1/claims/batches': ['owner', 'biller'],
  'GET /api/v1/claims/batches/{id}/x12': ['owner', 'biller'],
  'POST /api/v1/claims/batches/{id}/sent': ['owner', 'biller'],
  'GET /api/v1/claims': ['owner', 'biller'],
  'GET /api/v1/claims/{id}': ['owner', 'biller'],
  'GET /api/v1/claims/{id}/cms1500.pdf': ['owner', 'biller'],
  'POST /api/v1/claims/{id}/status': ['owner', 'biller'],
  'POST /api/v1/claims/{id}/replace': ['owner', 'biller'],
  'POST /api/v1/claims/{id}/void': ['owner', 'biller'],
  'POST /api/v1/remittances': ['owner', 'biller'],
  'GET /api/v1/remittances': ['owner', 'biller'],
  'GET /api/v1/billing/unbilled': ['owner', 'biller'],
  'GET /api/v1/billing/summary': ['owner', 'biller'],
  'GET /api/v1/clients/{id}/ledger': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/ledger/aging': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/clients/{id}/superbill.pdf': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/payments': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/payments/{id}/refund': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/clients/{id}/adjustments': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/billing/visit-fees': STAFF,
  'GET /api/v1/clinicians/{id}/compensation': ['owner', 'biller', 'clinician', 'supervisor'],
  'PUT /api/v1/clinicians/{id}/compensation': ['owner', 'biller'],
  'POST /api/v1/payouts/runs': ['owner', 'biller'],
  'GET /api/v1/payouts/runs': ['owner', 'biller'],
  'GET /api/v1/payouts/runs/{id}': ['owner', 'biller'],
  'POST /api/v1/payouts/runs/{id}/close': ['owner', 'biller'],
  'GET /api/v1/payouts/runs/{id}/payroll.csv': ['owner', 'biller'],
  'GET /api/v1/payouts/statements': ['owner', 'biller', 'clinician', 'supervisor'],
  'POST /api/v1/payouts/lines/{id}/question': ['clinician', 'supervisor'],
  'POST /api/v1/payouts/lines/{id}/answer': ['owner', 'biller'],
  'POST /api/v1/payments/webhooks/stripe': PUBLIC,
  'GET /api/v1/billing/payment-processor': STAFF,
  'PUT /api/v1/billing/payment-processor': ['owner'],
  'POST /api/v1/clients/{id}/checkout': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/clients/{id}/card-on-file': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/clients/{id}/card-on-file': ['owner', 'biller', 'front_desk'],
  'DELETE /api/v1/clients/{id}/card-on-file': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/clients/{id}/card-on-file/charge': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/portal/card-on-file': ['client'],
  'DELETE /api/v1/portal/card-on-file': ['client'],
  'POST /api/v1/clients/{id}/invoices': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/clients/{id}/invoices': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/invoices/{id}/pdf': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/clients/{id}/statement.pdf': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/portal/bills': ['client'],
  'GET /api/v1/portal/estimates': ['client'],
  'GET /api/v1/portal/estimates/{id}/pdf': ['client'],
  'POST /api/v1/portal/checkout': ['client'],
  'GET /api/v1/portal/invoices/{id}/pdf': ['client'],
  'GET /api/v1/portal/statement.pdf': ['client'],
  'GET /api/v1/billing/business-calendar': STAFF,
  'PUT /api/v1/billing/business-calendar': ['owner', 'biller'],
  'GET /api/v1/good-faith-estimates': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/good-faith-estimates': ['owner', 'biller', 'front_desk'],
  'POST /api/v1/good-faith-estimates/requests': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/good-faith-estimates/{id}': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/good-faith-estimates/{id}/pdf': ['owner', 'biller', 'front_desk'],
  'GET /api/v1/billing/charge-timing': STAFF,
  'PUT /api/v1/billing/charge-timing': ['owner', 'biller'],
  'PUT /api/v1/billing/visit-fees': ['owner', 'biller'],
  'GET /api/v1/billing/provider': STAFF,
  'PUT /api/v1/billing/provider': ['owner', 'biller'],
  'POST /api/v1/coding/preview': ['owner', 'clinician', 'supervisor', 'biller'],
  'GET /api/v1/clients/{id}/releases': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/releases': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/releases/{release_id}/revoke': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/releases/{release_id}/package': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/disclosures': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/measures': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/measures/responses': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/measures': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/observation-types': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/observations': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/clients/{id}/observations': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/clients/{id}/observations/{observation_id}/void': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/measures/links/{token}': PUBLIC,
  'POST /api/v1/measures/links/{token}': PUBLIC,
  'GET /api/v1/alerts': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/alerts/{id}/acknowledge': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/note-templates': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/note-templates/{key}': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/note-templates': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/notes': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/notes': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/notes/overdue': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/notes/work': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/notes/{id}': ['owner', 'clinician', 'supervisor'],
  'PUT /api/v1/notes/{id}': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/notes/{id}/sign': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/notes/{id}/cosign': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/notes/{id}/addenda': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/record-settings': ['owner'],
  'PUT /api/v1/record-settings': ['owner'],
  'GET /api/v1/telehealth/links/{token}': PUBLIC,
  'GET /api/v1/portal/me': ['client'],
  'GET /api/v1/api-tokens': OWNER,
  'POST /api/v1/api-tokens': OWNER,
  'POST /api/v1/api-tokens/{id}/revoke': OWNER,
  'GET /api/v1/consents/missing': STAFF,
  'POST /api/v1/portal/accept': PUBLIC,
  'POST /api/v1/clients/{id}/portal-invitation': CLIENT_WRITERS,
  'POST /api/v1/portal/appointments/{id}/join': ['client'],
  'GET /api/v1/clients/{id}/portal-accounts': CLIENT_WRITERS,
  'PUT /api/v1/clients/{id}/guardians/{user_id}': CLIENT_WRITERS,
  'DELETE /api/v1/clients/{id}/guardians/{user_id}': CLIENT_WRITERS,
  'PUT /api/v1/portal/acting-for': ['client'],
  'PUT /api/v1/portal/language': ['client'],
  'GET /api/v1/intake-forms': STAFF,
  'GET /api/v1/message-settings': STAFF,
  'PUT /api/v1/message-settings': OWNER,
  'GET /api/v1/portal/message-settings': ['client'],
  'PUT /api/v1/intake-forms/{key}': OWNER,
  'POST /api/v1/clients/{id}/intake-forms': CLIENT_WRITERS,
  'GET /api/v1/clients/{id}/intake-responses': STAFF,
  'POST /api/v1/portal/intake-forms/{key}/start': ['client'],
  'GET /api/v1/portal/intake-responses/{id}': ['client'],
  'PUT /api/v1/portal/intake-responses/{id}': ['client'],
  'POST /api/v1/portal/intake-responses/{id}/submit': ['client'],
  'POST /api/v1/auth/sign-in-link': PUBLIC,
  'POST /api/v1/auth/sign-in-link/redeem': PUBLIC,
  'POST /api/v1/portal/links': ['client'],
  'GET /api/v1/portal/booking': ['client'],
  'GET /api/v1/portal/forms': ['client'],
  'GET /api/v1/portal/records': ['client'],
  'GET /api/v1/public-page': OWNER,
  'PUT /api/v1/public-page': OWNER,
  'GET /api/v1/public/{slug}': PUBLIC,
  'GET /api/v1/public/{slug}/slots': PUBLIC,
  'POST /api/v1/public/{slug}/intake-requests': PUBLIC,
  'POST /api/v1/portal/record-requests': ['client'],
  'GET /api/v1/portal/documents/{id}': ['client'],
  'GET /api/v1/record-requests': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/record-requests/{id}/deliver': ['owner', 'clinician', 'supervisor'],
  'PUT /api/v1/documents/{id}/sharing': ['owner', 'clinician', 'supervisor'],
  'POST /api/v1/portal/consents/{kind}/sign': ['client'],
  'POST /api/v1/portal/questionnaires/{id}/link': ['client'],
  'GET /api/v1/portal/slots': ['client'],
  'POST /api/v1/portal/appointments': ['client'],
  'POST /api/v1/portal/appointments/{id}/reschedule': ['client'],
  'POST /api/v1/portal/appointments/{id}/cancel': ['client'],
  'GET /api/v1/portal/threads': ['client'],
  'POST /api/v1/portal/threads': ['client'],
  'GET /api/v1/portal/threads/{id}': ['client'],
  'POST /api/v1/portal/threads/{id}/messages': ['client'],
  'GET /api/v1/portal/threads/{id}/messages/{message_id}/attachment': ['client'],
  'GET /api/v1/threads': STAFF,
  'GET /api/v1/threads/unread': STAFF,
  'POST /api/v1/clients/{id}/threads': STAFF,
  'GET /api/v1/threads/{id}': STAFF,
  'POST /api/v1/threads/{id}/messages': STAFF,
  'POST /api/v1/threads/{id}/close': STAFF,
  'POST /api/v1/threads/{id}/reopen': STAFF,
  'PUT /api/v1/threads/{id}/assignee': STAFF,
  'POST /api/v1/threads/{id}/file': ['owner', 'clinician', 'supervisor'],
  'GET /api/v1/threads/{id}/messages/{message_id}/attachment': STAFF,
  'POST /api/v1/telehealth/links/{token}/enter': PUBLIC,
  'GET /api/v1/appointments/{id}/visit': STAFF,
};
// Routes whose call would change the caller's own session; checked for authorisation with a body
// that fails validation instead, so the walk can go on.
const SAFE_BODY = { 'POST /api/v1/auth/mfa/confirm': { totp: '' }, 'PATCH /api/v1/practice': {}, 'POST /api/v1/auth/login': { bad: 1 } };

describe(`route × role policy (${ENGINE})`, () => {
  let server;
  const clients = {};
  before(async () => {
    server = await startServer();
    for (const role of ALL) clients[role] = await signedIn(server.url, DEMO[role]);
  });
  after(async () => server?.stop());

  it('has a grid row for every documented route', async () => {
    const doc = (await new Client(server.url).request('GET', '/api/v1/openapi.json')).json;
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    for (const key of documented) assert.ok(key in GRID, `${key} has no row in the policy grid`);
    for (const key of Object.keys(GRID)) assert.ok(documented.includes(key), `${key} is in the grid but not served`);
  });

  it('allows and denies each route for each role as the grid says', async () => {
    for (const [key, allowed] of Object.entries(GRID)) {
      const [method, pattern] = key.split(' ');
      if (key === 'POST /api/v1/auth/logout' || key === 'POST /api/v1/auth/mfa/enroll') continue; // checked below
      const path = pattern.replace(/\{[^}]+\}/g, 'does-not-exist');
      for (const role of ALL) {
        const body = SAFE_BODY[key] ?? (method === 'GET' ? undefined : {});
        const res = await clients[role].request(method, path, { body });
        const denied = res.status === 403 && !/two-step/.test(res.json?.detail ?? '');
        const shouldAllow = allowed === PUBLIC || allowed.includes(role);
        assert.equal(!denied, shouldAllow, `${key} as ${role}: ${res.status} ${res.json?.detail ?? ''}`);
        assert.ok(res.status < 500, `${key} as ${role} must not fail: ${res.status}`);
      }
      if (allowed !== PUBLIC) {
        const anonymous = await new Client(server.url).request(method, path, { body: SAFE_BODY[key] ?? (method === 'GET' ? undefined : {}) });
        assert.equal(anonymous.status, 401, `${key} anonymous`);
      }
    }
    // Enrolment and sign-out are open to every signed-in role (demo users enrol only if they choose).
    for (const role of ALL) {
      assert.notEqual((await clients[role].request('POST', '/api/v1/auth/mfa/enroll')).status, 403, `enroll as ${role}`);
      assert.equal((await clients[role].request('POST', '/api/v1/auth/logout')).status, 204, `logout as ${role}`);
    }
  });
});
