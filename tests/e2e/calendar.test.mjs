// The calendar in a real browser (viewer in Ohio): book a video visit by picking a time in the
// week, be refused telehealth where the clinician is not licensed, see a sprinkle warning before
// saving, drag a visit to reschedule it, and see schedule health on the clinician's home page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO, signedIn, startServer } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

// The Monday of next week, as YYYY-MM-DD in the viewer's zone.
function nextMonday() {
  const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'America/New_York' }));
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + ((8 - now.getDay()) % 7 || 7));
  return d;
}
const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const plusDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

// The centre of a day's column at a time of day in the week grid.
async function slotPoint(page, date, time) {
  await page.locator(`[data-testid=calendar-main] td.fc-timegrid-slot-lane[data-time="${time}"]`).scrollIntoViewIfNeeded();
  const col = await page.locator(`[data-testid=calendar-main] td.fc-timegrid-col[data-date="${date}"]`).boundingBox();
  const row = await page.locator(`[data-testid=calendar-main] td.fc-timegrid-slot-lane[data-time="${time}"]`).boundingBox();
  return { x: col.x + col.width / 2, y: row.y + row.height / 2 };
}

async function pick(page, label, typed, option) {
  const input = page.getByRole('dialog').getByLabel(new RegExp(`^${label}\\s*\\*?$`));
  await input.click();
  if (typed) await input.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

async function openBookingAt(page, date, time) {
  // The closing dialog's overlay would take the click: wait until it has gone.
  await page.waitForFunction(() => document.querySelectorAll('[role=dialog], .mantine-Modal-overlay').length === 0);
  const p = await slotPoint(page, date, time);
  await page.mouse.click(p.x, p.y);
  await page.getByRole('dialog', { name: 'New appointment' }).waitFor();
}

describe('calendar in the browser', () => {
  let server;
  let browser;
  let page;
  const monday = nextMonday();
  const thursday = plusDays(monday, 3);
  before(async () => {
    server = await startServer();
    browser = await launch({ timezoneId: 'America/New_York' });
    page = await browser.context.newPage();
    await signIn(page, server.url, DEMO.clinician); // Rowan Stone, LPC: the calendar opens on their week
    await page.getByTestId('home-greeting').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByTestId('calendar-main').waitFor();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.locator(`[data-testid=calendar-main] td.fc-timegrid-col[data-date="${ymd(monday)}"]`).waitFor();
    await page.locator('[data-testid=calendar-main] .block-in_person').first().waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('books a video visit in a telehealth block, showing the fee for the mode', async () => {
    await openBookingAt(page, ymd(thursday), '10:00:00');
    await pick(page, 'Client', 'Alex', /Alex Morgan/);
    await pick(page, 'Service', null, /Psychotherapy, 45 minutes/);
    await page.getByRole('dialog').getByText('▶ Video').click();
    await page.getByTestId('booking-fee').filter({ hasText: '$125.00' }).waitFor();
    await page.getByText('Every booking rule allows this time.').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('dialog').getByRole('button', { name: 'Book' }).click();
    await page.getByTestId('calendar-notice').filter({ hasText: /Booked Thu/ }).waitFor();
    const event = page.locator('[data-testid=calendar-main] .fc-event.mode-video', { hasText: 'Alex Morgan' });
    await event.waitFor();
    assert.match(await event.innerText(), /10:00/);
  });

  it('refuses telehealth to a state where the clinician is not licensed, saying what to do', async () => {
    await openBookingAt(page, ymd(thursday), '13:00:00');
    // A client is found by their legal name when they go by another.
    await pick(page, 'Client', 'Taylor', /Taylor “Tay” Brooks · born Jun 21, 1995/);
    await pick(page, 'Client', 'Casey', /Casey Nguyen/);
    await pick(page, 'Service', null, /Psychotherapy, 45 minutes/);
    await page.getByRole('dialog').getByText('▶ Video').click();
    const error = page.getByTestId('booking-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Telehealth to TX: No Texas license or compact privilege\..*Book in person/s);
    assert.equal(await page.getByRole('dialog').getByRole('button', { name: 'Book' }).isDisabled(), true);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('warns of a sprinkle before saving a video visit inside an in-person block', async () => {
    await openBookingAt(page, ymd(monday), '09:00:00');
    await pick(page, 'Client', 'Alex', /Alex Morgan/);
    await pick(page, 'Service', null, /Psychotherapy, 45 minutes/);
    await page.getByRole('dialog').getByText('▶ Video').click();
    const warnings = page.getByTestId('booking-warnings');
    await warnings.waitFor();
    assert.match(await warnings.innerText(), /telehealth visit inside an in-person block/i);
    await page.getByRole('dialog').getByRole('button', { name: 'Book' }).click();
    const notice = page.getByTestId('calendar-notice');
    await notice.filter({ hasText: /Booked Mon/ }).waitFor();
    assert.match(await notice.innerText(), /telehealth visit inside an in-person block/i);
  });

  it('books a case conference about a client with the care team: staff only, by video, on the calendar as such', async () => {
    await page.getByRole('button', { name: 'Dismiss' }).click(); // the last notice would sit under the dialog's overlay
    await openBookingAt(page, ymd(thursday), '16:00:00');
    await pick(page, 'Client', 'Lee', /Morgan Lee/);
    await page.getByTestId('booking-conference').click();
    await page.getByRole('dialog').locator('.mantine-MultiSelect-input').click();
    await page.getByRole('option', { name: /Avery Chen/ }).click();
    await page.keyboard.press('Escape');
    await pick(page, 'Service', null, /Psychotherapy, 45 minutes/);
    await page.getByText('Every booking rule allows this time.').waitFor();
    await page.getByRole('dialog').getByText('New appointment').hover();  // not over a button (its hover colour)
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('dialog').getByRole('button', { name: 'Book' }).click();
    await page.getByTestId('calendar-notice').filter({ hasText: /Booked Thu/ }).waitFor();
    const event = page.locator('[data-testid=calendar-main] .fc-event', { hasText: /Case conference: Morgan Lee/ });
    await event.waitFor();
    await event.click();
    await page.getByTestId('conference-attendees').filter({ hasText: /Avery Chen/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Copy client join link' }).count(), 0, 'no client link to a staff meeting');
    await page.getByRole('button', { name: 'Close appointment' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[role=dialog], .mantine-Modal-overlay').length === 0);
  });

  it('drags a visit to another time, checked by the same rules', async () => {
    const event = page.locator('[data-testid=calendar-main] .fc-event.mode-video', { hasText: 'Alex Morgan' }).filter({ hasText: '10:00' });
    await page.getByRole('button', { name: 'Dismiss' }).click(); // the last notice floats over the grid
    await page.setViewportSize({ width: 1280, height: 1400 }); // the whole day in view: from 10:00 to 14:00 without scrolling
    const to = await slotPoint(page, ymd(thursday), '14:00:00');
    const box = await event.boundingBox();
    // Grab the visit 10 px below its top and drop it so that its top lands on the 14:00 line.
    const row = await page.locator('[data-testid=calendar-main] td.fc-timegrid-slot-lane[data-time="14:00:00"]').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 40, { steps: 5 });
    await page.mouse.move(to.x, row.y + 10, { steps: 20 });
    await page.mouse.up();
    const notice = page.getByTestId('calendar-notice').filter({ hasText: /Moved|not moved/ });
    await notice.waitFor();
    assert.match(await notice.innerText(), /Moved to Thu, .* 2:00 PM/);
    await page.locator('[data-testid=calendar-main] .fc-event.mode-video', { hasText: 'Alex Morgan' }).filter({ hasText: /(^|\D)2:00/ }).waitFor();
  });

  it('lets the clinician take a day off in their weekly blocks, and the calendar follows', async () => {
    const friday = ymd(plusDays(monday, 4));
    await page.getByRole('link', { name: 'Clinicians' }).click();
    await page.getByRole('link', { name: /Rowan Stone/ }).click();
    const card = page.getByTestId('availability');
    await card.waitFor();
    await card.getByRole('button', { name: 'Add time off or change' }).click();
    await card.getByLabel('Exception 1 date').fill(friday);
    await card.getByRole('button', { name: 'Save week' }).click();
    await card.getByText('Saved. New bookings follow these blocks.').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.locator(`[data-testid=calendar-main] td.fc-timegrid-col[data-date="${ymd(monday)}"] .block-in_person`).waitFor();
    assert.equal(await page.locator(`[data-testid=calendar-main] td.fc-timegrid-col[data-date="${friday}"] .fc-bg-event`).count(), 0);
  });

  it('shows the clinician\u2019s schedule health on their home page', async () => {
    await page.getByRole('link', { name: 'Today' }).click();
    const health = page.getByTestId('schedule-health');
    await health.waitFor();
    assert.match(await health.innerText(), /Sprinkles/);
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('keeps the week shown when an earlier week\'s reply arrives late', async () => {
    // A visit in the week after: it must stay on screen whatever arrives late.
    const desk = await signedIn(server.url, DEMO.front_desk);
    const rowan = (await desk.request('GET', '/api/v1/clinicians')).json.items.find((k) => k.given_name === 'Rowan');
    const alex = (await desk.request('GET', '/api/v1/clients?q=Alex')).json.items[0];
    const video = (await desk.request('GET', '/api/v1/services')).json.items.find((x) => x.modes.includes('video'));
    const later = plusDays(thursday, 7);
    const booked = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id, service_id: video.id,
      mode: 'video', start: `${ymd(later)}T14:00:00-05:00`, override_reason: 'a late-reply test visit' } });
    assert.equal(booked.status, 201, booked.text);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByTestId('calendar-main').waitFor();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.locator(`[data-testid=calendar-main] td.fc-timegrid-col[data-date="${ymd(monday)}"]`).waitFor();
    // The reply for the week of `monday` is held back for two seconds.
    await page.route('**/api/v1/appointments?**', async (route) => {
      if (decodeURIComponent(route.request().url()).includes(`from=${ymd(monday)}`)) await new Promise((r) => setTimeout(r, 2000));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();   // asks for `monday`'s week: slow
    await page.getByRole('button', { name: 'Next week' }).click();       // and on again: fast
    const visit = page.locator('[data-testid=calendar-main] .fc-event.mode-video', { hasText: 'Alex Morgan' });
    await visit.waitFor();
    await page.waitForTimeout(2500);  // the held-back reply has arrived by now
    assert.equal(await visit.count(), 1, 'the late reply did not replace the week on screen');
    await page.unroute('**/api/v1/appointments?**');
    await page.getByRole('button', { name: 'Previous week' }).click();
  });

  it('lets the front desk keep a waitlist from the calendar', async () => {
    const desk = await browser.context.newPage();
    await signIn(desk, server.url, DEMO.front_desk);
    await desk.getByTestId('home-greeting').waitFor();
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await desk.getByRole('button', { name: 'Waitlist' }).click();
    const drawer = desk.getByRole('dialog', { name: 'Waitlist' });
    await drawer.getByText('Nobody is waiting.').waitFor();
    await drawer.getByLabel(/^Client$/).fill('Quinn');
    await desk.getByRole('option', { name: /Quinn Harper/ }).click();
    await drawer.getByLabel(/^Service$/).click();
    await desk.getByRole('option', { name: 'Psychotherapy, 45 minutes' }).click();
    await drawer.getByLabel('Morning (before 12)').check();
    await drawer.getByLabel('Note for the front desk').fill('prefers mornings');
    await drawer.getByRole('button', { name: 'Add to waitlist' }).click();
    const row = drawer.getByTestId('waitlist').locator('tbody tr');
    await row.filter({ hasText: 'Quinn Harper' }).waitFor();
    assert.match(await row.first().innerText(), /Psychotherapy, 45 minutes · any mode · Any clinician/);
    assert.deepEqual(await seriousViolations(desk), []);
    await desk.close();
  });

  it('opens the front desk on the team day with everyone who works today, and shows a phone three days at a time', async () => {
    // Who works today (in the browser's zone): a block on today's weekday, or a visit booked today.
    const api = await signedIn(server.url, DEMO.front_desk);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
    const weekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const clinicians = (await api.request('GET', '/api/v1/clinicians')).json.items.filter((k) => k.active);
    const start = new Date(`${today}T00:00:00-05:00`);
    const day = (await api.request('GET', `/api/v1/appointments?from=${start.toISOString()}&to=${new Date(start.getTime() + 86_400_000).toISOString()}`)).json.items;
    const expected = [];
    for (const k of clinicians) {
      const blocks = (await api.request('GET', `/api/v1/clinicians/${k.id}/availability`)).json.blocks;
      const booked = day.some((a) => a.clinician_id === k.id && !['cancelled', 'late_cancelled', 'no_show'].includes(a.status));
      if (booked || blocks.some((b) => b.weekday === weekday)) expected.push(k.id);
    }
    // A day nobody works (a weekend) opens on the first clinician instead of an empty grid.
    if (expected.length === 0) expected.push(clinicians[0].id);
    const desk = await browser.context.newPage();
    await signIn(desk, server.url, DEMO.front_desk);
    await desk.getByTestId('home-greeting').waitFor();
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await desk.getByTestId('calendar-team').waitFor();
    await desk.waitForFunction((n) => document.querySelectorAll('[data-testid^=team-column-]').length === n, expected.length);
    const columns = await desk.locator('[data-testid^=team-column-]').evaluateAll((els) => els.map((e) => e.dataset.testid.replace('team-column-', '')));
    assert.deepEqual(columns.sort(), expected.sort());
    assert.match(await desk.getByTestId('calendar-team').getAttribute('style'), new RegExp(`repeat\\(${expected.length}, minmax\\(200px, 1fr\\)\\)`));
    assert.deepEqual(await seriousViolations(desk), []);
    await desk.getByText('Day', { exact: true }).click();
    await desk.getByTestId('calendar-main').waitFor();
    assert.deepEqual(await seriousViolations(desk), []);
    // A phone: the week is three days at a time, still readable.
    await desk.setViewportSize({ width: 390, height: 844 });
    await desk.getByText('3 days', { exact: true }).click();
    await desk.waitForFunction(() => document.querySelectorAll('[data-testid=calendar-main] td.fc-timegrid-col[data-date]').length === 3);
    assert.match(await desk.getByTestId('calendar-title').innerText(), /–/);
    assert.deepEqual(await seriousViolations(desk), []);
    await desk.close();
  });
});
