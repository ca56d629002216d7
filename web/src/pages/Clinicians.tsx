import { Alert, Anchor, Badge, Button, Group, Modal, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, type FieldError, type Me, can } from '../api';
import { DISCIPLINES, STATE_NAMES, STATE_OPTIONS, TIME_ZONES } from '../lib/states';

export type { Clinician } from '../types';
import type { Clinician, Page } from '../types';
import { useApi } from '../lib/useApi';

export function Clinicians({ me }: { me: Me }) {
  const { data, error } = useApi<Page<Clinician>>('/api/v1/clinicians', 'Could not load clinicians.');
  const items = data?.items ?? null;
  const [adding, setAdding] = useState(false);
  const navigate = useNavigate();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Clinicians</Title>
        {can(me, 'clinicians.write') && <Button onClick={() => setAdding(true)}>Add clinician</Button>}
      </Group>
      <NewClinician opened={adding} onClose={() => setAdding(false)} onSaved={(c) => navigate(`/clinicians/${c.id}`)} />
      {error && <Text c="red" role="alert">{error}</Text>}
      {!items && !error && <Skeleton h={160} />}
      {items && items.length === 0 && <Text c="dimmed">No clinicians yet. The practice owner adds clinicians and their licenses.</Text>}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Discipline</Table.Th><Table.Th>Home state</Table.Th><Table.Th>Time zone</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/clinicians/${c.id}`}>{c.given_name} {c.family_name}</Anchor>
                  {c.credentials && <Text span c="dimmed" size="sm">, {c.credentials}</Text>}
                  {!c.active && <Badge ml="xs" color="gray.7">inactive</Badge>}
                </Table.Td>
                <Table.Td>{DISCIPLINES[c.discipline] ?? c.discipline}</Table.Td>
                <Table.Td>{STATE_NAMES[c.home_state] ?? c.home_state}</Table.Td>
                <Table.Td>{c.time_zone}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
    </Stack>
  );
}

function NewClinician({ opened, onClose, onSaved }: { opened: boolean; onClose: () => void; onSaved: (c: Clinician) => void }) {
  const [f, setF] = useState({ given_name: '', family_name: '', discipline: '', credentials: '', npi: '', home_state: '', time_zone: '', email: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const err = (k: string) => errors.find((e) => e.field === k)?.message;
  const set = (k: keyof typeof f, v: string) => setF((x) => ({ ...x, [k]: v }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    const body = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ''));
    try {
      onSaved(await api<Clinician>('POST', '/api/v1/clinicians', body));
    } catch (x) {
      setErrors(x instanceof ApiError ? (x.errors.length ? x.errors : [{ field: '', message: x.detail }]) : []);
    }
  }
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Add a clinician" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {err('') && <Alert color="red" role="alert">{err('')}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" required value={f.given_name} onChange={(e) => set('given_name', e.currentTarget.value)} error={err('given_name')} />
            <TextInput label="Last name" required value={f.family_name} onChange={(e) => set('family_name', e.currentTarget.value)} error={err('family_name')} />
            <Select label="Discipline" required searchable data={Object.entries(DISCIPLINES).map(([value, label]) => ({ value, label }))}
              value={f.discipline || null} onChange={(v) => set('discipline', v ?? '')} error={err('discipline')} />
            <TextInput label="Credentials" placeholder="LPC, LCSW, PMHNP-BC…" value={f.credentials} onChange={(e) => set('credentials', e.currentTarget.value)} />
            <TextInput label="NPI" value={f.npi} onChange={(e) => set('npi', e.currentTarget.value)} error={err('npi')} />
            <TextInput label="E-mail" value={f.email} onChange={(e) => set('email', e.currentTarget.value)} error={err('email')} />
            <Select label="Home state" required data={STATE_OPTIONS} searchable value={f.home_state || null} onChange={(v) => set('home_state', v ?? '')} error={err('home_state')} />
            <Select label="Time zone" required data={TIME_ZONES} searchable value={f.time_zone || null} onChange={(v) => set('time_zone', v ?? '')} error={err('time_zone')} />
          </SimpleGrid>
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Add clinician</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
