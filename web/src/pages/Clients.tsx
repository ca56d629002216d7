import { Anchor, Badge, Button, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type Me, can } from '../api';
import { ClientForm } from '../components/ClientForm';
import { type ClientRecord, displayName, formatPhone } from '../lib/clients';
import { STATE_NAMES } from '../lib/states';
import { fmtDate } from '../lib/format';
import { usePaged } from '../lib/useApi';

export function Clients({ me }: { me: Me }) {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(q, 250);
  const list = usePaged<ClientRecord>(`/api/v1/clients?q=${encodeURIComponent(debounced)}`, 'Could not load clients.');
  const { items, error } = list;
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const canCreate = can(me, 'clients.write');

  useEffect(() => setQ(params.get('q') ?? ''), [params]);


  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Clients</Title>
        {canCreate && <Button onClick={() => setCreating(true)}>New client</Button>}
      </Group>
      <TextInput label="Search clients" description="Name, date of birth (1990-04-17 or 04/17/1990) or the last digits of a phone number"
        value={q} onChange={(e) => { setQ(e.currentTarget.value); setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true }); }} />
      {error && <Text c="red" role="alert">{error}</Text>}
      {!items && !error && <Skeleton h={200} />}
      {items && items.length === 0 && (
        <Text c="dimmed">{debounced ? `No clients match “${debounced}”.` : 'No clients yet. Add the first one with “New client”.'}</Text>
      )}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped highlightOnHover data-testid="client-list">
          <Table.Thead>
            <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Date of birth</Table.Th><Table.Th>Phone</Table.Th><Table.Th>Usually in</Table.Th><Table.Th>Status</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Anchor component={Link} to={`/clients/${c.id}`}>{displayName(c)}</Anchor></Table.Td>
                <Table.Td>{fmtDate(c.birth_date)}</Table.Td>
                <Table.Td>{formatPhone(c.phone)}</Table.Td>
                <Table.Td>{STATE_NAMES[c.location_state] ?? c.location_state}</Table.Td>
                <Table.Td><Badge color={c.status === 'active' ? 'teal.9' : 'gray.7'}>{c.status}</Badge></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {list.hasMore && <Button variant="light" onClick={list.more}>Show more</Button>}
      <ClientForm opened={creating} onClose={() => setCreating(false)} onSaved={(c) => { setCreating(false); navigate(`/clients/${c.id}`); }} />
    </Stack>
  );
}
