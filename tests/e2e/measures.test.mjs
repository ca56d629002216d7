// A PHQ-9 in the browser: the client fills it on the link from their e-mail (a phone-sized window);
// item 9 above zero raises the alert on the clinician's home page at once, without a reload; the
// chart shows the score over time with its band.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, signedIn, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

describe('measures in the browser', () => {
  let server;
  const browsers = [];
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  });
  const open = async (viewport) => {
    const b = await launch({ timezoneId: 'America/New_York' });
    browsers.push(b);
    const page = await b.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    return page;
  };

  it('alerts the clinician the moment a PHQ-9 comes back with item 9 above zero', async () => {
    const therapist = await signedIn(server.url, DEMO.clinician);
    const alex = (await therapist.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === 'Alex');
    const sent = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures`, { body: { instrument: 'phq9' } });
    assert.equal(sent.status, 201, sent.text);

    const clinician = await open();
    await signIn(clinician, server.url, DEMO.clinician);
    await clinician.getByTestId('home-greeting').waitFor();
    assert.equal(await clinician.getByTestId('clinical-alerts').count(), 0, 'nothing to see yet');

    const phone = await open({ width: 390, height: 844 });
    await phone.goto(server.url + sent.json.path);
    await phone.getByText('Over the last 2 weeks, how often have you been bothered by any of the following problems?').waitFor();
    assert.deepEqual(await seriousViolations(phone), [], 'the questionnaire is accessible');
    const groups = phone.getByRole('radiogroup');
    assert.equal(await groups.count(), 10, 'nine questions and the difficulty question');
    for (let i = 0; i < 8; i++) await groups.nth(i).getByRole('radio', { name: i < 2 ? 'More than half the days' : 'Several days' }).check();
    await groups.nth(8).getByRole('radio', { name: 'Several days' }).check(); // item 9: thoughts of being better off dead or of self-harm
    await groups.nth(9).getByRole('radio', { name: 'Somewhat difficult' }).check();
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByText('Your answers were sent to your care team.').waitFor();
    assert.equal(await phone.getByText(/\b1[0-9]\b.*moderate/).count(), 0, 'the client is not shown a score');

    // The clinician's open home page shows it without a reload.
    const alert = clinician.getByTestId('clinical-alerts');
    await alert.getByText(/Alex Morgan/).waitFor({ timeout: 10_000 });
    await alert.getByText(/question 9/).waitFor();
    assert.deepEqual(await seriousViolations(clinician), []);

    await alert.getByRole('link', { name: /Alex Morgan/ }).click();
    await clinician.getByRole('tab', { name: 'Measures' }).click();
    const card = clinician.getByTestId('measure-phq9');
    await card.getByText('Latest:').waitFor();
    assert.match(await card.innerText(), /Latest: 11 \(moderate\)/);
    await card.getByText('item 9 above zero').waitFor();
  });
});
