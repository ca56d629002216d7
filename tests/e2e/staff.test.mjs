// A new practice staffs itself in the browser, without the demo: the owner invites a clinician from
// Settings → People, the clinician opens the link, chooses a password, sets up two-step sign-in and
// lands on a home page that shows today's visit with its next step; the Notes page lists their work;
// the owner then deactivates them. From a client's chart the owner invites the client, who lands on
// their own page (on a phone) with their visit. axe finds no serious violations on these screens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newPractice, startServer, totpAt } from '../lib/server.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { launch, middayZone, seriousViolations } from './browser.mjs';

describe('staffing a new practice in the browser', () => {
  let server;
  let browser;
  let practice;
  let record;
  let client;
  let ownerCookies;
  let smtp;
  before(async () => {
    smtp = await startSmtp();
    server = await startServer({ demo: false, args: ['--smtp-url', smtp.url, '--mail-from', 'Harbor <no-reply@harbor.example.com>'] });
    practice = await newPractice(server, { name: 'Harbor Light Therapy' });
    const { owner } = practice;
    record = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    const license = await owner.request('POST', `/api/v1/clinicians/${record.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-0099',
      issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } });
    assert.equal(license.status, 201, license.text);
    const place = await owner.request('POST', '/api/v1/locations', { body: { name: 'Harbor office', kind: 'clinic', address: '1 Pier Rd, Denver, CO', time_zone: 'America/Denver', state: 'CO' } });
    assert.equal(place.status, 201, place.text);
    const service = await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy, 53 min', cpt_code: '90837', duration_minutes: 53, modes: ['in_person', 'video'],
      fees: { in_person: 16000, video: 16000 } } });
    assert.equal(service.status, 201, service.text);
    client = await owner.request('POST', '/api/v1/clients', { body: { given_name: 'Jordan', family_name: 'Avery', birth_date: '1991-04-12',
      email: 'jordan.avery@client.example.com', location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [record.id] } });
    assert.equal(client.status, 201, client.text);
    // A visit later today (in the browser's zone) with Noor, in person.
    const start = new Date(Date.now() + 60 * 60_000);
    const booked = await owner.request('POST', '/api/v1/appointments', { body: { clinician_id: record.id, client_id: client.json.id, service_id: service.json.id,
      mode: 'in_person', location_id: place.json.id, start: start.toISOString().replace(/\.\d{3}Z$/, 'Z'), override_reason: 'first visit of a new practice' } });
    assert.equal(booked.status, 201, booked.text);
    browser = await launch({ timezoneId: middayZone() });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('invites a clinician, who joins through the link and runs their day', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + '/');
    await page.getByLabel('E-mail').fill(practice.owner.email);
    await page.locator('input[type="password"]').fill(practice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Verification code').fill(totpAt(practice.owner.totpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    await page.getByTestId('today-visits').waitFor();
    assert.match(await page.getByTestId('today-visits').innerText(), /Jordan Avery · Noor Haddad/, 'the owner sees the practice\'s day');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByTestId('people-table').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('E-mail').fill(`noor@${practice.domain}`);
    await dialog.getByLabel(/^Their clinician record/).click();
    await page.getByRole('option', { name: 'Noor Haddad' }).click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await page.getByTestId('invitation-link').innerText()).match(/https?:\/\/\S+\/invite\/\S+/)?.[0];
    assert.ok(link, 'the link is shown once to copy');
    assert.match(await page.getByTestId('invitations-table').innerText(), new RegExp(`noor@${practice.domain}`));

    // Noor, on her own computer (the owner's session is kept for the next test).
    ownerCookies = await page.context().cookies();
    await page.context().clearCookies();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Harbor Light Therapy on Duet' }).waitFor();
    assert.match(await page.locator('main').innerText(), /invited as Clinician/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Choose a password').fill('short');
    await page.getByLabel('Type it again').fill('short');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();
    await page.getByLabel('Choose a password').fill('noor-picks-a-long-password');
    await page.getByLabel('Type it again').fill('noor-picks-a-long-password');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await page.getByLabel('Verification code').fill(totpAt(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    assert.match(await page.getByTestId('home-greeting').innerText(), /Noor Haddad/);
    const today = page.getByTestId('today-visit');
    await today.first().waitFor();
    assert.match(await today.first().innerText(), /Jordan Avery/);
    assert.equal(await today.first().getAttribute('data-mode'), 'in_person');
    await today.first().getByRole('button', { name: 'Check in' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=today-visit]')?.getAttribute('data-status') === 'checked_in');
    await today.first().getByRole('button', { name: 'Start note' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notes', exact: true }).click();
    await page.getByRole('heading', { name: /Visits to write up/ }).waitFor();
    await page.getByRole('heading', { name: /Drafts to finish and sign/ }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('lets the owner deactivate someone, who is signed out at once', async () => {
    const users = (await practice.owner.request('GET', '/api/v1/users')).json.items;
    const noor = users.find((u) => u.email === `noor@${practice.domain}`);
    assert.equal(noor.clinician_id, record.id, 'the account signs in for her clinician record');
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.context().addCookies(ownerCookies);
    await page.goto(server.url + '/settings?tab=people');
    const row = page.getByTestId(`person-noor@${practice.domain}`);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('deactivated').waitFor();
    await page.close();
  });

  it('lets the owner create a read-only API token, shown once, and revoke it', async () => {
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.context().addCookies(ownerCookies);
    await page.goto(server.url + '/settings?tab=tokens');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel(/^Acts as/).click();
    await page.getByRole('option', { name: new RegExp(practice.owner.email) }).click();
    await dialog.getByLabel('What it is for').fill('Accounting export');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secret = (await page.getByTestId('issued-secret').innerText()).match(/duet_[A-Za-z0-9_-]{43}/)?.[0];
    assert.ok(secret, 'the token is shown once');
    const row = page.getByTestId('token-Accounting export');
    await row.getByText('Read only').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[role=dialog], .mantine-Modal-overlay').length === 0);  // faded out
    assert.deepEqual(await seriousViolations(page), []);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('revoked').waitFor();
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 401);
    await page.close();
  });

  it('invites a client from their chart; the client lands on their own page, not the staff app', async () => {
    // A video visit later today for Jordan, who has no telehealth consent on file yet.
    const later = new Date(Date.now() + 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const services = (await practice.owner.request('GET', '/api/v1/services')).json.items;
    const video = await practice.owner.request('POST', '/api/v1/appointments', { body: { clinician_id: record.id, client_id: client.json.id,
      service_id: services[0].id, mode: 'video', start: later, override_reason: 'first video visit' } });
    assert.equal(video.status, 201, video.text);
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await page.context().addCookies(ownerCookies);
    await page.goto(`${server.url}/clients/${client.json.id}`);
    await page.getByTestId('chart-name').waitFor();
    await page.getByTestId('consent-missing').waitFor();
    assert.match(await page.getByTestId('consent-missing').innerText(), /No telehealth consent on file/);
    // The chart's tab is in the address: the consent warning opens Documents, and a reload stays there.
    await page.getByTestId('consent-missing').getByRole('button', { name: 'Documents' }).click();
    await page.waitForURL(/\?tab=documents$/);
    await page.reload();
    assert.equal(await page.getByRole('tab', { name: 'Documents' }).getAttribute('aria-selected'), 'true');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Invite to client pages' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite the client to their own pages' });
    assert.equal(await dialog.getByLabel(/Client's e-mail/).inputValue(), 'jordan.avery@client.example.com');
    await dialog.getByRole('button', { name: 'Make the invitation' }).click();
    const link = (await page.getByTestId('invitation-link').innerText()).match(/https?:\/\/\S+\/invite\/\S+/)?.[0];
    assert.ok(link);

    // Jordan, on a phone.
    await page.context().clearCookies();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(link);
    await page.getByText(/has set up an account for you to see your visits/).waitFor();
    await page.getByLabel('Choose a password').fill('jordan-picks-a-long-one');
    await page.getByLabel('Type it again').fill('jordan-picks-a-long-one');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Jordan' }).waitFor();
    const upcoming = await page.getByRole('region', { name: 'Coming up' }).innerText();
    assert.match(upcoming, /Psychotherapy, 53 min with Noor Haddad/);
    assert.match(upcoming, /video/i);
    assert.match(upcoming, /The video room opens 30 minutes before the visit/);
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no staff menus');
    assert.deepEqual(await seriousViolations(page), []);
    await page.goto(`${server.url}/clients`);
    await page.waitForURL(`${server.url}/`);
    await page.getByRole('heading', { name: 'Hello, Jordan' }).waitFor();
    await page.close();
  });

  it('invites a partner organization by e-mail; its owner, not yet on Duet, creates their practice from the link', async () => {
    const page = await browser.context.newPage();
    await page.context().addCookies(ownerCookies);
    await page.goto(`${server.url}/settings?tab=partners`);
    await page.getByLabel('Invite a partner organization').fill('Lakeside Psychiatry');
    await page.getByLabel("Their owner's e-mail (optional)").fill('owner@lakeside.example.com');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByTestId('partner-code').getByText(/e-mailed to the partner's owner/).waitFor();
    let mail;
    for (let i = 0; i < 50 && !mail; i++) {
      mail = smtp.messages.find((m) => m.to.some((t) => t.includes('owner@lakeside.example.com')));
      if (!mail) await new Promise((r) => setTimeout(r, 100));
    }
    const link = mail?.data.replace(/=\r?\n/g, '').match(/https?:\/\/\S+\/partner-invite\/[A-Za-z0-9_-]+/)?.[0];
    assert.ok(link, 'the e-mail carries the link');

    // Lakeside's owner, on their own computer, has no account anywhere on this server.
    await page.context().clearCookies();
    await page.goto(server.url + new URL(link).pathname); // the server's public address is not the test's port
    await page.getByRole('heading', { name: 'Work with Harbor Light Therapy on Duet' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel("Your practice's name").fill('Lakeside Psychiatry');
    await page.getByLabel('Your name').fill('Robin Lakeside');
    await page.getByLabel('Your e-mail').fill('owner@lakeside.example.com');
    await page.getByLabel('Choose a password').fill('short');
    await page.getByLabel('Type it again').fill('short');
    await page.getByRole('button', { name: 'Create our practice and connect' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();
    await page.getByLabel('Choose a password').fill('lakeside-picks-a-long-password');
    await page.getByLabel('Type it again').fill('lakeside-picks-a-long-password');
    await page.getByRole('button', { name: 'Create our practice and connect' }).click();
    await page.getByText('Lakeside Psychiatry is created and connected. Sign in to set up two-step sign-in.').waitFor();
    await page.getByLabel('E-mail').fill('owner@lakeside.example.com');
    await page.locator('input[type="password"]').fill('lakeside-picks-a-long-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    await page.getByLabel('Verification code').fill(totpAt(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/settings?tab=partners`);
    await page.getByRole('table', { name: 'Partner organizations' }).getByRole('row', { name: /Harbor Light Therapy \(you are their partner\).*connected/ }).waitFor();
    await page.close();
  });
});
