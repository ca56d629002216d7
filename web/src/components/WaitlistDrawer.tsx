import { Alert, Button, Checkbox, Chip, Drawer, Group, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { clientOption, serverFiltered } from '../lib/clients';
import { useApi } from '../lib/useApi';
import { useClientSearch } from '../lib/useClientSearch';
import type { Page } from '../types';
import { MODE_LABEL, type Service } from '../lib/scheduling';
import type { Clinician } from '../pages/Clinicians';

interface Entry {
  id: string;
  client_id: string;
  client_name: string;
  service_id: string;
  mode: string;
  clinician_id: string | null;
  times_of_day: string[];
  weekdays: number[];
  note: string;
  created_at: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// The waitlist the front desk keeps: who is waiting for which service, mode and times. When a visit
// is cancelled, the visit's panel lists the entries that fit the freed time.
export function WaitlistDrawer({ opened, onClose, services, clinicians }: { opened: boolean; onClose: () => void; services: Service[]; clinicians: Clinician[] }) {
  const listed = useApi<Page<Entry>>(opened ? '/api/v1/waitlist' : null, 'Could not load the waitlist.');
  const entries = listed.data?.items ?? null;
  const load = listed.reload;
  const [clientId, setClientId] = useState<string | null>(null);
  const clients = useClientSearch(opened, clientId);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [mode, setMode] = useState<string>('any');
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [times, setTimes] = useState<string[]>([]);
  const [days, setDays] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [actError, setError] = useState<string | null>(null);
  const error = actError ?? listed.error;

  async function add() {
    setError(null);
    try {
      await api('POST', '/api/v1/waitlist', {
        client_id: clientId, service_id: serviceId, mode, ...(clinicianId ? { clinician_id: clinicianId } : {}),
        times_of_day: times, weekdays: days.map(Number), note: note.trim(),
      });
      setClientId(null);
      setNote('');
      setTimes([]);
      setDays([]);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'Could not add to the waitlist.');
    }
  }
  async function remove(e: Entry) {
    if (!window.confirm(`Take ${e.client_name} off the waitlist?`)) return;
    await api('DELETE', `/api/v1/waitlist/${e.id}`);
    load();
  }
  const serviceName = (id: string) => services.find((s) => s.id === id)?.name ?? 'Service';
  const clinicianName = (id: string | null) => {
    const k = clinicians.find((c) => c.id === id);
    return k ? `${k.given_name} ${k.family_name}` : 'Any clinician';
  };

  return (
    <Drawer opened={opened} onClose={onClose} title="Waitlist" position="right" size="lg" closeButtonProps={{ 'aria-label': 'Close waitlist' }}>
      <Stack>
        {entries && entries.length === 0 && <Text size="sm">Nobody is waiting. Add a client below; when a visit is cancelled, the matches show on it.</Text>}
        {entries && entries.length > 0 && (
          <Table.ScrollContainer minWidth={480} type="native"><Table data-testid="waitlist">
            <Table.Thead><Table.Tr><Table.Th>Client</Table.Th><Table.Th>Wants</Table.Th><Table.Th>When</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.client_name}{e.note && <Text size="xs" c="dimmed">{e.note}</Text>}</Table.Td>
                  <Table.Td>{serviceName(e.service_id)} · {e.mode === 'any' ? 'any mode' : MODE_LABEL[e.mode as keyof typeof MODE_LABEL]} · {clinicianName(e.clinician_id)}</Table.Td>
                  <Table.Td>{e.weekdays.length ? e.weekdays.map((d) => DAYS[d - 1]).join(', ') : 'any day'}; {e.times_of_day.length ? e.times_of_day.join(', ') : 'any time'}</Table.Td>
                  <Table.Td><Button size="xs" variant="default" onClick={() => remove(e)}>Remove</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table></Table.ScrollContainer>
        )}
        <Title order={3} size="h5">Add to the waitlist</Title>
        <Select label="Client" searchable data={clients.options.map(clientOption)} filter={serverFiltered}
          value={clientId} onChange={setClientId} searchValue={clients.search} onSearchChange={clients.setSearch} />
        <Group grow>
          <Select label="Service" data={services.map((s) => ({ value: s.id, label: s.name }))} value={serviceId} onChange={setServiceId} />
          <Select label="Mode" data={[{ value: 'any', label: 'Any mode' }, ...Object.entries(MODE_LABEL).map(([value, label]) => ({ value, label }))]}
            value={mode} onChange={(v) => setMode(v ?? 'any')} />
        </Group>
        <Select label="Clinician" clearable placeholder="Any clinician" data={clinicians.map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))}
          value={clinicianId} onChange={setClinicianId} />
        <Checkbox.Group label="Times of day" value={times} onChange={setTimes}>
          <Group mt={4}>
            <Checkbox value="morning" label="Morning (before 12)" />
            <Checkbox value="afternoon" label="Afternoon (12–17)" />
            <Checkbox value="evening" label="Evening (after 17)" />
          </Group>
        </Checkbox.Group>
        <div>
          <Text size="sm" fw={500} id="waitlist-days">Days</Text>
          <Chip.Group multiple value={days} onChange={setDays}>
            <Group gap={6} mt={4} role="group" aria-labelledby="waitlist-days">
              {DAYS.map((d, i) => <Chip key={d} value={String(i + 1)} size="xs">{d}</Chip>)}
            </Group>
          </Chip.Group>
        </div>
        <Textarea label="Note for the front desk" description="No clinical detail." value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end"><Button onClick={add} disabled={!clientId || !serviceId}>Add to waitlist</Button></Group>
      </Stack>
    </Drawer>
  );
}
