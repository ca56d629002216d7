// The staff web app in a real browser: sign-in, wrong password, MFA enrolment and sign-in with a
// generated TOTP, sign-out, idle log-off, keyboard search, accessibility.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPractice, DEMO, DEMO_PASSWORD, startServer, totpAt } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';


describe('staff web app', () => {
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

  it('opens on an accessible sign-in page', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(server.url + '/');
    await page.waitForURL(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in to Duet' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  it('says clearly when the password is wrong', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.front_desk, 'not-the-right-one');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /e-mail or password is incorrect/);
    await page.close();
  });

  it('signs in to a home page with name, role, practice and the demo banner, then signs out', async () => {
    const page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.owner, DEMO_PASSWORD);
    const greeting = page.getByTestId('home-greeting');
    await greeting.waitFor();
    assert.match(await greeting.innerText(), /Sam Rivera/);
    const body = await page.locator('main').innerText();
    assert.match(body, /Owner · Duet Demo Practice/);
    assert.match(await page.getByTestId('demo-banner').innerText(), /DEMO/);
    for (const area of ['Today', 'Calendar', 'Clients', 'Clinicians', 'Waiting room', 'Notes', 'Settings']) {
      assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: area, exact: true }).count(), 1, area);
    }
    assert.deepEqual(await seriousViolations(page), []);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Find a client');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Duet' }).waitFor();
    await page.goto(server.url + '/');
    await page.waitForURL(/\/signin$/);
    await page.close();
  });

  it('enrols a new owner in two-step sign-in and signs in with a generated code', async () => {
    const made = createPractice(server, { name: 'Riverbend Therapy', email: 'owner@riverbend.example.com', password: 'riverbend-owner-pass' });
    assert.equal(made.status, 0, made.stderr);
    const page = await browser.context.newPage();
    await signIn(page, server.url, 'owner@riverbend.example.com', 'riverbend-owner-pass');
    await page.getByRole('heading', { name: 'Set up two-step sign-in' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(await page.getByRole('img', { name: /QR code/ }).count(), 1);
    await page.getByLabel('Verification code').fill(totpAt(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    assert.equal(await page.getByTestId('demo-banner').count(), 0, 'no demo banner for a real practice');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signIn(page, server.url, 'owner@riverbend.example.com', 'riverbend-owner-pass');
    const code = page.getByLabel('Verification code');
    await code.waitFor();
    await code.fill(totpAt(secret, Date.now() + 30000));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByTestId('home-greeting').waitFor();
    assert.match(await page.getByTestId('home-greeting').innerText(), /Test Owner/);
    await page.close();
  });

  it('fits a 360 px phone screen', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(server.url + '/signin');
    await page.getByRole('heading', { name: 'Sign in to Duet' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
    // Signed in, every staff page fits too (wide tables scroll inside their own box).
    await signIn(page, server.url, DEMO.owner, DEMO_PASSWORD);
    await page.getByTestId('home-greeting').waitFor();
    const pages = ['/', '/calendar', '/clients', '/clinicians', '/notes', '/waiting-room', '/settings', '/settings?tab=people', '/settings?tab=compacts', '/settings?tab=templates'];
    for (const path of pages) {
      await page.goto(server.url + path);
      await page.locator('main').waitFor();
      await page.waitForLoadState('networkidle');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `${path}: horizontal overflow of ${wide}px`);
    }
    const rowan = (await page.evaluate(async () => (await (await fetch('/api/v1/clinicians')).json()).items.find((k) => k.given_name === 'Rowan').id));
    await page.goto(`${server.url}/clinicians/${rowan}`);
    await page.getByTestId('tile-OH').waitFor();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `clinician profile: horizontal overflow of ${wide}px`);
    // No label is cut off: text that does not fit wraps rather than being clipped.
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.mantine-Badge-label, .mantine-Button-label')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(clipped, []);
    await page.close();
  });
});

describe('idle log-off', () => {
  it('warns, then signs out after the idle limit and says why', async () => {
    const server = await startServer({ args: ['--session-idle-seconds', '10'] });
    const browser = await launch();
    try {
      const page = await browser.context.newPage();
      await signIn(page, server.url, DEMO.clinician, DEMO_PASSWORD);
      await page.getByTestId('home-greeting').waitFor();
      const warning = page.getByTestId('idle-warning');
      await warning.waitFor({ timeout: 9000 });
      assert.match(await warning.innerText(), /signed out in \d+ seconds/);
      await page.getByRole('heading', { name: 'Sign in to Duet' }).waitFor({ timeout: 9000 });
      assert.match(await page.getByRole('status').innerText(), /inactivity/);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});
