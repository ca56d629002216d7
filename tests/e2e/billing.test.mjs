// Billing in a real browser: the biller adapts a payer's claim settings in Settings → Payers, checks
// how a video visit that dropped to audio is coded under that payer (lines with their reasons), and
// records a clinician's credentialing with a payer; axe finds no serious violations on these screens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, demoVideoVisit, signedIn, signSoapNote, startServer } from '../lib/server.mjs';
import { era } from '../lib/x12.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

describe('billing in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launch();
    // A video visit of Alex with Rowan Stone, its SOAP note signed: the visit's charge exists.
    const { visit, alex } = await demoVideoVisit(await signedIn(server.url, DEMO.owner), 'e2e at any hour');
    await signSoapNote(await signedIn(server.url, DEMO.clinician), alex.id, visit.id);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the biller change a payer and check a visit\'s coding under it', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.biller);
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Payers' }).click();
    const table = page.getByTestId('payer-table');
    await table.waitFor();
    assert.match(await table.innerText(), /Medicare Part B/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Edit State Medicaid plan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Timely filing (days after the visit)').fill('120');
    await dialog.getByRole('button', { name: 'Save payer' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved State Medicaid plan.' }).waitFor();
    // The table reloads after the notice: wait for the row to say it (a busy machine answers later).
    await table.getByRole('row', { name: /State Medicaid plan/ }).getByText('120 days').waitFor();
    // The practice as the billing provider: a wrong NPI is named, a right one is kept.
    await page.getByLabel('NPI').fill('1234567890');
    await page.getByRole('button', { name: 'Save billing provider' }).click();
    await page.getByText('Ten digits with a valid check digit.').waitFor();
    await page.getByLabel('NPI').fill('1234567893');
    await page.getByRole('button', { name: 'Save billing provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // The practice's fee for late cancellations.
    const fees = page.getByTestId('visit-fees');
    await fees.getByLabel('Late cancellation ($)').first().fill('40');
    await fees.getByRole('button', { name: 'Save the fee policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the fee policy.' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('link', { name: 'Billing' }).click();
    // The signed visit's charge: ready to claim (or to review, with its reasons), with Aetna and the copay.
    await page.getByTestId('charge-list').or(page.getByText('Nothing to review')).first().waitFor();
    if (!(await page.getByTestId('charge-list').isVisible())) await page.locator('label', { hasText: 'Ready to claim' }).click();
    const charges = page.getByTestId('charge-list');
    await charges.waitFor();
    assert.match(await charges.innerText(), /Alex[\s\S]*Aetna[\s\S]*9083\d-95[\s\S]*\$25\.00/);
    await charges.locator('tbody tr').first().click();
    await page.getByTestId('charge-detail').waitFor();
    assert.match(await page.getByTestId('charge-detail').innerText(), /POS 10/);
    // The biller voids it, with the reason; it leaves the list.
    await page.getByTestId('charge-detail').getByLabel('Why').fill('Booked twice by mistake');
    await page.getByRole('button', { name: 'Void this charge' }).click();
    await page.getByTestId('charge-detail').waitFor({ state: 'detached' });
    assert.doesNotMatch(await page.locator('main').innerText(), /Alex[^\n]*Aetna/);

    await page.getByLabel('Or a CPT code').fill('90834');
    await page.getByLabel('Face-to-face minutes').fill('43');
    await page.locator('label', { hasText: 'Audio only' }).last().click();
    await page.getByLabel('Minutes on video before it dropped to audio').fill('12');
    const lines = page.getByTestId('coding-lines');
    await page.waitForFunction(() => document.querySelector('[data-testid=coding-lines] tbody td:nth-child(3)')?.textContent === '93');
    const cells = await lines.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 4), ['90834', '1', '93', '10']);
    const notes = await page.getByTestId('coding-notes').innerText();
    assert.match(notes, /video 12 minutes, audio only 31 minutes → coded as audio only, modifier 93/);
    // Under the Medicaid plan the place of service is 11 with the modifier.
    await page.getByRole('textbox', { name: 'Payer', exact: true }).or(page.locator('input[placeholder="Common defaults"]')).first().click();
    await page.getByRole('option', { name: 'State Medicaid plan' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=coding-lines] tbody td:nth-child(4)')?.textContent === '11');
    assert.deepEqual(await seriousViolations(page), []);

    // Credentialing: the biller records that Rowan Stone's Medicare enrollment is pending.
    await page.getByRole('link', { name: 'Clinicians' }).click();
    await page.getByRole('link', { name: 'Rowan Stone' }).click();
    const networks = page.getByTestId('payer-networks');
    await networks.waitFor();
    await page.locator('input[aria-label="Network status with Medicare Part B"]').click();
    await page.getByRole('option', { name: 'Pending' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=payer-networks] input')]
      .some((i) => i.getAttribute('aria-label') === 'Network status with Medicare Part B' && i.value === 'Pending'));
    await page.reload();
    await networks.waitFor();
    assert.equal(await page.locator('input[aria-label="Network status with Medicare Part B"]').inputValue(), 'Pending', 'saved on the server');
    assert.equal(await page.locator('input[aria-label="Network status with Aetna"]').inputValue(), 'In network');
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('lets the biller claim a charge, send the 837P file and post the payer\'s ERA', async () => {
    // A second signed visit, three hours on: its charge is ready to claim.
    const owner = await signedIn(server.url, DEMO.owner);
    const { visit, alex } = await demoVideoVisit(owner, 'e2e claim at any hour', 180);
    await signSoapNote(await signedIn(server.url, DEMO.clinician), alex.id, visit.id);
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.biller);
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('link', { name: 'Billing' }).click();
    // The overview: the figures of the last weeks, by payer (the first test's voided charge is left out).
    await page.getByTestId('payer-totals').waitFor();
    await page.getByTestId('aging').getByText(/Clients owe/).waitFor();
    assert.match(await page.getByTestId('unbilled').innerText(), /Visits not yet billable/);
    await page.locator('label', { hasText: 'Ready to claim' }).click();
    const box = page.getByRole('checkbox', { name: /^Claim Alex/ });
    await box.check();
    await page.getByRole('button', { name: 'Claim 1 selected' }).click();
    const made = page.getByRole('status').filter({ hasText: /Claim file \d+ made with 1 claim/ });
    await made.waitFor();
    const link = made.getByRole('link', { name: 'Download the 837P file' });
    const x12 = await (await page.request.get(new URL(await link.getAttribute('href'), server.url).href)).text();
    assert.match(x12, /^ISA\*/);
    assert.match(x12, /CLM\*DU\d{8}\*/);
    const files = page.getByTestId('claim-files');
    await files.getByRole('button', { name: /^Mark file \d+ sent$/ }).click();
    await files.getByRole('button', { name: /^Mark file/ }).waitFor({ state: 'detached' });
    const claims = page.getByTestId('claim-list');
    await claims.getByText('Sent').waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    // The payer pays part: the ERA is previewed claim by claim, then posted.
    const number = x12.match(/CLM\*(DU\d{8})\*([\d.]+)/);
    const fee = Math.round(Number(number[2]) * 100);
    const file = era({ trace: 'EFT-E2E', claims: [{ number: number[1], charged: fee, paid: fee - 3000, patient: 2500, payerClaim: 'PCN-E2E',
      lines: [{ cpt: x12.match(/SV1\*HC:(\d{5})/)[1], modifiers: ['95'], charged: fee, paid: fee - 3000, ref: '1', adjustments: [['PR', '2', 2500], ['CO', '45', 500]] }] }] });
    await page.locator('input[type=file]').setInputFiles({ name: 'aetna.835', mimeType: 'application/edi-x12', buffer: Buffer.from(file) });
    const preview = page.getByTestId('era-preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /1 to post[\s\S]*Partly paid[\s\S]*PR 2: coinsurance/i);
    await preview.getByRole('button', { name: 'Post 1 payment' }).click();
    await page.getByRole('status').filter({ hasText: 'Posted 1 payment from AETNA' }).waitFor();
    assert.match(await page.getByTestId('era-history').innerText(), /EFT-E2E/);
    await page.locator('label', { hasText: 'Rejected or denied' }).click();
    await claims.getByText('Partly paid').waitFor();
    await claims.locator('tbody tr').first().click();
    const detail = page.getByTestId('claim-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /PCN-E2E[\s\S]*Partly paid/i);
    // The claim on paper: a CMS-1500 PDF.
    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('link', { name: 'CMS-1500 (PDF)' }).click()]);
    const pdf = await download.createReadStream().then((s) => new Promise((resolve) => { const parts = []; s.on('data', (d) => parts.push(d)); s.on('end', () => resolve(Buffer.concat(parts))); }));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });
});
