// Payouts in a real browser: the owner edits the therapist's plan and opens last week's closed run (the
// demo's five held and signed visits) with its payroll file; the therapist reads their pay in "My pay"
// and asks about a line; axe finds no serious violations on either page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

describe('payouts in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ demo: false, args: ['--demo', '--demo-visits'] });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the owner edit a plan and open last week\'s run with its payroll file', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.owner);
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('link', { name: 'Payouts' }).click();
    await page.getByRole('heading', { name: 'Compensation plans' }).waitFor();
    await page.getByRole('row', { name: /Rowan Stone/ }).getByRole('button', { name: 'Plan' }).click();
    const plan = page.getByRole('dialog', { name: /Compensation plan/ });
    await plan.getByText(/Late cancellations: \$25\.00/).waitFor();
    await plan.getByRole('button', { name: 'Add a rate' }).click();
    await plan.getByLabel('Per visit ($)').last().fill('72');
    await plan.getByRole('button', { name: 'Save the plan' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the plan.' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('row', { name: /Closed/ }).getByRole('button', { name: 'Open' }).click();
    const run = page.getByTestId('payout-run');
    await run.waitFor();
    await page.waitForFunction(() => /\$335\.00/.test(document.querySelector('[data-testid=payout-run]')?.innerText ?? ''));
    assert.match(await run.innerText(), /Rowan Stone/);
    await page.getByRole('link', { name: 'Payroll file (CSV)' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('lets the therapist read their pay and ask about a line', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('link', { name: 'My pay' }).click();
    const statement = page.getByTestId('pay-statement');
    await statement.waitFor();
    assert.equal(await statement.getByTestId('statement-total').innerText(), '$335.00');
    assert.match(await statement.innerText(), /5 paid · 0 held/);
    assert.doesNotMatch(await statement.innerText(), /Alex|Jamie|Casey|Taylor|Morgan/, 'initials only');
    assert.deepEqual(await seriousViolations(page), []);
    await statement.getByRole('button', { name: 'Ask about this' }).first().click();
    const ask = page.getByRole('dialog', { name: 'Ask about this line' });
    await ask.getByLabel('Your question').fill('Is the in-person rate different?');
    await ask.getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => /Question \(.*\): Is the in-person rate different\?/.test(document.querySelector('[data-testid=pay-statement]')?.innerText ?? ''));
    await page.close();
  });
});
