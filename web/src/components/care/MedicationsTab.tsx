// The chart's medication list: what the client takes (active first), who prescribes it and where
// prescriptions are sent (Duet does not e-prescribe), and each medication's history — started, changed
// (what and why), stopped (why), and the side effects and adherence the prescriber or the therapist
// recorded. Every change is kept; nothing is edited in place.
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Medication, MedicationEvent, MedicationInput, Page } from '../../types';

const SIDE_EFFECTS: Record<string, string> = {
  nausea: 'Nausea', headache: 'Headache', sleepiness: 'Sleepiness', insomnia: 'Trouble sleeping', dizziness: 'Dizziness',
  weight_change: 'Weight change', dry_mouth: 'Dry mouth', sexual_function: 'Sexual side effects', agitation: 'Agitation',
  restlessness: 'Restlessness', appetite_change: 'Appetite change', other: 'Other (in the note)',
};
const ADHERENCE: Record<string, string> = {
  as_prescribed: 'Takes it as prescribed', misses_doses: 'Misses doses', stopped_on_own: 'Stopped on their own',
  takes_more: 'Takes more than prescribed', unknown: 'Not known',
};
const KIND: Record<string, string> = { started: 'Started', changed: 'Changed', stopped: 'Stopped', observed: 'Observed' };
type Field = 'name' | 'strength' | 'form' | 'dose' | 'route' | 'frequency' | 'prescriber' | 'sent_to' | 'reason' | 'rxnorm';
const FIELDS: [Field, string][] = [
  ['name', 'Medication'], ['strength', 'Strength'], ['form', 'Form'], ['dose', 'Dose'], ['route', 'Route'], ['frequency', 'How often'],
  ['prescriber', 'Prescriber'], ['sent_to', 'Prescriptions sent to'], ['reason', 'For'], ['rxnorm', 'RxNorm code (if known)'],
];
const fieldErrors = (e: unknown) =>
  e instanceof ApiError ? Object.fromEntries((e.errors.length ? e.errors : [{ field: 'name', message: e.detail }]).map((f) => [f.field, f.message])) : { name: 'That did not work. Try again.' };
const summary = (m: Medication) => [m.strength, m.form].filter(Boolean).join(' ') + (m.dose || m.route || m.frequency ? ` — ${[m.dose, m.route, m.frequency].filter(Boolean).join(', ')}` : '');

function Entry({ clientId, medication, onClose, onSaved }: { clientId: string; medication: Medication | null; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState<Record<Field, string>>(() =>
    Object.fromEntries(FIELDS.map(([k]) => [k, medication?.[k] ?? ''])) as Record<Field, string>);
  const [notes, setNotes] = useState(medication?.notes ?? '');
  const [why, setWhy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      const body: MedicationInput = { ...form, notes, version: medication?.version ?? 0, why };
      if (medication) await api('PUT', `/api/v1/clients/${clientId}/medications/${medication.id}`, body);
      else await api('POST', `/api/v1/clients/${clientId}/medications`, body);
      onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={medication ? `Change ${medication.name}` : 'Add a medication'} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {FIELDS.map(([k, label]) => (
            <TextInput key={k} label={label} required={k === 'name'} value={form[k]} error={errors[k]}
              onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [k]: v })); }} />
          ))}
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={errors.notes} />
        {medication && <TextInput label="Why it changes" required value={why} onChange={(e) => setWhy(e.currentTarget.value)} error={errors.why} />}
        {errors.version && <Alert color="red" role="alert">{errors.version}</Alert>}
        <Group justify="flex-end"><Button loading={busy} onClick={() => void save()}>{medication ? 'Save the change' : 'Add'}</Button></Group>
      </Stack>
    </Modal>
  );
}

function Stop({ clientId, medication, onClose, onSaved }: { clientId: string; medication: Medication; onClose: () => void; onSaved: () => void }) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const stop = async () => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/medications/${medication.id}/stop`, { version: medication.version, reason });
      onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Stop ${medication.name}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <TextInput label="Why it is stopped" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.stop_reason ?? errors.name} />
        <Group justify="flex-end"><Button color="red.9" onClick={() => void stop()}>Stop it today</Button></Group>
      </Stack>
    </Modal>
  );
}

function Observe({ clientId, medication, onClose, onSaved }: { clientId: string; medication: Medication; onClose: () => void; onSaved: () => void }) {
  const [adherence, setAdherence] = useState('');
  const [effects, setEffects] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async () => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/medications/${medication.id}/observations`,
        { ...(adherence ? { adherence } : {}), side_effects: effects, note });
      onSaved();
    } catch (e) {
      setErrors(fieldErrors(e));
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Side effects and adherence: ${medication.name}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <NativeSelect label="How it is taken" value={adherence} onChange={(e) => setAdherence(e.currentTarget.value)}
          data={[{ value: '', label: 'Not asked' }, ...Object.entries(ADHERENCE).map(([value, label]) => ({ value, label }))]} error={errors.adherence} />
        <Checkbox.Group label="Side effects" value={effects} onChange={setEffects} error={errors.side_effects}>
          <SimpleGrid cols={2} mt="xs">{Object.entries(SIDE_EFFECTS).map(([value, label]) => <Checkbox key={value} value={value} label={label} />)}</SimpleGrid>
        </Checkbox.Group>
        <Textarea label="Note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />
        <Group justify="flex-end"><Button onClick={() => void save()}>Record</Button></Group>
      </Stack>
    </Modal>
  );
}

function History({ events }: { events: MedicationEvent[] }) {
  return (
    <Stack gap={2} component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="History">
      {events.map((e) => (
        <Text component="li" size="sm" key={e.id}>
          {fmtDateTime(e.at)} · {KIND[e.kind] ?? e.kind} by {e.by}
          {e.changes.length > 0 && ` · ${e.changes.join('; ')}`}
          {e.why && ` · why: ${e.why}`}
          {e.adherence && ` · ${ADHERENCE[e.adherence] ?? e.adherence}`}
          {e.side_effects.length > 0 && ` · side effects: ${e.side_effects.map((s) => SIDE_EFFECTS[s] ?? s).join(', ')}`}
          {e.note && ` · ${e.note}`}
        </Text>
      ))}
    </Stack>
  );
}

export function MedicationsTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const list = useApi<Page<Medication>>(`/api/v1/clients/${clientId}/medications`, 'The medications could not be loaded.');
  const [editing, setEditing] = useState<Medication | null | undefined>(undefined);
  const [stopping, setStopping] = useState<Medication | null>(null);
  const [observing, setObserving] = useState<Medication | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const done = () => { setEditing(undefined); setStopping(null); setObserving(null); list.reload(); };
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">Medications</Title>
        {canWrite && <Button onClick={() => setEditing(null)}>Add a medication</Button>}
      </Group>
      <Text size="sm" c="dimmed">Duet keeps the list and its history; prescriptions are sent by the prescriber's own e-prescribing system.</Text>
      {list.error && <Alert color="red" role="alert">{list.error}</Alert>}
      {list.data && items.length === 0 && <Text>No medications recorded.</Text>}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((m) => (
          <Card key={m.id} withBorder component="li" aria-label={m.name}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={700}>{m.name}</Text>
                  {m.stopped_on ? <Badge variant="outline" color="gray.8">Stopped {fmtDate(m.stopped_on)}</Badge> : <Badge variant="outline" color="teal.9">Active</Badge>}
                </Group>
                {summary(m) && <Text size="sm">{summary(m)}</Text>}
                <Text size="sm">
                  {m.prescriber ? `Prescribed by ${m.prescriber}` : 'Prescriber not recorded'}{m.sent_to ? ` · sent to ${m.sent_to}` : ''} · since {fmtDate(m.started_on)}
                  {m.reason ? ` · for ${m.reason}` : ''}
                </Text>
                {m.stop_reason && <Text size="sm">Stopped because: {m.stop_reason}</Text>}
                {m.notes && <Text size="sm" c="dimmed">{m.notes}</Text>}
              </Stack>
              {canWrite && (
                <Group gap="xs" wrap="nowrap">
                  <Button size="xs" variant="default" onClick={() => setObserving(m)}>Side effects</Button>
                  {!m.stopped_on && <Button size="xs" variant="default" onClick={() => setEditing(m)}>Change</Button>}
                  {!m.stopped_on && <Button size="xs" variant="default" color="red.9" onClick={() => setStopping(m)}>Stop</Button>}
                </Group>
              )}
            </Group>
            <Anchor component="button" type="button" size="sm" mt="xs" onClick={() => setOpen(open === m.id ? null : m.id)} aria-expanded={open === m.id}>
              {open === m.id ? 'Hide the history' : `History (${m.history.length})`}
            </Anchor>
            {open === m.id && <History events={m.history} />}
          </Card>
        ))}
      </Stack>
      {editing !== undefined && <Entry clientId={clientId} medication={editing} onClose={() => setEditing(undefined)} onSaved={done} />}
      {stopping && <Stop clientId={clientId} medication={stopping} onClose={() => setStopping(null)} onSaved={done} />}
      {observing && <Observe clientId={clientId} medication={observing} onClose={() => setObserving(null)} onSaved={done} />}
    </Stack>
  );
}
