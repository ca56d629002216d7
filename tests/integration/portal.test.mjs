// A client's own account, in a practice built from nothing: staff invite the client, the client
// sets a password through the link, and sees only their own visits with the way into a video visit
// when its room is open. Another client's ids are not found; staff cannot use the client's routes.
// The same practice's front desk is told which clients with video visits have no telehealth consent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, ENGINE, newPractice, startServer } from '../lib/server.mjs';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const tokenOf = (path) => path.split('/').pop();

describe(`a client's own pages (${ENGINE})`, () => {
  let server;
  let practice;
  let frontDesk;
  let clinician;
  let jordan;
  let riley;
  let video;
  let inPerson;
  let rileys;
  let conference;
  before(async () => {
    server = await startServer({ demo: false });
    practice = await newPractice(server, { name: 'Harbor Light Therapy' });
    const { owner } = practice;
    clinician = await practice.clinician({ given: 'Noor', family: 'Haddad' });
    frontDesk = await practice.invite('front_desk');
    const license = await owner.request('POST', `/api/v1/clinicians/${clinician.id}/licenses`, { body: { kind: 'license', state: 'CO', number: 'LPC-0099',
      issued_on: '2020-01-01', expires_on: '2030-12-31', status: 'active' } });
    assert.equal(license.status, 201, license.text);
    const place = (await owner.request('POST', '/api/v1/locations', { body: { name: 'Harbor office', kind: 'clinic', address: '1 Pier Rd, Denver, CO',
      time_zone: 'America/Denver', state: 'CO' } })).json;
    const service = (await owner.request('POST', '/api/v1/services', { body: { name: 'Psychotherapy, 53 min', cpt_code: '90837', duration_minutes: 53,
      modes: ['in_person', 'video'], fees: { in_person: 16000, video: 16000 } } })).json;
    const client = async (given, family) => {
      const r = await frontDesk.request('POST', '/api/v1/clients', { body: { given_name: given, family_name: family, birth_date: '1991-04-12',
        email: `${given.toLowerCase()}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver', clinician_ids: [clinician.id] } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    jordan = await client('Jordan', 'Avery');
    // A case conference about Jordan among staff: never on Jordan's pages.
    const colleague = await practice.clinician({ given: 'Lee', family: 'Okoro' });
    const team = (await frontDesk.request('GET', `/api/v1/clients/${jordan.id}/care-team`)).json;
    const put = await frontDesk.request('PUT', `/api/v1/clients/${jordan.id}/care-team`, { body: { version: team.version, members: [
      { clinician_id: clinician.id, role: 'primary' }, { clinician_id: colleague.id, role: 'consultant' }] } });
    assert.equal(put.status, 200, put.text);
    const svc = (await owner.request('POST', '/api/v1/services', { body: { name: 'Case conference', duration_minutes: 30, modes: ['video'], fees: { video: 0 } } })).json;
    const meeting = await frontDesk.request('POST', '/api/v1/appointments', { body: { kind: 'conference', clinician_id: clinician.id, client_id: jordan.id,
      attendee_ids: [colleague.id], service_id: svc.id, mode: 'video', start: iso(Date.now() + 26 * 3_600_000), override_reason: 'team meeting' } });
    assert.equal(meeting.status, 201, meeting.text);
    conference = meeting.json;
    riley = await client('Riley', 'Stone');
    const book = async (who, mode, startMs) => {
      const r = await frontDesk.request('POST', '/api/v1/appointments', { body: { clinician_id: clinician.id, client_id: who.id, service_id: service.id, mode,
        ...(mode === 'in_person' ? { location_id: place.id } : {}), start: iso(startMs), override_reason: 'outside the new practice\'s hours' } });
      assert.equal(r.status, 201, r.text);
      return r.json;
    };
    video = await book(jordan, 'video', Date.now() + 10 * 60_000);  // its room is open now
    inPerson = await book(jordan, 'in_person', Date.now() + 3 * 86_400_000);
    rileys = await book(riley, 'video', Date.now() + 2 * 3_600_000);
  });
  after(async () => server?.stop());

  const inviteAndAccept = async (who, email) => {
    const inv = await frontDesk.request('POST', `/api/v1/clients/${who.id}/portal-invitation`, { body: { email } });
    assert.equal(inv.status, 201, inv.text);
    assert.match(inv.json.path, /^\/invite\/[A-Za-z0-9_-]{20,}$/);
    const c = new Client(server.url);
    const preview = await c.request('POST', '/api/v1/invitations/preview', { body: { token: tokenOf(inv.json.path) } });
    assert.equal(preview.json.role, 'client');
    const acc = await c.request('POST', '/api/v1/portal/accept', { body: { token: tokenOf(inv.json.path), password: 'a-client-password-1' } });
    assert.equal(acc.status, 200, acc.text);
    assert.equal(acc.json.user.role, 'client');
    assert.equal(acc.json.mfa_enrollment_required, false, 'two-step sign-in is optional for clients');
    c.csrf = acc.json.csrf_token;
    return c;
  };

  it('lets the front desk invite a client, who then sees only their own visits', async () => {
    const me = await inviteAndAccept(jordan, 'jordan@client.example.com');
    const home = await me.request('GET', '/api/v1/portal/me');
    assert.equal(home.status, 200, home.text);
    assert.equal(home.json.client.id, jordan.id);
    assert.equal(home.json.client.name, 'Jordan');
    assert.equal(home.json.practice_name, 'Harbor Light Therapy');
    assert.deepEqual(home.json.upcoming.map((v) => v.id), [video.id, inPerson.id], 'soonest first, nobody else\'s');
    const [v, p] = home.json.upcoming;
    assert.equal(v.mode, 'video');
    assert.equal(v.room, 'open');
    assert.equal(v.clinician_name, 'Noor Haddad');
    assert.equal(v.service_name, 'Psychotherapy, 53 min');
    assert.equal(v.location, null);
    assert.equal(p.room, 'none');
    assert.deepEqual(p.location, { name: 'Harbor office', address: '1 Pier Rd, Denver, CO' });
    assert.ok(!JSON.stringify(home.json).includes('Riley'), 'another client is never named');

    // Joining: a link to the same page a reminder opens, for this client's visit only.
    const join = await me.request('POST', `/api/v1/portal/appointments/${video.id}/join`);
    assert.equal(join.status, 201, join.text);
    const preview = await new Client(server.url).request('GET', `/api/v1/telehealth/links/${tokenOf(join.json.path)}`);
    assert.equal(preview.status, 200);
    assert.equal(preview.json.room, 'open');
    assert.equal((await me.request('POST', `/api/v1/portal/appointments/${rileys.id}/join`)).status, 404, 'another client\'s visit is not found');
    assert.equal((await me.request('POST', '/api/v1/portal/appointments/no-such-visit/join')).status, 404);
    assert.equal((await me.request('POST', `/api/v1/portal/appointments/${conference.id}/join`)).status, 404, 'a case conference is not the client\'s');
    const early = await me.request('POST', `/api/v1/portal/appointments/${inPerson.id}/join`);
    assert.equal(early.status, 422, 'an in-person visit has no room');

    // The client's account reaches none of the staff's routes.
    for (const path of ['/api/v1/clients', `/api/v1/clients/${jordan.id}`, '/api/v1/appointments?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z', '/api/v1/practice'])
      assert.equal((await me.request('GET', path)).status, 403, path);

    // Everything the client read is audited as the client.
    const audit = (await practice.owner.request('GET', `/api/v1/audit?client_id=${jordan.id}`)).json.items;
    const homeEvent = audit.find((e) => e.action === 'portal.home');
    assert.ok(homeEvent, 'the home page is audited');
    assert.equal(homeEvent.actor_role, 'client');
    assert.ok(audit.some((e) => e.action === 'portal.join_link' && e.resource_id === video.id));
  });

  it('keeps one account per client record, and one e-mail per account', async () => {
    const again = await frontDesk.request('POST', `/api/v1/clients/${jordan.id}/portal-invitation`, { body: { email: 'other@client.example.com' } });
    assert.equal(again.status, 409, 'Jordan already has an account');
    const taken = await frontDesk.request('POST', `/api/v1/clients/${riley.id}/portal-invitation`, { body: { email: 'jordan@client.example.com' } });
    assert.equal(taken.status, 409, 'that e-mail already has an account');
    assert.equal(taken.json.errors?.[0]?.field ?? 'email', 'email');
    const bad = await frontDesk.request('POST', `/api/v1/clients/${riley.id}/portal-invitation`, { body: { email: 'not an address' } });
    assert.equal(bad.status, 400);
    const extra = await frontDesk.request('POST', `/api/v1/clients/${riley.id}/portal-invitation`, { body: { email: 'riley@client.example.com', role: 'owner' } });
    assert.equal(extra.status, 400, 'unknown fields are refused: a client invitation cannot carry a role');
    // Staff invitations cannot make client accounts, nor name a client record.
    const sneaky = await practice.owner.request('POST', '/api/v1/invitations', { body: { email: 'sneaky@client.example.com', role: 'client' } });
    assert.equal(sneaky.status, 400);
    // Two racing accepts of one client link make one account.
    const inv = await frontDesk.request('POST', `/api/v1/clients/${riley.id}/portal-invitation`, { body: { email: 'riley@client.example.com' } });
    const token = tokenOf(inv.json.path);
    const results = await Promise.all([1, 2, 3].map(() => new Client(server.url).request('POST', '/api/v1/portal/accept', { body: { token, password: 'racing-for-the-account' } })));
    assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.status).join(','));
    // Client invitations are not listed among the staff's.
    const staffList = (await practice.owner.request('GET', '/api/v1/invitations')).json.items;
    assert.ok(!staffList.some((i) => i.role === 'client'));
  });

  it('flags clients with a video visit coming and no telehealth consent on file, until one is signed', async () => {
    const missing = await frontDesk.request('GET', '/api/v1/consents/missing');
    assert.equal(missing.status, 200, missing.text);
    const ids = missing.json.items.map((i) => i.client_id);
    assert.deepEqual(ids.sort(), [jordan.id, riley.id].sort());
    const j = missing.json.items.find((i) => i.client_id === jordan.id);
    assert.equal(j.client_name, 'Jordan Avery');
    assert.equal(j.next_visit.id, video.id, 'the next video visit, not the in-person one');
    const one = (await frontDesk.request('GET', `/api/v1/consents/missing?client_id=${riley.id}`)).json.items;
    assert.deepEqual(one.map((i) => i.client_id), [riley.id]);
    // The clinician records the consent in session; Jordan is no longer flagged.
    const signed = await practice.owner.request('POST', `/api/v1/clients/${jordan.id}/consents`, { body: { kind: 'telehealth_consent', signed_name: 'Jordan Avery' } });
    assert.equal(signed.status, 201, signed.text);
    const after = (await frontDesk.request('GET', '/api/v1/consents/missing')).json.items.map((i) => i.client_id);
    assert.deepEqual(after, [riley.id]);
    // Another practice sees none of it.
    const other = await newPractice(server, { name: 'Across Town' });
    assert.deepEqual((await other.owner.request('GET', '/api/v1/consents/missing')).json.items, []);
  });

  it('does not let another practice invite this practice\'s client, and keeps staff out of the client pages', async () => {
    const other = await newPractice(server, { name: 'Elsewhere Counseling' });
    const across = await other.owner.request('POST', `/api/v1/clients/${riley.id}/portal-invitation`, { body: { email: 'riley2@client.example.com' } });
    assert.equal(across.status, 404);
    assert.equal((await frontDesk.request('GET', '/api/v1/portal/me')).status, 403);
    assert.equal((await practice.owner.request('POST', `/api/v1/portal/appointments/${video.id}/join`)).status, 403);
  });
});
