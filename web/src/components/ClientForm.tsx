import { Alert, Button, Checkbox, Divider, Group, Modal, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DateInput } from '../lib/dateInput';
import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../api';
import type { ClientRecord, Diagnosis, Guardian, Insurance } from '../lib/clients';
import { LANGUAGES } from '../lib/i18n';
import { STATE_OPTIONS, TIME_ZONES } from '../lib/states';
import type { Clinician } from '../pages/Clinicians';
import { useApi } from '../lib/useApi';
import type { Page, Payer } from '../types';

type Draft = Omit<ClientRecord, 'id' | 'version' | 'view' | 'created_at' | 'updated_at' | 'has_account'>;

const empty: Draft = {
  given_name: '', family_name: '', preferred_name: '', pronouns: '', birth_date: '', email: '', phone: '', preferred_channel: 'email', language: 'en',
  address: { line1: '', line2: '', city: '', state: '', postal_code: '' }, location_state: '', time_zone: '', guardians: [],
  emergency_contact: null, insurance: [], insurance_status: 'unknown', sliding_fee_percent: null, diagnoses: [], status: 'active', clinician_ids: [],
};

const PAYS = [
  { value: 'unknown', label: 'Not asked yet' },
  { value: 'insurance', label: 'Through insurance' },
  { value: 'self_pay', label: 'Self-pay (insured, no claim)' },
  { value: 'uninsured', label: 'Uninsured' },
];

// Create (no `client`) or edit a client. Field errors from the server appear under their fields.
export function ClientForm({ opened, client, onClose, onSaved }: {
  opened: boolean; client?: ClientRecord; onClose: () => void; onSaved: (c: ClientRecord) => void;
}) {
  const [d, setD] = useState<Draft>(empty);
  const clinicians = useApi<Page<Clinician>>(opened ? '/api/v1/clinicians' : null).data?.items ?? [];
  const payers = useApi<Page<Payer>>(opened ? '/api/v1/payers' : null).data?.items ?? [];
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const showDiagnoses = !client || client.view !== 'demographics';

  useEffect(() => {
    if (!opened) return;
    setErrors([]);
    setD(client ? { ...empty, ...client, diagnoses: client.diagnoses ?? [] } : empty);
  }, [opened, client]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (f: string) => errors.find((e) => e.field === f)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    const body: Record<string, unknown> = { ...d };
    if (!showDiagnoses) delete body.diagnoses;
    if (client) body.version = client.version;
    try {
      const saved = client
        ? await api<ClientRecord>('PATCH', `/api/v1/clients/${client.id}`, body)
        : await api<ClientRecord>('POST', '/api/v1/clients', body);
      onSaved(saved);
    } catch (x) {
      if (x instanceof ApiError) setErrors(x.errors.length ? x.errors : [{ field: '', message: x.detail }]);
      else setErrors([{ field: '', message: 'Could not save.' }]);
    } finally {
      setBusy(false);
    }
  }

  const guardian = (i: number, g: Partial<Guardian>) => set('guardians', d.guardians.map((x, j) => (j === i ? { ...x, ...g } : x)));
  const diagnosis = (i: number, g: Partial<Diagnosis>) => set('diagnoses', (d.diagnoses ?? []).map((x, j) => (j === i ? { ...x, ...g } : x)));

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title={client ? 'Edit client' : 'New client'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          {errors.length > 0 && (
            <Alert color="red" role="alert" title="Check the highlighted fields">
              {errors.map((e) => e.message && !e.field ? e.message : null)}
              {errors.filter((e) => e.field).length > 0 && `${errors.filter((e) => e.field).length} field(s) need attention.`}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Legal first name" required value={d.given_name} onChange={(e) => set('given_name', e.currentTarget.value)} error={err('given_name')} />
            <TextInput label="Legal last name" required value={d.family_name} onChange={(e) => set('family_name', e.currentTarget.value)} error={err('family_name')} />
            <TextInput label="Preferred name" value={d.preferred_name} onChange={(e) => set('preferred_name', e.currentTarget.value)} error={err('preferred_name')} />
            <TextInput label="Pronouns" value={d.pronouns} onChange={(e) => set('pronouns', e.currentTarget.value)} error={err('pronouns')} />
            <DateInput label="Date of birth" required value={d.birth_date || null} onChange={(v) => set('birth_date', v ?? '')}
              valueFormat="YYYY-MM-DD" error={err('birth_date')} />
            <Select label="Status" data={['waitlist', 'active', 'discharged']} value={d.status} onChange={(v) => set('status', v ?? 'active')} />
            <TextInput label="E-mail" type="email" value={d.email} onChange={(e) => set('email', e.currentTarget.value)} error={err('email')} />
            <TextInput label="Phone" value={d.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={err('phone')} />
            <Select label="Preferred channel" data={[{ value: 'email', label: 'E-mail' }, { value: 'sms', label: 'Text message' }, { value: 'phone', label: 'Phone call' }]}
              value={d.preferred_channel} onChange={(v) => set('preferred_channel', v ?? 'email')} error={err('preferred_channel')} />
            <Select label="Language" description="Their e-mails, texts and portal pages" data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
              value={d.language} onChange={(v) => set('language', v ?? 'en')} allowDeselect={false} error={err('language')} />
            <MultiSelect label="Clinicians" data={clinicians.map((c) => ({ value: c.id, label: `${c.given_name} ${c.family_name}` }))}
              value={d.clinician_ids} onChange={(v) => set('clinician_ids', v)} error={err('clinician_ids')} />
          </SimpleGrid>
          <Divider label="Where the client usually is" labelPosition="left" />
          <Text size="sm" c="dimmed">Telehealth is lawful only where the clinician may practise in the state the client is in at the time of the visit.</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Usual location (state)" required data={STATE_OPTIONS} searchable value={d.location_state || null}
              onChange={(v) => set('location_state', v ?? '')} error={err('location_state')} />
            <Select label="Time zone" required data={TIME_ZONES} searchable value={d.time_zone || null} onChange={(v) => set('time_zone', v ?? '')} error={err('time_zone')} />
            <TextInput label="Address" value={d.address.line1} onChange={(e) => set('address', { ...d.address, line1: e.currentTarget.value })} />
            <TextInput label="City" value={d.address.city} onChange={(e) => set('address', { ...d.address, city: e.currentTarget.value })} />
            <Select label="Address state" data={STATE_OPTIONS} searchable clearable value={d.address.state || null}
              onChange={(v) => set('address', { ...d.address, state: v ?? '' })} error={err('address.state')} />
            <TextInput label="ZIP code" value={d.address.postal_code} onChange={(e) => set('address', { ...d.address, postal_code: e.currentTarget.value })} error={err('address.postal_code')} />
          </SimpleGrid>
          <Divider label="Insurance" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="How the client pays" data={PAYS} value={d.insurance_status}
              description="Self-pay and uninsured clients are owed a Good Faith Estimate"
              onChange={(v) => set('insurance_status', (v ?? 'unknown') as Draft['insurance_status'])} error={err('insurance_status')} />
            <NumberInput label="Sliding scale (% of the fee)" min={1} max={100} allowDecimal={false} value={d.sliding_fee_percent ?? ''}
              description="Self-pay visits at this share of the practice's fee"
              onChange={(v) => set('sliding_fee_percent', typeof v === 'number' ? v : null)} error={err('sliding_fee_percent')} />
          </SimpleGrid>
          {d.insurance.map((p, i) => (
            <PolicyFields key={i} index={i} policy={p} payers={payers} err={err}
              onChange={(next) => set('insurance', d.insurance.map((x, j) => (j === i ? next : x)))}
              onRemove={() => set('insurance', d.insurance.filter((_, j) => j !== i))} />
          ))}
          {d.insurance.length < 2 && (
            <Group><Button variant="light" size="xs" onClick={() => set('insurance', [...d.insurance, blankPolicy(d.insurance.length === 0 ? 'primary' : 'secondary')])}>
              {d.insurance.length === 0 ? 'Add insurance' : 'Add a secondary policy'}
            </Button></Group>
          )}
          <Divider label="Parents and guardians" labelPosition="left" />
          {d.guardians.map((g, i) => (
            <SimpleGrid key={i} cols={{ base: 1, sm: 5 }}>
              <TextInput label="Name" value={g.name} onChange={(e) => guardian(i, { name: e.currentTarget.value })} error={err(`guardians[${i}].name`)} />
              <Select label="Relationship" data={['parent', 'legal_guardian', 'caregiver', 'other']} value={g.relationship}
                onChange={(v) => guardian(i, { relationship: v ?? 'parent' })} />
              <TextInput label="Phone" value={g.phone} onChange={(e) => guardian(i, { phone: e.currentTarget.value })} error={err(`guardians[${i}].phone`)} />
              <TextInput label="E-mail" value={g.email} onChange={(e) => guardian(i, { email: e.currentTarget.value })} error={err(`guardians[${i}].email`)} />
              <Checkbox mt="xl" label="May consent" checked={g.can_consent} onChange={(e) => guardian(i, { can_consent: e.currentTarget.checked })} />
            </SimpleGrid>
          ))}
          <Group><Button variant="light" size="xs" onClick={() => set('guardians', [...d.guardians, { name: '', relationship: 'parent', phone: '', email: '', can_consent: true }])}>Add parent or guardian</Button></Group>
          {showDiagnoses && (
            <>
              <Divider label="Diagnoses (ICD-10-CM)" labelPosition="left" />
              {(d.diagnoses ?? []).map((x, i) => (
                <Group key={i} align="flex-end" wrap="nowrap">
                  <TextInput label="Code" w={110} value={x.code} onChange={(e) => diagnosis(i, { code: e.currentTarget.value.toUpperCase() })} error={err(`diagnoses[${i}].code`)} />
                  <TextInput label="Description" style={{ flex: 1 }} value={x.description} onChange={(e) => diagnosis(i, { description: e.currentTarget.value })} />
                  <Checkbox mb={8} label="Primary" checked={x.primary} onChange={(e) => diagnosis(i, { primary: e.currentTarget.checked })} />
                  <Checkbox mb={8} label="Part 2 (SUD)" checked={x.part2 ?? false} onChange={(e) => diagnosis(i, { part2: e.currentTarget.checked })} />
                </Group>
              ))}
              {err('diagnoses') && <Text c="red" size="sm">{err('diagnoses')}</Text>}
              <Group><Button variant="light" size="xs" onClick={() => set('diagnoses', [...(d.diagnoses ?? []), { code: '', description: '', primary: (d.diagnoses ?? []).length === 0, part2: false }])}>Add diagnosis</Button></Group>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{client ? 'Save changes' : 'Add client'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const blankPolicy = (priority: string): Insurance => ({
  payer: '', payer_ref: '', member_id: '', group_number: '', subscriber_name: '', subscriber_relationship: 'self', subscriber_birth_date: '',
  subscriber_sex: '', priority, copay: null, coinsurance_percent: null, deductible_remaining: null,
});

const dollars = (cents: number | null | undefined) => (cents == null ? '' : cents / 100);
const cents = (v: number | string) => (v === '' ? null : Math.round(Number(v) * 100));

// One policy: the payer (one of the practice's, or typed), the member, who the subscriber is (their
// name and date of birth when the client is a dependant), and the client's share.
function PolicyFields({ index, policy, payers, err, onChange, onRemove }: {
  index: number; policy: Insurance; payers: Payer[]; err: (f: string) => string | undefined;
  onChange: (p: Insurance) => void; onRemove: () => void;
}) {
  const f = (name: string) => err(`insurance[${index}].${name}`);
  const set = <K extends keyof Insurance>(k: K, v: Insurance[K]) => onChange({ ...policy, [k]: v });
  const known = payers.filter((p) => p.active || p.id === policy.payer_ref);
  return (
    <Stack gap="xs" data-testid={`policy-${index}`}>
      <Group justify="space-between"><Text fw={600} size="sm">{policy.priority === 'secondary' ? 'Secondary policy' : 'Primary policy'}</Text>
        <Button variant="subtle" size="xs" color="red" onClick={onRemove}>Remove this policy</Button></Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label="Payer" searchable data={known.map((p) => ({ value: p.id, label: p.name }))} value={policy.payer_ref || null}
          placeholder={policy.payer && !policy.payer_ref ? policy.payer : 'Choose a payer'}
          onChange={(v) => onChange({ ...policy, payer_ref: v ?? '', payer: payers.find((p) => p.id === v)?.name ?? '' })}
          error={f('payer_ref') ?? f('payer')} />
        <TextInput label="Member ID" value={policy.member_id} error={f('member_id')} onChange={(e) => set('member_id', e.currentTarget.value)} />
        <TextInput label="Group number" value={policy.group_number} onChange={(e) => set('group_number', e.currentTarget.value)} />
        <Select label="The subscriber is" allowDeselect={false} value={policy.subscriber_relationship} error={f('subscriber_relationship')}
          data={[{ value: 'self', label: 'The client' }, { value: 'spouse', label: 'Their spouse' }, { value: 'child', label: 'Their parent (the client is the child)' },
            { value: 'other', label: 'Someone else' }]}
          onChange={(v) => set('subscriber_relationship', v ?? 'self')} />
        {policy.subscriber_relationship !== 'self' && (
          <>
            <TextInput label="Subscriber's name" required value={policy.subscriber_name} error={f('subscriber_name')}
              onChange={(e) => set('subscriber_name', e.currentTarget.value)} />
            <DateInput label="Subscriber's date of birth" required valueFormat="YYYY-MM-DD" value={policy.subscriber_birth_date || null}
              error={f('subscriber_birth_date')} onChange={(v) => set('subscriber_birth_date', v ?? '')} />
          </>
        )}
        <NumberInput label="Copay ($)" min={0} decimalScale={2} value={dollars(policy.copay)} error={f('copay')} onChange={(v) => set('copay', cents(v))} />
        <NumberInput label="Coinsurance (%)" min={0} max={100} value={policy.coinsurance_percent ?? ''} error={f('coinsurance_percent')}
          onChange={(v) => set('coinsurance_percent', v === '' ? null : Number(v))} />
        <NumberInput label="Deductible left ($)" min={0} decimalScale={2} value={dollars(policy.deductible_remaining)} error={f('deductible_remaining')}
          onChange={(v) => set('deductible_remaining', cents(v))} />
      </SimpleGrid>
    </Stack>
  );
}
