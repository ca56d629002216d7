// The client's portal in a phone-sized window: the demo client books a video visit from the open
// times (service, mode with its fee, where they will be, a time), sees it on their page, moves it, and
// cancels it — every step accessible. The owner opens a new service to client booking in Settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, signedIn, startServer, totpAt } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

/** For one describe block: a demo server and the browsers opened on it (New York time), closed after it. */
function demoSuite() {
  const suite = { server: null, browsers: [] };
  before(async () => {
    suite.server = await startServer();
  });
  after(async () => {
    for (const b of suite.browsers) await b.close();
    await suite.server?.stop();
  });
  /** A page in a new browser, sized to `viewport` when given. */
  suite.open = async (viewport) => {
    const b = await launch({ timezoneId: 'America/New_York' });
    suite.browsers.push(b);
    const page = await b.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    return page;
  };
  return suite;
}

describe('the client portal in the browser', () => {
  const s = demoSuite();

  it('books, moves and cancels a video visit on a phone', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    await phone.getByRole('heading', { name: /^Hello, / }).waitFor();
    assert.deepEqual(await seriousViolations(phone), [], 'the portal home is accessible');

    await phone.getByRole('button', { name: 'Book a visit' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Book a visit' });
    await dialog.getByRole('radio', { name: /Psychotherapy, 45 minutes/ }).check();
    await dialog.getByRole('radio', { name: /Video · \$125\.00/ }).check();
    await dialog.getByLabel(/Where you will be/).first().waitFor();
    const times = dialog.locator('section[aria-label] button');
    await times.first().waitFor();
    assert.deepEqual(await seriousViolations(phone), [], 'the booking dialog is accessible');
    const chosen = await times.first().getAttribute('aria-label');
    await times.first().click();
    await dialog.getByText('Fee: $125.00').waitFor();
    await dialog.getByRole('button', { name: 'Book it' }).click();
    const booked = phone.getByRole('status').filter({ hasText: /^Booked: / });
    await booked.waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // On the page, with what the client may do with it.
    const when = chosen.split(' with ')[0];
    const card = phone.getByRole('listitem', { name: `Video visit, ${when}` });
    await card.waitFor();
    await card.getByRole('button', { name: 'Cancel visit' }).waitFor();

    // Move it, when it is more than a day away; then cancel it (a late one asks for the fee first).
    if (await card.getByRole('button', { name: 'Reschedule' }).count()) {
      await card.getByRole('button', { name: 'Reschedule' }).click();
      const move = phone.getByRole('dialog', { name: 'Choose a new time' });
      const later = move.locator('section[aria-label] button');
      await later.first().waitFor();
      const target = await later.nth(1).getAttribute('aria-label');
      await later.nth(1).click();
      await phone.getByRole('status').filter({ hasText: 'Your visit was changed.' }).waitFor();
      await move.waitFor({ state: 'hidden' });
      await phone.getByRole('listitem', { name: `Video visit, ${target.split(' with ')[0]}` }).waitFor();
    }
    const moved = phone.getByRole('listitem', { name: /^Video visit, / }).filter({ has: phone.getByRole('button', { name: 'Cancel visit' }) }).first();
    await moved.getByRole('button', { name: 'Cancel visit' }).click();
    const confirm = phone.getByRole('dialog', { name: 'Cancel this visit?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel it' }).waitFor();
    await phone.waitForTimeout(400); // the dialog's opening transition (half-transparent text fails contrast)
    if (await confirm.getByRole('checkbox').count()) await confirm.getByRole('checkbox').check();
    assert.deepEqual(await seriousViolations(phone), [], 'the cancel dialog is accessible');
    await confirm.getByRole('button', { name: 'Cancel it' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await phone.getByRole('status').filter({ hasText: 'Your visit was changed.' }).waitFor();
  });

  it('lets the owner open a new service to client booking in Settings', async () => {
    const page = await s.open();
    await signIn(page, s.server.url, DEMO.owner);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(s.server.url + '/settings?tab=services');
    await page.getByRole('heading', { name: 'Services', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add a service' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a service' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Couples session, 60 min');
    await dialog.getByRole('textbox', { name: 'CPT code' }).fill('90847');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const toggle = page.getByRole('switch', { name: 'Clients may book Couples session, 60 min themselves' });
    assert.equal(await toggle.isChecked(), false, 'off until the owner opens it');
    await toggle.click({ force: true });
    const owner = await signedIn(s.server.url, DEMO.owner);
    for (let i = 0; i < 50; i++) {
      const s = (await owner.request('GET', '/api/v1/services')).json.items.find((x) => x.name === 'Couples session, 60 min');
      if (s?.client_bookable) break;
      await new Promise((r) => setTimeout(r, 100));
      if (i === 49) assert.fail('the switch did not save');
    }
    assert.deepEqual(await seriousViolations(page), [], 'the services settings are accessible');
  });

  it('holds a booking as a request when the practice confirms bookings first, and the front desk approves it on Today', async () => {
    const settings = await s.open();
    await signIn(settings, s.server.url, DEMO.owner);
    await settings.getByTestId('home-greeting').waitFor();
    await settings.goto(s.server.url + '/settings?tab=services');
    const approval = settings.getByRole('switch', { name: 'Confirm clients\' own bookings before they count' });
    await Promise.all([
      settings.waitForResponse((r) => r.url().endsWith('/api/v1/portal-settings') && r.request().method() === 'PUT' && r.ok()),
      approval.click({ force: true }),
    ]);

    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    await phone.getByRole('button', { name: 'Book a visit' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Book a visit' });
    await dialog.getByRole('radio', { name: /Psychotherapy, 45 minutes/ }).check();
    await dialog.getByRole('radio', { name: /Video · \$125\.00/ }).check();
    const times = dialog.locator('section[aria-label] button');
    await times.nth(3).click();
    await dialog.getByRole('button', { name: 'Book it' }).click();
    await phone.getByRole('status').filter({ hasText: /^Requested: / }).waitFor();
    await phone.getByText('Waiting for the practice to confirm').first().waitFor();

    const desk = await s.open();
    await signIn(desk, s.server.url, DEMO.front_desk);
    const request = desk.getByRole('group', { name: 'Request from Alex Morgan' });
    await request.waitFor();
    await desk.waitForTimeout(300);
    assert.deepEqual(await seriousViolations(desk), [], 'Today with a booking request is accessible');
    await request.getByRole('button', { name: 'Approve' }).click();
    await desk.getByText('No client is waiting for a confirmation.').waitFor();
    await phone.reload();
    await phone.getByRole('heading', { name: 'Coming up' }).waitFor();
    assert.equal(await phone.getByText('Waiting for the practice to confirm').count(), 0, 'confirmed');
  });

  it('fills the intake form on a phone, saved as it goes, with questions shown by earlier answers', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    const card = phone.locator('.mantine-Card-root').filter({ hasText: 'Intake questionnaire' });
    await card.getByRole('button', { name: 'Start' }).click();
    const form = phone.getByRole('dialog', { name: 'Intake questionnaire' });
    await form.getByRole('textbox', { name: 'What brings you to the practice now?' }).fill('Trouble sleeping since the move');
    await form.getByRole('radiogroup', { name: /Have you seen a therapist/ }).getByRole('radio', { name: 'No' }).check();
    assert.equal(await form.getByText('Which medications, and at what dose?').count(), 0, 'hidden until it applies');
    await form.getByRole('radiogroup', { name: /taking any medications/ }).getByRole('radio', { name: 'Yes' }).check();
    await form.getByRole('textbox', { name: 'Which medications, and at what dose?' }).fill('Melatonin 3 mg');
    await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await phone.waitForTimeout(400);
    assert.deepEqual(await seriousViolations(phone), [], 'the intake form is accessible');

    // Closed and opened again: the answers were kept.
    await form.getByRole('button', { name: 'Close' }).click();
    await card.getByRole('button', { name: 'Continue' }).click();
    await form.getByRole('textbox', { name: 'Which medications, and at what dose?' }).waitFor();
    assert.equal(await form.getByRole('textbox', { name: 'Which medications, and at what dose?' }).inputValue(), 'Melatonin 3 mg');

    await form.getByRole('button', { name: 'Send to the practice' }).click();
    await form.getByText('Some answers are missing').waitFor();
    await form.getByRole('radiogroup', { name: /thoughts of harming yourself/ }).getByRole('radio', { name: 'No', exact: true }).check();
    await form.getByRole('button', { name: 'Send to the practice' }).click();
    await phone.getByRole('status').filter({ hasText: 'sent to the practice' }).waitFor();
    await card.getByText(/^Sent /).waitFor();
  });

  it('shows a guardian their child\'s pages on a phone, as the front desk lets them', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, 'guardian@demo.example.com');
    await phone.getByRole('heading', { name: 'Emery\'s pages' }).waitFor();
    await phone.getByRole('heading', { name: 'Coming up' }).waitFor();
    assert.equal(await phone.getByRole('heading', { name: 'Your records' }).count(), 0, 'records are not shared by default');
    assert.deepEqual(await seriousViolations(phone), [], 'a guardian\'s page is accessible');

    const desk = await s.open();
    await signIn(desk, s.server.url, DEMO.front_desk);
    await desk.getByTestId('home-greeting').waitFor();
    const owner = await signedIn(s.server.url, DEMO.owner);
    const emery = (await owner.request('GET', '/api/v1/clients?q=Emery')).json.items[0];
    await desk.goto(`${s.server.url}/clients/${emery.id}?tab=pages`);
    const card = desk.getByRole('listitem', { name: 'Guardian Robin Walsh' });
    await card.waitFor();
    assert.deepEqual(await seriousViolations(desk), [], 'the chart\'s client pages tab is accessible');
    await Promise.all([
      desk.waitForResponse((r) => r.url().includes('/guardians/') && r.request().method() === 'PUT' && r.ok()),
      card.getByRole('checkbox', { name: 'Shared documents and results' }).check(),
    ]);

    await phone.reload();
    await phone.getByRole('heading', { name: 'Your records' }).waitFor();
  });

  it('reads the portal in Spanish on a phone, from the sign-in page to booking, and back', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    await phone.getByRole('heading', { name: /^Hello, / }).waitFor();
    await Promise.all([
      phone.waitForResponse((r) => r.url().endsWith('/api/v1/portal/language') && r.ok()),
      phone.getByLabel('Language').selectOption('es'),
    ]);
    await phone.getByRole('heading', { name: /^Hola, / }).waitFor();
    await phone.getByRole('heading', { name: 'Próximas' }).waitFor();
    assert.equal(await phone.evaluate(() => document.documentElement.lang), 'es', 'screen readers read it as Spanish');
    assert.deepEqual(await seriousViolations(phone), [], 'the Spanish page is accessible');
    await phone.getByRole('button', { name: 'Reservar una cita' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Reservar una cita' });
    await dialog.getByRole('radio', { name: /Psychotherapy, 45 minutes/ }).check();
    await dialog.getByRole('radio', { name: /Video · / }).check();
    await dialog.getByLabel('Dónde estará durante la cita').waitFor();
    await dialog.getByRole('button', { name: 'Cerrar' }).click();

    // Signed out, the device remembers; signed in again, the account's choice holds.
    await phone.getByRole('button', { name: 'Cerrar sesión' }).click();
    await phone.getByRole('heading', { name: 'Iniciar sesión en Duet' }).waitFor();
    assert.deepEqual(await seriousViolations(phone), [], 'the Spanish sign-in page is accessible');
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { name: 'Sign in to Duet' }).waitFor();
    await signIn(phone, s.server.url, DEMO.client);
    await phone.getByRole('heading', { name: /^Hola, / }).waitFor();

    // Back to English, for the rest of the demo.
    await Promise.all([
      phone.waitForResponse((r) => r.url().endsWith('/api/v1/portal/language') && r.ok()),
      phone.getByLabel('Idioma').selectOption('en'),
    ]);
    await phone.getByRole('heading', { name: /^Hello, / }).waitFor();
  });

  // Last in this block: the demo client signs in with a code from here on.
  it('lets a client turn on two-step sign-in from their page', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    const section = phone.getByRole('region', { name: 'Signing in' });
    await section.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    const dialog = phone.getByRole('dialog', { name: 'Set up two-step sign-in' });
    const secret = await dialog.getByTestId('totp-secret').innerText();
    assert.deepEqual(await seriousViolations(phone), [], 'the set-up dialog is accessible');
    await dialog.getByLabel('Verification code').fill(totpAt(secret, Date.now()));
    await dialog.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await section.getByText(/Two-step sign-in is on/).waitFor();
    // The page still works on the renewed session.
    await phone.getByRole('button', { name: 'Book a visit' }).click();
    await phone.getByRole('dialog', { name: 'Book a visit' }).waitFor();
  });
});

describe('secure messages in the browser', () => {
  const s = demoSuite();

  it('lets the client write to their therapist on a phone, and the therapist answer from the inbox', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await signIn(phone, s.server.url, DEMO.client);
    await phone.getByRole('heading', { name: 'Messages' }).waitFor();
    await phone.getByRole('button', { name: /^Worksheet from last session/ }).waitFor();
    await phone.getByRole('button', { name: 'Write a new message' }).click();
    const dialog = phone.getByRole('dialog', { name: 'New message' });
    await dialog.getByText('Messages are not for emergencies').waitFor();
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Running late on Thursday');
    await dialog.getByRole('textbox', { name: 'Message' }).fill('I may be ten minutes late on Thursday.');
    await phone.waitForTimeout(400); // the dialog's opening transition
    assert.deepEqual(await seriousViolations(phone), [], 'the new-message page is accessible');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const thread = phone.getByRole('dialog', { name: 'Running late on Thursday' });
    await thread.getByText('I may be ten minutes late on Thursday.').waitFor();
    await thread.getByRole('button', { name: 'Close' }).click();

    const desk = await s.open();
    await signIn(desk, s.server.url, DEMO.clinician);
    await desk.getByTestId('home-greeting').waitFor();
    await desk.getByRole('link', { name: /^Messages/ }).click();
    await desk.getByRole('heading', { name: 'Messages', level: 1 }).waitFor();
    await desk.getByRole('button', { name: /Running late on Thursday/ }).click();
    await desk.getByText('I may be ten minutes late on Thursday.').waitFor();
    await desk.getByRole('textbox', { name: 'Your message' }).fill('Thanks for letting me know. See you then.');
    await desk.getByRole('button', { name: 'Send' }).click();
    await desk.getByText('Thanks for letting me know. See you then.').waitFor();
    assert.deepEqual(await seriousViolations(desk), [], 'the inbox is accessible');

    await phone.reload();
    await phone.getByRole('button', { name: /Running late on Thursday.*1 new/ }).click();
    await phone.getByText('Thanks for letting me know. See you then.').waitFor();

    // The therapist starts one from the client's chart.
    const therapist = await signedIn(s.server.url, DEMO.clinician);
    const alex = (await therapist.request('GET', '/api/v1/clients?q=Alex')).json.items[0];
    await desk.goto(`${s.server.url}/clients/${alex.id}`);
    await desk.getByRole('link', { name: 'Message', exact: true }).click();
    const start = desk.getByRole('dialog', { name: 'New conversation' });
    await start.getByRole('textbox', { name: 'Subject' }).fill('Homework for next week');
    await start.getByRole('textbox', { name: 'Message' }).fill('Try the breathing exercise twice a day.');
    await start.getByRole('button', { name: 'Send' }).click();
    await start.waitFor({ state: 'hidden' });
    await desk.getByRole('heading', { name: 'Homework for next week' }).waitFor();
    await phone.reload();
    await phone.getByRole('button', { name: /Homework for next week.*1 new/ }).waitFor();
  });
});

describe('the public page in the browser', () => {
  const s = demoSuite();

  it('books a new client\'s first visit on a phone, without signing in', async () => {
    const phone = await s.open({ width: 390, height: 844 });
    await phone.goto(`${s.server.url}/p/duet-demo`);
    await phone.getByRole('heading', { name: 'Duet Demo Practice', level: 1 }).waitFor();
    await phone.getByRole('heading', { name: 'Book a first visit' }).waitFor();
    assert.deepEqual(await seriousViolations(phone), [], 'the public page is accessible');
    await phone.getByRole('radio', { name: /Intake assessment/ }).check();
    await phone.getByRole('radio', { name: /In person · \$200\.00/ }).check();
    await phone.getByLabel('The state you will be in').first().fill('Oregon');
    await phone.getByRole('option', { name: 'Oregon' }).click();
    const times = phone.locator('section[aria-label] button');
    await times.first().waitFor();
    await times.first().click();
    await phone.getByRole('textbox', { name: 'First name' }).fill('Rowen');
    await phone.getByRole('textbox', { name: 'Last name' }).fill('Newcomer');
    await phone.getByLabel('Date of birth').fill('1993-07-08');
    await phone.getByRole('textbox', { name: 'E-mail' }).fill('rowen.newcomer@new.example.com');
    await phone.getByRole('radio', { name: 'I will pay myself' }).check();
    await phone.waitForTimeout(3000); // people take a few seconds; the page's time trap refuses faster forms
    assert.deepEqual(await seriousViolations(phone), [], 'the details form is accessible');
    await phone.getByRole('button', { name: 'Book this first visit' }).click();
    await phone.getByRole('status').filter({ hasText: 'You are booked' }).waitFor();
    const desk = await signedIn(s.server.url, DEMO.front_desk);
    const found = (await desk.request('GET', '/api/v1/clients?q=Newcomer')).json.items;
    assert.deepEqual(found.map((c) => c.given_name), ['Rowen']);
  });
});
