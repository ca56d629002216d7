// Debian's Chromium driven by playwright-core: flags measured to work on this kind of machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../lib/server.mjs';

export async function launch({ timezoneId } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'duet-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ...(timezoneId ? { timezoneId } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A zone where it is now about midday, so "a visit later today" is today whatever the hour of the run. */
export function middayZone(now = new Date()) {
  const offset = 12 - now.getUTCHours(); // hours east of UTC, -11 … +12
  if (offset === 0) return 'UTC';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`; // the Etc zones' signs are inverted
}

/** Serious or critical accessibility violations on the page (WCAG 2.1 A/AA rules). */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Fills the sign-in form (cookies cleared first so each test starts signed out). */
export async function signIn(page, base, email, password = DEMO_PASSWORD) {
  await page.context().clearCookies();
  await page.goto(base + '/');
  await page.getByLabel('E-mail').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
