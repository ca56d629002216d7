// Adding a field to a client is the migration, the model and its codec line, and the form input:
// this test proves every field the contract lets a client record carry round-trips through the API
// and appears in the web's generated type. A new field without a sample here fails it, by name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEMO, signedIn, startServer } from '../lib/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = process.env.DUET_BIN ?? join(root, 'build/release/duet');
const doc = JSON.parse(execFileSync(bin, ['openapi'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

// A synthetic person: one value for every field a client record takes (null: filled in the test).
const SAMPLES = {
  given_name: 'Riley',
  family_name: 'Synthetic',
  preferred_name: 'Ri',
  pronouns: 'they/them',
  birth_date: '1990-04-12',
  email: 'riley.synthetic@client.example.com',
  phone: '+15552010199',
  preferred_channel: 'sms',
  language: 'es',
  address: { line1: '9 Example Row', line2: 'Apt 2', city: 'Columbus', state: 'OH', postal_code: '43004' },
  location_state: 'OH',
  time_zone: 'America/New_York',
  guardians: [{ name: 'Jordan Synthetic', relationship: 'parent', phone: '+15552010198', email: 'jordan@client.example.com', can_consent: true }],
  emergency_contact: { name: 'Sam Synthetic', relationship: 'sibling', phone: '+15552010197' },
  insurance: [{ payer: 'Example Health', payer_ref: '', member_id: 'EX123', group_number: 'G9', subscriber_name: 'Jordan Synthetic',
    subscriber_relationship: 'child', subscriber_birth_date: '1970-03-04', subscriber_sex: 'U', priority: 'primary', copay: 2000,
    coinsurance_percent: 10, deductible_remaining: 25000 }],
  insurance_status: 'self_pay',
  sliding_fee_percent: 60,
  diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder', primary: true, part2: false }, { code: 'F10.20', description: 'Alcohol use disorder, moderate', primary: false, part2: true }],
  status: 'active',
  clinician_ids: null,
  version: null,  // the server numbers versions
};

describe('a client field round-trips and is in the web type', () => {
  let server;
  let owner;
  before(async () => {
    server = await startServer();
    owner = await signedIn(server.url, DEMO.owner);
  });
  after(async () => server?.stop());

  it('has a sample for every field a client record takes', () => {
    const writable = Object.entries(doc.components.schemas.ClientInput.properties).filter(([, s]) => !s.readOnly).map(([k]) => k);
    const missing = writable.filter((f) => !(f in SAMPLES));
    assert.deepEqual(missing, [], 'a new client field: add a sample above, and its input to the client form');
  });

  it('writes every field and reads it back the same', async () => {
    const rowan = (await owner.request('GET', '/api/v1/clinicians')).json.items.find((c) => c.given_name === 'Rowan');
    const body = Object.fromEntries(Object.entries(SAMPLES).filter(([, v]) => v !== null));
    body.clinician_ids = [rowan.id];
    const made = await owner.request('POST', '/api/v1/clients', { body });
    assert.equal(made.status, 201, made.text);
    const read = (await owner.request('GET', `/api/v1/clients/${made.json.id}`)).json;
    for (const [field, value] of Object.entries(body)) assert.deepEqual(read[field], value, field);
    // And each can be changed alone.
    const changed = await owner.request('PATCH', `/api/v1/clients/${read.id}`, { body: { pronouns: 'she/her', version: read.version } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.pronouns, 'she/her');
    assert.equal(changed.json.family_name, 'Synthetic', 'fields not sent stay as they were');
  });

  it('appears in the type the web app is built against', () => {
    const types = readFileSync(join(root, 'web/src/api-schema.d.ts'), 'utf8');
    const start = types.indexOf('\n        Client: {');
    assert.ok(start > 0, 'the generated types have Client');
    const block = types.slice(start, types.indexOf('\n        };', start));
    for (const field of Object.keys(doc.components.schemas.Client.properties))
      assert.match(block, new RegExp(`\\n {12}${field}\\??:`), `${field} is in the web's Client type`);
  });
});
