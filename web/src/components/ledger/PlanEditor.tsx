// A clinician's compensation plan, as the owner keeps it: per visit by service and mode (or the same in
// every mode), a share of what was collected, or hourly; what late cancellations and no-shows pay; and
// whether pay waits for the signed note.
import { ActionIcon, Alert, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { MODE_LABEL, money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { CompensationPlan, Page, Service, VisitMode } from '../../types';

type Missed = CompensationPlan['late_cancel'];
const BLANK: CompensationPlan = {
  clinician_id: '', basis: 'per_visit', rates: [], default_rate: 0, share_percent: 0, hourly_rate: 0,
  late_cancel: { pay: 'none', amount: 0, percent: 0 }, no_show: { pay: 'none', amount: 0, percent: 0 }, requires_signed_note: true,
  hold_denied: true, updated_at: '', updated_by: '',
};

function missedWords(m: Missed) {
  return m.pay === 'fixed' ? money(m.amount) : m.pay === 'share_of_fee' ? `${m.percent}% of the fee collected` : 'not paid';
}

/** The plan in one sentence, for the clinician and the owner. */
export function planWords(p: CompensationPlan, services: Service[] = []) {
  const name = (id: string) => services.find((s) => s.id === id)?.name ?? 'a service';
  const basis = p.basis === 'share' ? `${p.share_percent}% of what is collected for each visit`
    : p.basis === 'hourly' ? `${money(p.hourly_rate)} an hour of visit time`
      : [...p.rates.map((r) => `${money(r.amount)} for ${r.service_id ? name(r.service_id) : 'any visit'}${r.mode ? ` ${MODE_LABEL[r.mode as VisitMode].toLowerCase()}` : ' in every mode'}`),
        ...(p.default_rate ? [`${money(p.default_rate)} for any other visit`] : [])].join('; ');
  return `${basis}. Late cancellations: ${missedWords(p.late_cancel)}; no-shows: ${missedWords(p.no_show)}.`
    + `${p.requires_signed_note ? ' Paid once the note is signed.' : ''}${p.hold_denied ? ' Held if the claim is denied.' : ''}`;
}

export function PlanEditor({ clinicianId, name, onClose, onSaved }: { clinicianId: string; name: string; onClose: () => void; onSaved: () => void }) {
  const loaded = useApi<CompensationPlan>(`/api/v1/clinicians/${clinicianId}/compensation`);
  const services = useApi<Page<Service>>('/api/v1/services').data?.items ?? [];
  const [draft, setDraft] = useState<CompensationPlan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const p = draft ?? loaded.data ?? (loaded.error ? BLANK : null);
  if (!p) return null;
  const set = (patch: Partial<CompensationPlan>) => setDraft({ ...p, ...patch });
  const cents = (v: number | string) => Math.round(Number(v || 0) * 100);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      await api('PUT', `/api/v1/clinicians/${clinicianId}/compensation`, p);
      onSaved();
    } catch (x) {
      setProblem(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'Could not save the plan.');
    }
  };
  const missed = (label: string, m: Missed, put: (m: Missed) => void) => (
    <Group align="end">
      <Select label={label} w={200} allowDeselect={false} value={m.pay} onChange={(v) => v && put({ ...m, pay: v as Missed['pay'] })}
        data={[{ value: 'none', label: 'Not paid' }, { value: 'fixed', label: 'A fixed amount' }, { value: 'share_of_fee', label: 'A share of the fee collected' }]} />
      {m.pay === 'fixed' && <NumberInput label="Amount ($)" w={120} min={0} decimalScale={2} value={m.amount / 100} onChange={(v) => put({ ...m, amount: cents(v) })} />}
      {m.pay === 'share_of_fee' && <NumberInput label="Percent" w={100} min={0} max={100} value={m.percent} onChange={(v) => put({ ...m, percent: Number(v || 0) })} />}
    </Group>
  );
  return (
    <Modal opened onClose={onClose} title={`Compensation plan — ${name}`} size="lg" closeButtonProps={{ "aria-label": "Close" }}>
      <form onSubmit={submit}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <Select label="Paid by" allowDeselect={false} value={p.basis} onChange={(v) => v && set({ basis: v as CompensationPlan['basis'] })}
            data={[{ value: 'per_visit', label: 'Per visit (by service and mode)' }, { value: 'share', label: 'A share of what is collected' }, { value: 'hourly', label: 'Hourly' }]} />
          {p.basis === 'per_visit' && (
            <Stack gap="xs">
              {p.rates.map((r, i) => (
                <Group key={i} align="end">
                  <Select label="Service" w={220} clearable placeholder="Any service" value={r.service_id || null}
                    data={services.map((s) => ({ value: s.id, label: s.name }))}
                    onChange={(v) => set({ rates: p.rates.map((x, j) => (j === i ? { ...x, service_id: v ?? '' } : x)) })} />
                  <Select label="Mode" w={160} value={r.mode} allowDeselect={false}
                    data={[{ value: '', label: 'Every mode (same pay)' }, ...Object.entries(MODE_LABEL).map(([value, label]) => ({ value, label }))]}
                    onChange={(v) => set({ rates: p.rates.map((x, j) => (j === i ? { ...x, mode: v ?? '' } : x)) })} />
                  <NumberInput label="Per visit ($)" w={120} min={0} decimalScale={2} value={r.amount / 100}
                    onChange={(v) => set({ rates: p.rates.map((x, j) => (j === i ? { ...x, amount: cents(v) } : x)) })} />
                  <ActionIcon variant="subtle" color="red" mb={4} aria-label="Remove this rate" onClick={() => set({ rates: p.rates.filter((_, j) => j !== i) })}>✕</ActionIcon>
                </Group>
              ))}
              <Group>
                <Button variant="default" size="xs" onClick={() => set({ rates: [...p.rates, { service_id: '', mode: '', amount: 0 }] })}>Add a rate</Button>
              </Group>
              <NumberInput label="Any other visit ($)" w={180} min={0} decimalScale={2} value={p.default_rate / 100} onChange={(v) => set({ default_rate: cents(v) })} />
            </Stack>
          )}
          {p.basis === 'share' && <NumberInput label="Share of what is collected (%)" w={240} min={0} max={100} value={p.share_percent} onChange={(v) => set({ share_percent: Number(v || 0) })} />}
          {p.basis === 'hourly' && <NumberInput label="Hourly rate ($)" w={200} min={0} decimalScale={2} value={p.hourly_rate / 100} onChange={(v) => set({ hourly_rate: cents(v) })} />}
          <SimpleGrid cols={1}>
            {missed('Late cancellations', p.late_cancel, (m) => set({ late_cancel: m }))}
            {missed('No-shows', p.no_show, (m) => set({ no_show: m }))}
          </SimpleGrid>
          <Checkbox label="Pay waits for the signed progress note" checked={p.requires_signed_note} onChange={(e) => set({ requires_signed_note: e.currentTarget.checked })} />
          <Checkbox label="Hold a visit whose claim is denied (and take it back if it was paid)" checked={p.hold_denied} onChange={(e) => set({ hold_denied: e.currentTarget.checked })} />
          <Text size="sm" c="dimmed">{planWords(p, services)}</Text>
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Save the plan</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
