// Lighthouse's accessibility audit (npm `lighthouse`, Debian's Chromium, a phone's screen) on the pages
// where clients book: the practice's public page, and the signed-in client's own page with its "Book a
// visit" — in English and in Spanish. Issue 17's bar is a score of at least 95.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { DEMO, signedIn, startServer } from '../lib/server.mjs';

describe('Lighthouse accessibility on the booking pages', () => {
  let server;
  let chrome;
  let profile;
  before(async () => {
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'duet-lighthouse-'));
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      userDataDir: profile,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await chrome?.kill();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.stop();
  });

  /** The accessibility score (0–100) of `path`, with the failing audits' names for the message. */
  const audit = async (path, headers = {}) => {
    const run = await lighthouse(server.url + path, {
      port: chrome.port, onlyCategories: ['accessibility'], formFactor: 'mobile', output: 'json', logLevel: 'error',
      extraHeaders: headers, disableStorageReset: false,
    });
    const { lhr } = run;
    const failing = Object.values(lhr.audits).filter((a) => a.score === 0 && a.scoreDisplayMode === 'binary').map((a) => a.id);
    return { score: Math.round(lhr.categories.accessibility.score * 100), failing, url: lhr.finalDisplayedUrl };
  };

  it('scores the public booking page at least 95, in English and in Spanish', async () => {
    for (const lang of ['en', 'es']) {
      const { score, failing } = await audit(`/p/duet-demo?lang=${lang}`);
      assert.ok(score >= 95, `${lang}: ${score} (${failing.join(', ')})`);
    }
  });

  it("scores the client's own page (where they book) at least 95", async () => {
    const client = await signedIn(server.url, DEMO.client);
    const { score, failing, url } = await audit('/', { Cookie: client.cookie });
    assert.ok(!url.includes('/signin'), `the audit saw the signed-in page, not ${url}`);
    assert.ok(score >= 95, `${score} (${failing.join(', ')})`);
  });
});
