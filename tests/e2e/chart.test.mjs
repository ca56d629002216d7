// The chart in the browser: an OT writes a plan of care (the server's field problems shown first,
// then saved), signs it and has the client sign in session; records a session of objective measures
// against the plan's objective and sees the graph with its target; the timeline shows the visits by
// mode beside the plan and the measures. A therapist adapts a note template in Settings: a new note
// gets the new field, a note started earlier keeps its version; a note's measure field picks the
// client's own questionnaire result. The therapist records a release of information, prepares the
// package (a PDF download, recorded in the accounting of disclosures) and revokes it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DEMO, newPractice, signedIn, startServer, totpAt } from '../lib/server.mjs';
import { launch, seriousViolations, signIn } from './browser.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Opens a Mantine select by its label (exactly, with or without the required star) and picks an option. */
async function pick(page, scope, label, option) {
  await scope.getByRole('combobox', { name: new RegExp(`^${label}\\s*\\*?$`) }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('the chart in the browser', () => {
  let server;
  let browser;
  let page;
  let emery;
  let alex;
  let therapist;
  let summit; // a partner organization (another practice on the server) and its psychiatrist's record
  let reyes;
  let dana; // reyes's account in her own practice
  before(async () => {
    server = await startServer();
    const owner = await signedIn(server.url, DEMO.owner);
    const desk = await signedIn(server.url, DEMO.front_desk);
    therapist = await signedIn(server.url, DEMO.clinician);
    const clients = (await owner.request('GET', '/api/v1/clients')).json.items;
    emery = clients.find((c) => c.given_name === 'Emery');
    alex = clients.find((c) => c.given_name === 'Alex');
    const jordan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Jordan');
    const services = (await owner.request('GET', '/api/v1/services')).json.items;
    const coaching = services.find((s) => s.cpt_code === '97530');
    const phoenix = (await owner.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Phoenix clinic');
    for (const [mode, days] of [['video', -3], ['in_person', -10]]) {
      const res = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: jordan.id, client_id: emery.id, service_id: coaching.id, mode,
        ...(mode === 'in_person' ? { location_id: phoenix.id } : {}), start: iso(Date.now() + days * 86400000), override_reason: 'chart test at any hour' } });
      assert.equal(res.status, 201, res.text);
    }
    browser = await launch({ timezoneId: 'America/Phoenix' });
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('writes, signs and has the client sign a plan of care', async () => {
    await signIn(page, server.url, 'ot@demo.example.com');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${emery.id}`);
    await page.getByRole('button', { name: 'Start a plan of care' }).click();
    const dialog = page.getByRole('dialog', { name: 'Plan of care' });
    await dialog.getByLabel('Problem 1', { exact: true }).fill('Weak grasp limits handwriting and dressing');
    await dialog.getByLabel('ICD-10 code').fill('F82');
    await dialog.getByLabel('Goal 1', { exact: true }).fill('Dresses independently for school');
    await dialog.getByLabel('Objective 1.1', { exact: true }).fill('Functional grip');
    await dialog.getByLabel('Measured by').fill('Grip strength, right, kg');
    await dialog.getByLabel('Baseline').fill('8 kg');
    // Target left empty: the server says what is missing and nothing is saved.
    await dialog.getByRole('button', { name: 'Save as a new version' }).click();
    await dialog.getByText('Give the target.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the plan editor is accessible');
    await dialog.getByLabel('Target', { exact: true }).fill('14 kg');
    await dialog.getByLabel('Intervention 1', { exact: true }).fill('Graded grasp and in-hand manipulation');
    await dialog.getByLabel('Mode mix').fill('in person, with video coaching for the parent');
    await dialog.getByRole('button', { name: 'Save as a new version' }).click();
    const card = page.getByTestId('plan-card');
    await card.getByText('Plan of care (version 1)').waitFor();
    await card.getByText(/Grip strength, right, kg from 8 kg to 14 kg/).waitFor();
    await card.getByRole('button', { name: 'Sign plan' }).click();
    await card.getByText('signed by Jordan Ellis, OTR/L').waitFor();
    await card.getByRole('button', { name: 'Client signs in session' }).click();
    await card.getByText('client signed').waitFor();
    // Editing makes version 2 and keeps version 1.
    await card.getByRole('button', { name: 'Edit plan' }).click();
    await page.getByRole('dialog', { name: 'Plan of care' }).getByLabel('Frequency').fill('twice weekly');
    await page.getByRole('dialog', { name: 'Plan of care' }).getByRole('button', { name: 'Save as a new version' }).click();
    await card.getByText('Plan of care (version 2)').waitFor();
    await card.getByText('1 earlier version kept.').waitFor();
  });

  it('records objective measures against the objective and graphs them with the target', async () => {
    await page.getByRole('tab', { name: 'Measures' }).click();
    const form = page.getByRole('form', { name: 'Record objective measures' });
    await pick(page, form, 'Measure 1', 'Grip strength (dynamometer)');
    await pick(page, form, 'Side', /^right$/);
    await form.getByLabel('Result (kg)').fill('1200');
    await pick(page, form, 'Measures objective', /Functional grip/);
    await form.getByRole('button', { name: 'Save measures' }).click();
    await form.getByText('Between 0 and 120 kg.').waitFor();
    await form.getByLabel('Result (kg)').fill('11.5');
    await form.getByRole('button', { name: 'Save measures' }).click();
    await page.getByText('Saved 1 measure.').waitFor();
    const chart = page.getByTestId('observation-chart-grip');
    await chart.getByText('Latest:').waitFor();
    await chart.getByText(/58% of the way from baseline to target/).waitFor();
    assert.ok(await chart.locator('.recharts-reference-line').count() >= 2, 'baseline and target are drawn');
    assert.deepEqual(await seriousViolations(page), [], 'the measures tab is accessible');
    // The plan says where the objective stands.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByTestId('plan-card').getByText(/latest 11\.5, 58% of the way/).waitFor();
  });

  it('keeps a referral letter in the chart with what it is and its date', async () => {
    await page.getByRole('tab', { name: 'Documents' }).click();
    const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.getByLabel('Title').fill('Referral from the pediatrician');
    await pick(page, page, 'What it is', 'Referral');
    await page.getByLabel('Dated').fill('2026-11-02');
    await page.getByRole('button', { name: 'Upload' }).click();
    const row = page.getByRole('table', { name: 'Documents and consents' }).getByRole('row', { name: /Referral from the pediatrician/ });
    await row.getByText('Nov 2, 2026').waitFor();
    await row.getByRole('cell', { name: 'Referral', exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the documents tab is accessible');
  });

  it('shows visits in both modes beside the plan and the measures on the timeline', async () => {
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.getByTestId('timeline-visit-video').waitFor();
    await timeline.getByTestId('timeline-visit-in_person').waitFor();
    await timeline.getByText('Plan of care, version 2').waitFor();
    await timeline.getByText('1 objective measure').waitFor();
    await timeline.getByText('Referral from the pediatrician').waitFor();
    await timeline.getByText(/Grip strength \(dynamometer\) right: 11.5 kg/).waitFor();
    // Only visits.
    await timeline.getByText('Notes', { exact: true }).click();
    await timeline.getByText('Plan', { exact: true }).click();
    await timeline.getByText('Measures', { exact: true }).click();
    await timeline.getByText('Documents', { exact: true }).click();
    await timeline.getByText('Plan of care, version 2').waitFor({ state: 'detached' });
    assert.equal(await timeline.getByTestId(/timeline-visit/).count(), 2);
    assert.deepEqual(await seriousViolations(page), [], 'the timeline is accessible');
  });

  it('adapts a template: new notes get the new field, an earlier note keeps its version', async () => {
    const earlier = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'dap' } });
    assert.equal(earlier.status, 201, earlier.text);
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/settings?tab=templates`);
    await page.getByRole('button', { name: 'Adapt Progress note (DAP)' }).click();
    const dialog = page.getByRole('dialog');
    const data = dialog.getByTestId('template-section-0');
    await data.getByRole('button', { name: 'Add a field' }).click();
    await data.getByLabel('Field label').last().fill('Homework given');
    assert.deepEqual(await seriousViolations(page), [], 'the template editor is accessible');
    // The built-in DAP is at version 2 (its billing section): the practice's copy is version 3.
    await dialog.getByRole('button', { name: 'Save version 3' }).click();
    await page.getByText('Saved "Progress note (DAP)", version 3.').waitFor();

    // A new DAP note has the field; the earlier one does not.
    await page.goto(`${server.url}/clients/${alex.id}`);
    await page.getByRole('tab', { name: 'Notes' }).click();
    await pick(page, page, 'Template', 'Progress note (DAP)');
    await page.getByRole('button', { name: 'New note' }).click();
    await page.getByLabel('Homework given').waitFor();
    await page.goto(`${server.url}/notes/${earlier.json.id}`);
    await page.getByLabel('What was said and observed').waitFor();
    assert.equal(await page.getByLabel('Homework given').count(), 0, 'the earlier note keeps its version');
  });

  it("picks the client's questionnaire result into a note's measure field", async () => {
    const gad = await therapist.request('POST', `/api/v1/clients/${alex.id}/measures/responses`, { body: { instrument: 'gad7', answers: [2, 2, 1, 1, 2, 1, 1] } });
    assert.equal(gad.status, 201, gad.text);
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'soap' } });
    await page.goto(`${server.url}/notes/${note.json.id}`);
    // A multi-select's input sits inside its pill box, which takes the click.
    await page.getByRole('combobox', { name: 'Measures this visit' }).click({ force: true });
    await page.getByRole('option', { name: /GAD-7 10 \(moderate\)/ }).click();
    await page.getByTestId('save-status').filter({ hasText: /Saved/ }).waitFor();
    const saved = await therapist.request('GET', `/api/v1/notes/${note.json.id}`);
    assert.deepEqual(saved.json.content['objective.measures'], [gad.json.id]);

    // A plan objective measured by the GAD-7 draws its target on the GAD-7 graph.
    const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    const plan = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: {
      problems: [{ id: 'p1', text: 'Worry keeps the client from work' }],
      goals: [{ id: 'g1', problem_id: 'p1', text: 'Back at work', objectives: [{ id: 'o1', text: 'Anxiety in the mild range', measure: 'GAD-7 total',
        instrument: 'gad7', baseline: '15', target: 'below 5', target_date: day(90) }] }],
      interventions: [], frequency: 'weekly', review_due: day(60) } } });
    assert.equal(plan.status, 201, plan.text);
    await page.goto(`${server.url}/clients/${alex.id}`);
    await page.getByRole('tab', { name: 'Measures' }).click();
    await page.getByTestId('measure-target-gad7').getByText(/target 5 · 50% of the way/).waitFor();
    assert.ok(await page.getByTestId('measure-gad7').locator('.recharts-reference-line').count() >= 1, 'the target is drawn');
  });

  it('records a release, prepares its package and revokes it', async () => {
    await page.goto(`${server.url}/clients/${alex.id}`);
    await page.getByRole('tab', { name: 'Sharing' }).click();
    const sharing = page.getByTestId('sharing');
    await sharing.getByText('Nothing has been shared outside the practice.').waitFor();
    await sharing.getByRole('button', { name: 'New release' }).click();
    const dialog = page.getByRole('dialog', { name: 'New release of information' });
    await dialog.getByLabel('Released to').fill('Dr. Quill Ashgrove');
    await dialog.getByLabel('Organization').fill('Lindenfield Family Medicine');
    await dialog.getByLabel('Progress notes').check();
    await dialog.getByRole('button', { name: 'Record the signed release' }).click();
    await dialog.getByText(/Say why it is shared/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the release form is accessible');
    await dialog.getByLabel('Purpose').fill('Coordination of care');
    await dialog.getByRole('button', { name: 'Record the signed release' }).click();
    const card = sharing.getByTestId('release');
    await card.getByText('in effect').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Prepare package (PDF)' }).click()]);
    const text = execFileSync('pdftotext', ['-layout', await download.path(), '-']).toString();
    assert.match(text, /Released to: Dr\. Quill Ashgrove, Lindenfield Family Medicine/);
    assert.match(text, /Plan of care/);
    await sharing.getByRole('table', { name: 'Accounting of disclosures' }).getByText(/Dr\. Quill Ashgrove/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the sharing tab is accessible');

    page.once('dialog', (d) => d.accept());
    await card.getByRole('button', { name: 'Revoke' }).click();
    await card.getByText('revoked').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Prepare package (PDF)' }).count(), 0);
  });

  it('keeps the medication list: adds one, records side effects, changes the dose with a reason, shows the history', async () => {
    await page.goto(`${server.url}/clients/${alex.id}`);
    await page.getByRole('tab', { name: 'Medications' }).click();
    await page.getByText('No medications recorded.').waitFor();
    await page.getByRole('button', { name: 'Add a medication' }).click();
    const add = page.getByRole('dialog', { name: 'Add a medication' });
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    await add.getByText(/Name the medication/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the medication form is accessible');
    await add.getByLabel('Medication').fill('Sertraline');
    await add.getByLabel('Strength').fill('50 mg');
    await add.getByLabel('Dose').fill('1 tablet');
    await add.getByLabel('How often').fill('once daily');
    await add.getByLabel('Prescriptions sent to').fill('Example Pharmacy');
    await add.getByRole('button', { name: 'Add', exact: true }).click();
    const card = page.getByRole('listitem', { name: 'Sertraline' });
    await card.getByText('Active').waitFor();
    await card.getByText(/sent to Example Pharmacy/).waitFor();

    await card.getByRole('button', { name: 'Side effects' }).click();
    const observe = page.getByRole('dialog', { name: 'Side effects and adherence: Sertraline' });
    await observe.getByLabel('How it is taken').selectOption('misses_doses');
    await observe.getByLabel('Nausea').check();
    await observe.getByRole('button', { name: 'Record' }).click();
    await observe.waitFor({ state: 'hidden' });

    await card.getByRole('button', { name: 'Change' }).click();
    const change = page.getByRole('dialog', { name: 'Change Sertraline' });
    await change.getByLabel('Strength').fill('100 mg');
    await change.getByLabel('Why it changes').fill('Partial response');
    await change.getByRole('button', { name: 'Save the change' }).click();
    await change.waitFor({ state: 'hidden' });
    await card.getByText(/^100 mg/).waitFor();
    await card.getByRole('button', { name: 'History (3)' }).click();
    await card.getByText(/strength: 50 mg → 100 mg · why: Partial response/).waitFor();
    await card.getByText(/Misses doses · side effects: Nausea/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the medication list is accessible');
  });

  it('the therapist refers; the prescriber accepts and joins the therapist\'s in-person session by video (a joint visit); both see the team and the medications', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const clinicians = (await owner.request('GET', '/api/v1/clinicians')).json.items;
    const avery = clinicians.find((c) => c.given_name === 'Avery');
    const rowan = clinicians.find((c) => c.given_name === 'Rowan');
    const services = (await owner.request('GET', '/api/v1/services')).json.items;
    const denver = (await owner.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Denver clinic');
    const deskApi = await signedIn(server.url, DEMO.front_desk);
    const session = await deskApi.request('POST', '/api/v1/appointments', { body: { clinician_id: rowan.id, client_id: alex.id,
      service_id: services.find((s) => s.cpt_code === '90834').id, mode: 'in_person', location_id: denver.id,
      start: iso(Date.now() + 2 * 86400000), override_reason: 'in-person session for the joint visit' } });
    assert.equal(session.status, 201, session.text);
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${alex.id}?tab=team`);
    const team = page.getByRole('table', { name: 'Care team' });
    await team.getByRole('row', { name: /Rowan Stone.*Primary clinician/ }).waitFor();
    await page.getByRole('button', { name: 'Refer' }).click();
    const refer = page.getByRole('dialog', { name: /^Refer / });
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer.getByText('Choose whom to refer to.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the referral form is accessible');
    await refer.getByLabel('Refer to').selectOption(avery.id);
    await refer.getByLabel('How soon').selectOption('soon');
    await refer.getByLabel('Why you refer').fill('Worry persists after ten weeks of CBT');
    await refer.getByLabel('Your question').fill('Would medication help?');
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer.waitFor({ state: 'hidden' });
    await page.getByLabel('Referral to Avery Chen, PMHNP-BC').getByText(/Waiting to be accepted/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the care team tab is accessible');

    // The prescriber accepts from the home page and books the first visit from the referral.
    await signIn(page, server.url, 'psychiatry@demo.example.com');
    const card = page.getByTestId('referrals');
    const referral = card.getByLabel(/Referral of Alex Morgan to Avery Chen/);
    await referral.getByText('Would medication help?', { exact: false }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the home page with a referral is accessible');
    await referral.getByRole('button', { name: 'Accept' }).click();
    await referral.getByText(/Accepted: first visit to book/).waitFor();
    await referral.getByRole('link', { name: 'Book the first visit' }).click();
    const booking = page.getByRole('dialog', { name: 'New appointment' });
    await booking.waitFor();
    await page.waitForFunction(() => /Alex Morgan/.test(document.querySelector('[data-testid="booking-client"]')?.value ?? ''));
    await booking.getByRole('button', { name: 'Close new appointment' }).click();

    // Rather than a visit of their own, the prescriber joins the therapist's in-person session by video.
    await page.goto(`${server.url}/`);
    await page.getByTestId('referrals').getByLabel(/Referral of Alex Morgan to Avery Chen/).getByRole('button', { name: 'Join a visit by video' }).click();
    const join = page.getByRole('dialog', { name: /Join a visit of Alex Morgan by video/ });
    await join.getByRole('radio', { name: /at Denver clinic/ }).click();
    await join.getByRole('combobox', { name: /Your part is/ }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'joining a visit is accessible');
    await join.getByRole('button', { name: 'Join by video' }).click();
    await join.waitFor({ state: 'hidden' });
    await page.getByTestId('referrals').getByText(/First visit booked/).waitFor();
    const joined = (await deskApi.request('GET', `/api/v1/appointments/${session.json.id}`)).json;
    assert.equal(joined.joint_clinician_id, avery.id);
    assert.equal(services.find((s) => s.id === joined.joint_service_id).cpt_code.startsWith('99'), true, "the prescriber's part is their E/M service");
    // On the prescriber's calendar: the therapist's session, with the prescriber by video.
    const visitDay = new Date(Date.parse(joined.start)).toLocaleDateString('en-CA', { timeZone: 'America/Phoenix' });
    await page.goto(`${server.url}/calendar?date=${visitDay}`);
    await page.locator('.fc-event', { hasText: /Alex Morgan \+ ▶/ }).first().waitFor();

    // The prescriber, now on the team, sees when each member sees the client, and the medication list.
    await page.goto(`${server.url}/clients/${alex.id}?tab=team`);
    await page.getByRole('table', { name: 'Care team' }).getByRole('row', { name: /Avery Chen.*Prescriber/ }).getByLabel(/^Next visit/).waitFor();
    await page.getByRole('tab', { name: 'Medications' }).click();
    await page.getByRole('heading', { name: 'Medications' }).waitFor();

    // One plan for the team: the therapist's goal and the prescriber's, each signing their own part.
    const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    const objective = (id, text, measure) => ({ id, text, measure, baseline: '2', target: '5', target_date: day(90) });
    const saved = await therapist.request('POST', `/api/v1/clients/${alex.id}/plans`, { body: { plan: {
      problems: [{ id: 'p1', text: 'Worry keeps Alex from work', diagnosis: 'F41.1' }],
      goals: [{ id: 'g1', problem_id: 'p1', text: 'Back at work full time', owner_clinician_id: rowan.id, objectives: [objective('o1', 'Days at work a week', 'days')] },
        { id: 'g2', problem_id: 'p1', text: 'Sleeps through most nights', owner_clinician_id: avery.id, objectives: [objective('o2', 'Nights slept through', 'sleep diary')] }],
      interventions: [], frequency: 'weekly therapy, monthly medication review', review_due: day(60) } } });
    assert.equal(saved.status, 201, saved.text);
    await page.getByRole('tab', { name: 'Overview' }).click();
    const plan = page.getByTestId('plan-card');
    await plan.getByText(/Sleeps through most nights — Avery Chen/).waitFor();
    await plan.getByRole('button', { name: 'Sign my part' }).click();
    await plan.getByTestId('plan-parts').getByText(/Avery Chen.*: signed/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the shared plan is accessible');
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${alex.id}`);
    await plan.getByText(/Back at work full time — Rowan Stone/).waitFor();
    await plan.getByRole('button', { name: 'Sign plan' }).click();
    await plan.getByTestId('plan-parts').getByText(/Rowan Stone.*: signed/).waitFor();
  });

  it('marks a note and a document Part 2 and records an agreement naming Part 2', async () => {
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    const note = await therapist.request('POST', '/api/v1/notes', { body: { client_id: alex.id, template_key: 'soap' } });
    assert.equal(note.status, 201, note.text);
    await page.goto(`${server.url}/notes/${note.json.id}`);
    await page.getByTestId('note-part2').click();  // checked once the server answers
    await page.waitForFunction(async (id) => (await (await fetch(`/api/v1/notes/${id}`)).json()).part2 === true, note.json.id);
    await page.reload();
    assert.ok(await page.getByTestId('note-part2').isChecked(), 'the mark is kept');

    await page.goto(`${server.url}/clients/${alex.id}?tab=team`);
    const part2 = page.getByLabel(/The agreement names substance use disorder records/);
    await part2.click();
    await page.getByText(/^Recorded by /).waitFor();
    assert.ok(await part2.isChecked());
    assert.deepEqual(await seriousViolations(page), [], 'the care team agreement is accessible');

    await page.getByRole('tab', { name: 'Sharing' }).click();
    await page.getByRole('button', { name: /New release|Record a release/ }).click();
    await page.getByRole('dialog').getByLabel(/Substance use disorder records \(42 CFR Part 2\)/).waitFor();
  });

  it("talks with the care team about a client in a conversation the client never sees", async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const morgan = (await owner.request('GET', '/api/v1/clients')).json.items.find((c) => c.given_name === 'Morgan');
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${morgan.id}?tab=team`);
    await page.getByText('None yet. The client never sees these.').waitFor();
    await page.getByRole('link', { name: 'New team conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    assert.ok(await dialog.getByLabel(/With the client's care team/).isChecked(), 'opened for the team');
    await dialog.getByLabel('Subject').fill('Sleep since the dose change');
    await dialog.getByLabel('Message').fill('Morgan sleeps badly since the increase. Review at your next visit?');
    assert.deepEqual(await seriousViolations(page), [], 'the new conversation dialog is accessible');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Care team (not the client)').first().waitFor();

    await signIn(page, server.url, 'psychiatry@demo.example.com');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${morgan.id}?tab=team`);
    await page.getByRole('link', { name: 'Sleep since the dose change' }).waitFor();
    await page.getByText('1 new').waitFor();
    await page.getByRole('link', { name: 'Sleep since the dose change' }).click();
    await page.getByText(/Morgan sleeps badly since the increase/).waitFor();
  });

  it('connects a partner organization, records a release naming it, and shows the partner on the care team', async () => {
    await signIn(page, server.url, DEMO.owner);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/settings?tab=partners`);
    await page.getByLabel('Invite a partner organization').fill('Summit Telepsychiatry');
    await page.getByRole('button', { name: 'Invite' }).click();
    const code = (await page.getByTestId('partner-code').locator('.mantine-Text-root[style*="monospace"], [style*="monospace"]').first().textContent()).trim();
    assert.ok(code.length >= 20, code);
    assert.deepEqual(await seriousViolations(page), [], 'partner organizations are accessible');
    summit = await newPractice(server, { name: 'Summit Telepsychiatry Group' });
    reyes = await summit.clinician({ given: 'Dana', family: 'Reyes', discipline: 'psychiatry' });
    const connected = await summit.owner.request('POST', '/api/v1/partners/connect', { body: { token: code } });
    assert.equal(connected.status, 200, connected.text);
    await page.reload();
    await page.getByRole('table', { name: 'Partner organizations' }).getByRole('row', { name: /Summit Telepsychiatry.*connected/ }).waitFor();

    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${alex.id}?tab=sharing`);
    await page.getByRole('button', { name: /New release/ }).click();
    const form = page.getByRole('dialog', { name: 'New release of information' });
    await form.getByRole('combobox', { name: /To a partner organization/ }).click();
    await page.getByRole('option', { name: 'Summit Telepsychiatry' }).click();
    await form.getByLabel('Purpose').fill('Medication consultation');
    await form.getByRole('button', { name: 'Record the signed release' }).click();
    await form.waitFor({ state: 'hidden' });
    await page.goto(`${server.url}/clients/${alex.id}?tab=team`);
    await page.getByTestId('team-partner').getByText(/Dana Reyes/).waitFor();
  });

  it("talks with the partner's psychiatrist in a team conversation, who answers from their own home page", async () => {
    await signIn(page, server.url, DEMO.clinician);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/clients/${alex.id}?tab=team`);
    await page.getByRole('link', { name: 'New team conversation' }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    await dialog.getByRole('combobox', { name: /With a partner organization/ }).click();
    await page.getByRole('option', { name: /Summit Telepsychiatry \(release until/ }).click();
    await dialog.getByLabel('Subject').fill('Morning dosing');
    await dialog.getByLabel('Message').fill('Alex asks whether the dose can move to the morning.');
    await dialog.getByText(/Words only: records go through the release/).waitFor();
    await dialog.getByRole('button', { name: 'Send' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(/With Summit Telepsychiatry until/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Attach a file' }).count(), 0, 'words only with a partner');

    // The partner's psychiatrist signs in to their own practice and answers from the home page.
    dana = await summit.invite('clinician', { local: 'reyes', clinician_id: reyes.id });
    await page.context().clearCookies();
    await page.goto(server.url + '/');
    await page.getByLabel('E-mail').fill(dana.email);
    await page.locator('input[type="password"]').fill(summit.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Verification code').fill(totpAt(dana.totpSecret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    const card = page.getByTestId('shared-with-us');
    await card.getByRole('button', { name: 'Show the clients they share' }).click();
    await card.getByRole('button', { name: 'Conversations' }).click();
    await card.getByText('1 new').waitFor();
    await card.getByRole('button', { name: /Morning dosing/ }).click();
    await card.getByText('Alex asks whether the dose can move to the morning.').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the partner\'s conversation is accessible');
    await card.getByLabel('Your message').fill('Mornings are fine; I will confirm at our May visit.');
    await card.getByRole('button', { name: 'Send' }).click();
    await card.getByText('Mornings are fine; I will confirm at our May visit.').waitFor();

    const threads = (await therapist.request('GET', `/api/v1/clients/${alex.id}/threads?audience=team`)).json.items;
    const opened = (await therapist.request('GET', `/api/v1/threads/${threads.find((t) => t.subject === 'Morning dosing').id}`)).json;
    assert.deepEqual(opened.messages.map((m) => m.author_name).slice(-1), ['Dana Reyes (Summit Telepsychiatry)']);
  });

  it("the front desk adds the partner's psychiatrist to an in-person session by video; it is on her calendar and she enters the room", async () => {
    // Her own organization keeps her licence: Colorado, where the clinic is.
    const lic = await summit.owner.request('POST', `/api/v1/clinicians/${reyes.id}/licenses`, { body: { kind: 'license', state: 'CO',
      number: 'MD-CO-7', issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' } });
    assert.equal(lic.status, 201, lic.text);
    const desk = await signedIn(server.url, DEMO.front_desk);
    const clinicians = (await desk.request('GET', '/api/v1/clinicians')).json.items;
    const services = (await desk.request('GET', '/api/v1/services')).json.items;
    const denver = (await desk.request('GET', '/api/v1/locations')).json.items.find((l) => l.name === 'Denver clinic');
    // A session soon enough for its room to be open, at a time the demo's calendars leave free.
    let session;
    for (const k of clinicians.filter((c) => c.discipline === 'counseling' || c.given_name === 'Rowan'))
      for (const minutes of [20, 24, 28]) {
        if (session?.status === 201) break;
        session = await desk.request('POST', '/api/v1/appointments', { body: { clinician_id: k.id, client_id: alex.id,
          service_id: services.find((s) => s.cpt_code === '90834').id, mode: 'in_person', location_id: denver.id,
          start: iso(Date.now() + minutes * 60_000), override_reason: 'joint session with the partner psychiatrist' } });
      }
    assert.equal(session.status, 201, session.text);
    const visitDay = new Date(Date.parse(session.json.start)).toLocaleDateString('en-CA', { timeZone: 'America/Phoenix' });
    const disclosed = (await therapist.request('GET', `/api/v1/clients/${alex.id}/disclosures`)).json.items.length;

    // The front desk opens the visit on the calendar and adds Dana Reyes of Summit, from the client's care team.
    await signIn(page, server.url, DEMO.front_desk);
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/calendar?date=${visitDay}`);
    const nameOf = (id) => { const k = clinicians.find((c) => c.id === id); return `${k.given_name} ${k.family_name}`; };
    // The front desk's team day: the session is in its clinician's column (Alex may have other visits today).
    const event = page.getByTestId(`team-column-${session.json.clinician_id}`).locator('.fc-event', { hasText: /Alex Morgan/ })
      .filter({ hasText: new Date(Date.parse(session.json.start)).toLocaleTimeString('en-US', { timeZone: 'America/Phoenix', hour: 'numeric', minute: '2-digit' }).replace(/ [AP]M$/, '') });
    await event.first().waitFor();
    await event.first().click();
    const panel = page.getByRole('dialog', { name: /Alex Morgan/ });
    await panel.getByRole('button', { name: 'Add a clinician by video…' }).click();
    await panel.getByTestId('panel-joint').click();
    await page.getByRole('option', { name: 'Dana Reyes (Summit Telepsychiatry)' }).click();
    assert.equal(await panel.getByLabel('Their part is').count(), 0, "the partner's organization codes their part");
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.waitFor({ state: 'hidden' });
    const joined = (await desk.request('GET', `/api/v1/appointments/${session.json.id}`)).json;
    assert.equal(joined.partner_clinician_id, reyes.id);
    await event.first().click();
    await panel.getByTestId('joint-clinician').getByText(/Dana Reyes \(Summit Telepsychiatry\) joins by video/).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'a joint visit with a partner is accessible');
    await panel.getByRole('button', { name: 'Close appointment' }).click();

    // Dana, in her own practice (her session, signed in with two steps): the visit is on her calendar; she joins.
    await page.context().clearCookies();
    await page.context().addCookies(dana.cookie.split(/;\s*/).map((c) => c.split('=')).map(([name, ...v]) => ({ name, value: v.join('='), url: server.url })));
    await page.goto(server.url + '/');
    await page.getByTestId('home-greeting').waitFor();
    await page.goto(`${server.url}/calendar?date=${visitDay}`);
    await page.locator('.fc-event', { hasText: /Joint visit: Alex Morgan/ }).first().click();
    const visit = page.getByTestId('partner-visit');
    await visit.getByText(new RegExp(`Alex Morgan with ${nameOf(session.json.clinician_id)}`)).waitFor();
    await page.getByRole('button', { name: 'Join by video' }).click();
    await page.getByRole('heading', { name: 'Joint visit by video' }).waitFor();
    await page.getByRole('button', { name: 'Open the room' }).click();
    await page.waitForFunction(() => window.duetCall !== undefined);
    const accounting = (await therapist.request('GET', `/api/v1/clients/${alex.id}/disclosures`)).json.items;
    assert.ok(accounting.length >= disclosed + 2, 'her calendar and her entry are in the accounting');
    assert.ok(accounting.slice(0, 2).every((d) => /Summit Telepsychiatry — Dana Reyes/.test(d.recipient)));
  });

  it('a referral shows on the referred clinician\'s open home page as it is sent', async () => {
    const owner = await signedIn(server.url, DEMO.owner);
    const clinicians = (await owner.request('GET', '/api/v1/clinicians')).json.items;
    const jordan = clinicians.find((c) => c.given_name === 'Jordan');
    const second = await launch();
    try {
      const home = await second.context.newPage();
      await signIn(home, server.url, 'ot@demo.example.com');
      await home.getByTestId('referrals').waitFor();
      const sent = await therapist.request('POST', '/api/v1/referrals', { body: { client_id: alex.id, to_clinician_id: jordan.id,
        urgency: 'routine', reason: 'Fine-motor concerns at work', question: 'Would an OT evaluation help?' } });
      assert.equal(sent.status, 201, sent.text);
      await home.getByTestId('referrals').getByText('Would an OT evaluation help?', { exact: false }).waitFor({ timeout: 10000 });
    } finally {
      await second.close();
    }
  });
});
