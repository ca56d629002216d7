// The books in a real browser: the front desk opens a self-pay client's chart, sees what they owe in
// the Billing tab, takes a payment by card terminal that leaves credit, and refunds part of it; axe
// finds no serious violations there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, demoClient, signedIn, signSoapNote, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

describe('the books in the browser', () => {
  let server;
  let browser;
  let client;
  let fee;
  before(async () => {
    // A fixed clock (mid-morning in the clinician's zone): the visit six hours on is still today there, so
    // the superbill and the invoice of "up to today" hold it whatever the hour the test runs.
    server = await startServer({ args: ['--clock', 'fixed:2026-12-02T14:00:00Z'] });
    browser = await launch();
    const owner = await signedIn(server.url, DEMO.owner);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const alex = await demoClient(owner, 'Alex');
    client = (await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Robin', family_name: 'Vale', birth_date: '1988-07-01',
      email: 'robin.vale@client.example.com', location_state: alex.location_state, time_zone: alex.time_zone, clinician_ids: [rowan.id],
      insurance_status: 'uninsured', diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true }] } })).json;
    const start = '2026-12-02T20:00:00Z';
    const visit = (await owner.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: client.id, service_id: service.id,
      mode: 'video', start, override_reason: 'e2e ledger at any hour' } })).json;
    await signSoapNote(await signedIn(server.url, DEMO.clinician), client.id, visit.id);
    fee = (await owner.request('GET', `/api/v1/appointments/${visit.id}/charge`)).json.fee;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the front desk take a payment, refund part of it and print a superbill', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.front_desk);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${client.id}?tab=billing`);
    const owes = page.getByTestId('client-owes');
    await owes.waitFor();
    const dollars = (cents) => `$${(cents / 100).toFixed(2)}`;
    assert.equal(await owes.innerText(), dollars(fee));
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Take a payment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Amount ($)').fill(String((fee + 2000) / 100));
    await dialog.getByLabel('Reference').fill('T-5521');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await page.getByRole('status').filter({ hasText: `Payment of ${dollars(fee + 2000)} recorded.` }).waitFor();
    // The account reloads after the save: wait for its new figures.
    const shows = (pattern) => page.waitForFunction((p) => new RegExp(p).test(document.querySelector('[data-testid=ledger]')?.innerText ?? ''), pattern);
    await shows('Client owes\\s*\\$0\\.00');
    await shows('Credit on account\\s*\\$20\\.00');
    await page.getByRole('button', { name: /^Refund the payment of/ }).click();
    const refund = page.getByRole('dialog');
    await refund.getByLabel(/^Amount/).fill('15');
    await refund.getByLabel('Why').fill('Overpaid at the desk');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await page.getByRole('status').filter({ hasText: /Refunded;/ }).waitFor();
    await shows('Credit on account\\s*\\$5\\.00');
    assert.match(await page.getByTestId('entries').innerText(), /Refund[\s\S]*Overpaid at the desk/i);
    // The superbill of this year, for the client's own claim.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Superbill (PDF)' }).click()]);
    const pdf = await download.createReadStream().then((s) => new Promise((resolve) => { const parts = []; s.on('data', (d) => parts.push(d)); s.on('end', () => resolve(Buffer.concat(parts))); }));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('lets the front desk issue a Good Faith Estimate drafted from the bookings, and an invoice', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.front_desk);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${client.id}?tab=billing`);
    const estimates = page.getByTestId('estimates');
    await estimates.waitFor();
    await estimates.getByRole('button', { name: 'Draft an estimate' }).click();
    const draft = page.getByRole('dialog', { name: /Good Faith Estimate/ });
    await draft.getByText(/Total estimated/).waitFor();
    assert.match(await draft.innerText(), /90834/);
    assert.deepEqual(await seriousViolations(page), []);
    await draft.getByRole('button', { name: 'Issue the estimate' }).click();
    await page.getByRole('status').filter({ hasText: /Good Faith Estimate GFE-\d{6} issued/ }).waitFor();
    await draft.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => /GFE-\d{6}/.test(document.querySelector('[data-testid=estimates] table')?.innerText ?? ''));
    const invoices = page.getByTestId('invoices');
    await invoices.getByRole('button', { name: 'Issue an invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue an invoice' });
    await dialog.getByRole('button', { name: 'Issue' }).click();
    await page.getByRole('status').filter({ hasText: /Invoice INV-\d{6} issued/ }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => /INV-\d{6}/.test(document.querySelector('[data-testid=invoices] table')?.innerText ?? ''));
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });
});
