// Billing in a real browser: the biller adapts a payer's claim settings in Settings → Payers, checks
// how a video visit that dropped to audio is coded under that payer (lines with their reasons), and
// records a clinician's credentialing with a payer; axe finds no serious violations on these screens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

describe('billing in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launch();
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
    assert.match(await table.innerText(), /State Medicaid plan[\s\S]*120 days/);

    await page.getByRole('link', { name: 'Billing' }).click();
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
});
