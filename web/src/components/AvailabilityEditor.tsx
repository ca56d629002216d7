import { ActionIcon, Alert, Button, Card, Group, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError, type FieldError } from '../api';
import type { Availability, Block, Location } from '../lib/scheduling';
import { useLoad } from '../lib/useApi';
import type { Page } from '../types';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
type Exception = Availability['exceptions'][number];

// The clinician's week in mode blocks (in their own zone) and dated exceptions: time off, or a day
// whose block changes mode. Outside every block is outside working hours.
export function AvailabilityEditor({ clinicianId, zone, canEdit }: { clinicianId: string; zone: string; canEdit: boolean }) {
  const loaded = useLoad(clinicianId, () => Promise.all([
    api<Availability>('GET', `/api/v1/clinicians/${clinicianId}/availability`),
    api<Page<Location>>('GET', '/api/v1/locations'),
  ]), 'Could not load the weekly blocks.');
  // What is on screen: the saved week until the first edit, then the edited one.
  const [edited, setEdited] = useState<Pick<Availability, 'blocks' | 'exceptions'> | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  const week = edited ?? loaded.data?.[0];
  if (!week) return null;
  const { blocks, exceptions } = week;
  const locations = loaded.data?.[1].items ?? [];
  const setBlocks = (next: Block[]) => setEdited({ blocks: next, exceptions });
  const setExceptions = (next: Exception[]) => setEdited({ blocks, exceptions: next });
  const fieldError = (f: string) => errors.find((e) => e.field === f)?.message;
  const setBlock = (i: number, patch: Partial<Block>) => setBlocks(blocks.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const setException = (i: number, patch: Partial<Exception>) => setExceptions(exceptions.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  async function save() {
    setErrors([]);
    setMessage(null);
    try {
      const saved = await api<Availability>('PUT', `/api/v1/clinicians/${clinicianId}/availability`, {
        blocks: blocks!.map((b) => ({ ...b, location_id: b.mode === 'in_person' ? b.location_id : null })),
        exceptions: exceptions.map((e) => ({ date: e.date, kind: e.kind, start_time: e.start_time, end_time: e.end_time,
          ...(e.kind === 'mode_change' ? { mode: e.mode } : {}) })),
      });
      setEdited({ blocks: saved.blocks, exceptions: saved.exceptions });
      setMessage({ ok: true, text: 'Saved. New bookings follow these blocks.' });
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.errors);
        setMessage({ ok: false, text: e.detail });
      }
    }
  }

  return (
    <Card withBorder data-testid="availability">
      <Title order={2} size="h4">Weekly mode blocks</Title>
      <Text size="sm" c="dimmed" mb="xs">Times are in {zone}. Visits outside every block need a reason; a visit in the other mode's block is a sprinkle.</Text>
      <Table.ScrollContainer minWidth={480} type="native"><Table>
        <Table.Thead>
          <Table.Tr><Table.Th>Day</Table.Th><Table.Th>From</Table.Th><Table.Th>To</Table.Th><Table.Th>Mode</Table.Th><Table.Th>Place</Table.Th><Table.Th><VisuallyHidden>Remove</VisuallyHidden></Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {blocks.map((b, i) => (
            <Table.Tr key={i}>
              <Table.Td><Select aria-label={`Block ${i + 1} day`} disabled={!canEdit} data={WEEKDAYS.map((d, n) => ({ value: String(n + 1), label: d }))}
                value={String(b.weekday)} onChange={(v) => setBlock(i, { weekday: Number(v) })} w={130} /></Table.Td>
              <Table.Td><TextInput aria-label={`Block ${i + 1} from`} disabled={!canEdit} value={b.start_time} w={80}
                error={fieldError(`blocks[${i}].start_time`)} onChange={(e) => setBlock(i, { start_time: e.currentTarget.value })} /></Table.Td>
              <Table.Td><TextInput aria-label={`Block ${i + 1} to`} disabled={!canEdit} value={b.end_time} w={80}
                error={fieldError(`blocks[${i}].end_time`)} onChange={(e) => setBlock(i, { end_time: e.currentTarget.value })} /></Table.Td>
              <Table.Td><Select aria-label={`Block ${i + 1} mode`} disabled={!canEdit} w={140}
                data={[{ value: 'in_person', label: '● In person' }, { value: 'telehealth', label: '▶ Telehealth' }]} value={b.mode}
                onChange={(v) => setBlock(i, { mode: (v ?? 'telehealth') as Block['mode'] })} /></Table.Td>
              <Table.Td>{b.mode === 'in_person' && (
                <Select aria-label={`Block ${i + 1} place`} disabled={!canEdit} w={170} data={locations.map((l) => ({ value: l.id, label: l.name }))}
                  value={b.location_id} onChange={(v) => setBlock(i, { location_id: v })} />)}</Table.Td>
              <Table.Td>{canEdit && <ActionIcon variant="subtle" color="red.9" aria-label={`Remove block ${i + 1}`}
                onClick={() => setBlocks(blocks.filter((_, j) => j !== i))}>✕</ActionIcon>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table></Table.ScrollContainer>
      <Title order={3} size="h5" mt="md">Time off and one-day changes</Title>
      {exceptions.length === 0 && <Text size="sm" c="dimmed">None. Add time off or a day that runs in the other mode.</Text>}
      <Stack gap={6}>
        {exceptions.map((e, i) => (
          <Group key={i} gap="xs" wrap="wrap">
            <TextInput aria-label={`Exception ${i + 1} date`} disabled={!canEdit} placeholder="2026-12-24" value={e.date} w={120}
              error={fieldError(`exceptions[${i}].date`)} onChange={(ev) => setException(i, { date: ev.currentTarget.value })} />
            <Select aria-label={`Exception ${i + 1} kind`} disabled={!canEdit} w={150} value={e.kind}
              data={[{ value: 'time_off', label: 'Time off' }, { value: 'mode_change', label: 'Mode change' }]}
              onChange={(v) => setException(i, { kind: (v ?? 'time_off') as Exception['kind'] })} />
            <TextInput aria-label={`Exception ${i + 1} from`} disabled={!canEdit} value={e.start_time} w={80} onChange={(ev) => setException(i, { start_time: ev.currentTarget.value })} />
            <TextInput aria-label={`Exception ${i + 1} to`} disabled={!canEdit} value={e.end_time} w={80} onChange={(ev) => setException(i, { end_time: ev.currentTarget.value })} />
            {e.kind === 'mode_change' && (
              <Select aria-label={`Exception ${i + 1} mode`} disabled={!canEdit} w={140} value={e.mode}
                data={[{ value: 'in_person', label: '● In person' }, { value: 'telehealth', label: '▶ Telehealth' }]}
                onChange={(v) => setException(i, { mode: v ?? 'telehealth' })} />)}
            {canEdit && <ActionIcon variant="subtle" color="red.9" aria-label={`Remove exception ${i + 1}`}
              onClick={() => setExceptions(exceptions.filter((_, j) => j !== i))}>✕</ActionIcon>}
          </Group>
        ))}
      </Stack>
      {message && <Alert mt="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
      {canEdit && (
        <Group mt="sm">
          <Button variant="default" onClick={() => setBlocks([...blocks, { weekday: 1, start_time: '09:00', end_time: '12:00', mode: 'telehealth', location_id: null }])}>Add block</Button>
          <Button variant="default" onClick={() => setExceptions([...exceptions, { date: '', kind: 'time_off', start_time: '00:00', end_time: '24:00', mode: 'telehealth', location_id: null }])}>Add time off or change</Button>
          <Button onClick={save}>Save week</Button>
        </Group>
      )}
    </Card>
  );
}
