// The practice's fees for late cancellations and no-shows (Settings → Payers): a default for each and a
// service's own amounts. The client pays them as a self-pay charge when a visit is marked so.
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { useApi } from '../../lib/useApi';
import type { ChargeTiming, Page, VisitFeePolicy } from '../../types';

interface Service { id: string; name: string }

const dollars = (cents: number | null | undefined) => (cents == null ? '' : cents / 100);
const cents = (v: number | string) => (v === '' ? null : Math.round(Number(v) * 100));

export function VisitFeesSettings({ canEdit }: { canEdit: boolean }) {
  const loaded = useApi<VisitFeePolicy>('/api/v1/billing/visit-fees', 'Could not load the fee policy.');
  const services = useApi<Page<Service>>('/api/v1/services', 'Could not load the services.');
  const [draft, setDraft] = useState<VisitFeePolicy | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const p = draft ?? loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!p) return null;
  const rows = p.by_service;
  const setRow = (i: number, patch: Partial<VisitFeePolicy['by_service'][number]>) =>
    setDraft({ ...p, by_service: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  async function save(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      loaded.set(await api<VisitFeePolicy>('PUT', '/api/v1/billing/visit-fees', p));
      setDraft(null);
      setMessage({ ok: true, text: 'Saved the fee policy.' });
    } catch (x) {
      if (!(x instanceof ApiError)) return setMessage({ ok: false, text: 'Could not save.' });
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length) setMessage({ ok: false, text: x.detail });
    }
  }
  const options = (services.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  return (
    <Card withBorder data-testid="visit-fees">
      <form onSubmit={save}>
        <Title order={2} size="h4" mb={4}>Late cancellations and no-shows</Title>
        <Text size="sm" c="dimmed" mb="sm">What the client pays when a visit is cancelled inside the notice window or missed. Empty: no fee.</Text>
        {message && <Alert mb="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={420}>
          <NumberInput label="Late cancellation ($)" min={0} decimalScale={2} readOnly={!canEdit} value={dollars(p.late_cancel)}
            onChange={(v) => setDraft({ ...p, late_cancel: cents(v) })} error={errors.late_cancel} />
          <NumberInput label="No-show ($)" min={0} decimalScale={2} readOnly={!canEdit} value={dollars(p.no_show)}
            onChange={(v) => setDraft({ ...p, no_show: cents(v) })} error={errors.no_show} />
        </SimpleGrid>
        <Stack gap="xs" mt="sm">
          {rows.map((r, i) => (
            <Group key={i} align="end" wrap="wrap">
              <Select label="Service" w={240} data={options} value={r.service_id || null} readOnly={!canEdit} allowDeselect={false}
                onChange={(v) => v && setRow(i, { service_id: v })} error={errors[`by_service[${i}].service_id`]} />
              <NumberInput label="Late cancellation ($)" w={170} min={0} decimalScale={2} readOnly={!canEdit} value={dollars(r.late_cancel)}
                onChange={(v) => setRow(i, { late_cancel: cents(v) })} />
              <NumberInput label="No-show ($)" w={140} min={0} decimalScale={2} readOnly={!canEdit} value={dollars(r.no_show)}
                onChange={(v) => setRow(i, { no_show: cents(v) })} />
              {canEdit && (
                <ActionIcon variant="subtle" color="red" mb={4} aria-label="Remove this service's fees"
                  onClick={() => setDraft({ ...p, by_service: rows.filter((_, j) => j !== i) })}>✕</ActionIcon>
              )}
            </Group>
          ))}
          {canEdit && (
            <Group>
              <Button variant="default" onClick={() => setDraft({ ...p, by_service: [...rows, { service_id: '', late_cancel: null, no_show: null }] })}>
                Add a service's own fees
              </Button>
              <Button type="submit" disabled={!draft}>Save the fee policy</Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

/** When visits' charges are made: at the note's signing, or when the visit ends (saved as chosen). */
export function ChargeTimingSettings({ canEdit }: { canEdit: boolean }) {
  const loaded = useApi<ChargeTiming>('/api/v1/billing/charge-timing', 'Could not load when charges are made.');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!loaded.data) return null;
  const choose = async (v: string | null) => {
    if (!v) return;
    setMessage(null);
    try {
      loaded.set(await api<ChargeTiming>('PUT', '/api/v1/billing/charge-timing', { charge_at: v }));
      setMessage({ ok: true, text: 'Saved when charges are made.' });
    } catch (x) {
      setMessage({ ok: false, text: x instanceof ApiError ? x.detail : 'Could not save.' });
    }
  };
  return (
    <Card withBorder data-testid="charge-timing">
      <Title order={2} size="h4" mb={4}>When charges are made</Title>
      {message && <Alert mb="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
      <Select label="Make a visit's charge" maw={420} readOnly={!canEdit} allowDeselect={false} value={loaded.data.charge_at} onChange={choose}
        data={[{ value: 'note_signed', label: 'When its progress note is signed' },
          { value: 'visit_end', label: 'When the visit ends (coded again when the note is signed)' }]} />
    </Card>
  );
}
