// Writing a note in the browser: from a video visit's panel in the calendar, the SOAP note opens with
// the telehealth facts pre-filled (platform, where the client said they were); it saves as you type;
// signing names the missing required fields, then locks the note; an addendum is added; a biller
// cannot open it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, signedIn, startServer } from '../lib/server.mjs';
import { launch, middayZone, seriousViolations, signIn } from './browser.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('notes in the browser', () => {
  let server;
  let browser;
  let page;
  let visit;
  before(async () => {
    server = await startServer();
    const owner = await signedIn(server.url, DEMO.owner);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const therapist = await signedIn(server.url, DEMO.clinician);
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const alex = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === 'Alex');
    const service = (await owner.request('GET', '/api/v1/services')).json.items.find((s) => s.cpt_code === '90834');
    const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: service.id,
      mode: 'video', start: iso(Date.now() + 5 * 60_000), override_reason: 'notes test at any hour' } });
    assert.equal(res.status, 201, res.text);
    visit = res.json;
    assert.equal((await therapist.request('POST', `/api/v1/appointments/${visit.id}/telehealth/join`, { body: { location_state: 'OH' } })).status, 200);
    // A zone where it is midday: the visit in five minutes is in this week's calendar at any hour of the run.
    browser = await launch({ timezoneId: middayZone() });
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('writes a SOAP note for a video visit with the telehealth facts pre-filled, signs it and adds an addendum', async () => {
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByTestId('calendar-main').waitFor();
    const event = page.locator('[data-testid=calendar-main] .fc-event', { hasText: 'Alex Morgan' }).first();
    await event.scrollIntoViewIfNeeded();
    await event.click();
    await page.getByRole('button', { name: 'Write note' }).click();

    const facts = page.getByTestId('visit-facts');
    await facts.waitFor();
    await facts.getByText('Video', { exact: true }).first().waitFor();
    await facts.getByText(/Duet video/).waitFor();
    await facts.getByText('Ohio').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the note editor is accessible');

    await page.getByLabel('What the client reports').fill('Reports better sleep; practised the breathing exercise daily.');
    await page.getByTestId('save-status').filter({ hasText: /Saved/ }).waitFor();

    await page.getByRole('button', { name: 'Sign and lock' }).click();
    await page.getByText('Fill the required fields before signing.').waitFor();
    await page.getByText('Observations and mental status is required before signing.').waitFor();

    await page.getByLabel('Observations and mental status').fill('Alert and engaged on video; affect brighter.');
    await page.getByRole('combobox', { name: /^Risk of harm/ }).click();
    await page.getByRole('option', { name: 'None reported' }).click();
    await page.getByLabel('Clinical assessment').fill('Anxiety improving with skills practice.');
    await page.getByLabel('Plan and homework').fill('Continue weekly; next visit in person.');
    await page.getByTestId('save-status').filter({ hasText: /Saved/ }).waitFor();
    await page.getByRole('button', { name: 'Sign and lock' }).click();
    const signature = page.getByTestId('signature');
    await signature.getByText(/Signed by/).waitFor();
    assert.match(await signature.innerText(), /Rowan Stone/);
    assert.equal(await page.getByRole('button', { name: 'Sign and lock' }).count(), 0, 'a signed note is locked');

    await page.getByLabel('Add an addendum').fill('Client e-mailed: sleep log attached to the chart.');
    await page.getByRole('button', { name: 'Add addendum' }).click();
    await page.getByTestId('addendum').getByText('Client e-mailed: sleep log attached to the chart.').waitFor();

    // A biller cannot open it.
    const url = page.url();
    await signIn(page, server.url, DEMO.biller);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(url);
    await page.getByRole('alert').filter({ hasText: /does not allow/ }).waitFor();
  });
});
