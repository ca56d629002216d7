// The directory in a real browser: find and create a client, add a license and watch the map change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

async function signInHome(page, base, email) {
  await signIn(page, base, email);
  await page.getByTestId('home-greeting').waitFor();
}

async function choose(page, label, typed, option) {
  // Required fields carry a " *" after the label text.
  const pattern = new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s*\\*?$`);
  const input = page.getByRole('dialog').getByLabel(pattern);
  await input.click();
  await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe('directory in the browser', () => {
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

  it('shows the owner the licenses about to expire on the home page', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.owner);
    const list = page.getByTestId('expiring-licenses');
    await list.waitFor();
    const text = await list.innerText();
    assert.match(text, /Rowan Stone: Colorado license expires/);
    assert.match(text, /Jordan Ellis: Utah license expires/);
    await page.close();
  });

  it('finds clients from the header search and creates a new one with field-level errors first', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.front_desk);
    await page.getByRole('textbox', { name: 'Find a client' }).fill('bro');
    await page.keyboard.press('Enter');
    const rows = page.getByTestId('client-list').locator('tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=client-list] tbody tr').length === 2);
    assert.deepEqual((await rows.allInnerTexts()).map((t) => t.split('\t')[0]).sort(), ['Finley “Finn” Brooks', 'Taylor “Tay” Brooks']);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'New client' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Legal first name').fill('Robin');
    await dialog.getByLabel('Legal last name').fill('Vasquez');
    await dialog.getByRole('textbox', { name: 'E-mail' }).fill('robin.v@client.example.com');
    await dialog.getByLabel('Phone').first().fill('555');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await dialog.getByText('Enter a 10-digit US phone number like (555) 201-0134.').waitFor();
    assert.equal(await dialog.getByText('Required: the state where the client usually is.').count(), 1);

    await dialog.getByLabel('Phone').first().fill('(720) 555-0142');
    // A date of birth in the future is kept in the field and the server says why it is refused.
    await dialog.getByLabel('Date of birth').fill('2031-05-01');
    await dialog.getByLabel('Date of birth').press('Tab');
    await choose(page, 'Usual location (state)', 'Colo', 'Colorado (CO)');
    await choose(page, 'Time zone', 'Denver', 'America/Denver');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await dialog.getByText('The date of birth cannot be in the future.').waitFor();
    assert.equal(await dialog.getByLabel('Date of birth').inputValue(), '2031-05-01');
    await dialog.getByLabel('Date of birth').fill('1988-02-29');
    await dialog.getByLabel('Date of birth').press('Tab');
    await dialog.getByRole('button', { name: 'Add client' }).click();
    await page.getByTestId('chart-name').waitFor();
    assert.equal(await page.getByTestId('chart-name').innerText(), 'Robin Vasquez');
    assert.match(await page.locator('main').innerText(), /born Feb 29, 1988 .* usually in Colorado/);
    assert.equal(await page.getByText('Diagnoses', { exact: true }).count(), 0, 'front desk does not see diagnoses');
    await page.close();
  });

  it('adds a license and the map changes', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clinicians' }).click();
    await page.getByRole('link', { name: 'Rowan Stone' }).click();
    const tx = page.getByTestId('tile-TX');
    await tx.waitFor();
    assert.equal(await tx.getAttribute('data-coverage'), 'none');
    assert.equal(await page.getByTestId('tile-OH').getAttribute('data-coverage'), 'license');
    assert.equal(await page.getByTestId('tile-AZ').getAttribute('data-coverage'), 'compact');
    assert.equal(await page.getByTestId('tile-CO').getAttribute('data-coverage'), 'expiring');
    await tx.click();
    assert.match(await page.getByTestId('state-detail').innerText(), /No Texas license or compact privilege/);
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Add license or privilege' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, 'State', 'Texas', 'Texas (TX)');
    await dialog.getByLabel('License number').fill('TX-LPC-90210');
    await dialog.getByLabel('Expires').fill('2029-12-31');
    await dialog.getByLabel('Expires').press('Tab');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=tile-TX]')?.getAttribute('data-coverage') === 'license');
    assert.match(await page.getByTestId('coverage-list').innerText(), /Texas/);

    // In person the PSYPACT-style rules do not apply to a counselor; the licensed states stay the same.
    await page.getByRole('radiogroup', { name: 'Mode' }).getByText('In person', { exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=tile-TX]')?.getAttribute('data-coverage') === 'license');
    await page.close();
  });

  it('lets the owner record that a compact started issuing in a state, with its source', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Interstate compacts' }).click();
    const table = page.getByTestId('compact-table');
    await table.waitFor();
    const nc = table.locator('tr', { hasText: 'North Carolina' });
    assert.match(await nc.innerText(), /not operational/);
    await page.getByRole('button', { name: 'Update North Carolina' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Operational since').fill('2026-10-01');
    await dialog.getByLabel('Operational since').press('Tab');
    await dialog.getByLabel('Source').fill('Counseling Compact Commission map (synthetic test)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction(() => /Oct 1, 2026/.test(document.querySelector('[data-testid=compact-table]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelectorAll('[role=dialog], .mantine-Modal-overlay').length === 0);  // faded out
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('lets the owner add a clinician, checking the NPI', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.owner);
    await page.goto(server.url + '/clinicians');
    await page.getByRole('button', { name: 'Add clinician' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^First name/).fill('Kai');
    await dialog.getByLabel(/^Last name/).fill('Moreno');
    await choose(page, 'Discipline', 'Physical', 'Physical therapy');
    await dialog.getByLabel('NPI').fill('1234567890');
    await choose(page, 'Home state', 'Missouri', 'Missouri (MO)');
    await choose(page, 'Time zone', 'Chicago', 'America/Chicago');
    await dialog.getByRole('button', { name: 'Add clinician' }).click();
    await dialog.getByText(/not a valid NPI/).waitFor();
    await dialog.getByLabel('NPI').fill('1234567893');
    await dialog.getByRole('button', { name: 'Add clinician' }).click();
    await page.getByRole('heading', { name: 'Kai Moreno' }).waitFor();
    assert.match(await page.locator('main').innerText(), /No licenses on file/);
    await page.close();
  });

  it('never paints a slow answer for an earlier search over a later one', async () => {
    const page = await browser.context.newPage();
    await signInHome(page, server.url, DEMO.front_desk);
    // The answer for "Taylor" is held back until after the answer for "Finley" has been shown.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let heldAsked = false;
    await page.route((url) => url.pathname === '/api/v1/clients' && url.searchParams.get('q') === 'Taylor', async (route) => {
      heldAsked = true;
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/clients`);
    const search = page.getByRole('textbox', { name: 'Search clients' });
    await search.fill('Taylor');
    for (let i = 0; i < 60 && !heldAsked; i++) await page.waitForTimeout(50);
    assert.ok(heldAsked, 'the search for Taylor was sent');
    const later = page.waitForResponse((r) => r.url().includes('q=Finley'));
    await search.fill('Finley');
    await later;
    const firstColumn = async () => (await page.getByTestId('client-list').locator('tbody tr').allInnerTexts()).map((t) => t.split('\t')[0]);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=client-list] tbody tr').length === 1);
    assert.deepEqual(await firstColumn(), ['Finley “Finn” Brooks']);
    const answered = page.waitForResponse((r) => r.url().includes('q=Taylor'));
    release();
    await answered;
    await page.waitForTimeout(200);  // time for a stale answer to paint, were it not dropped
    assert.deepEqual(await firstColumn(), ['Finley “Finn” Brooks']);
    await page.close();
  });
});
