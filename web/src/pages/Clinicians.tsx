import { Anchor, Badge, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api';
import { DISCIPLINES, STATE_NAMES } from '../lib/states';

export interface Clinician {
  id: string;
  given_name: string;
  family_name: string;
  discipline: string;
  credentials: string;
  npi: string | null;
  taxonomy_code: string | null;
  home_state: string;
  time_zone: string;
  email: string | null;
  user_id: string | null;
  supervisor_user_id: string | null;
  active: boolean;
  version: number;
}

export function Clinicians() {
  const [items, setItems] = useState<Clinician[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: Clinician[] }>('GET', '/api/v1/clinicians')
      .then((r) => setItems(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.detail : 'Could not load clinicians.'));
  }, []);
  return (
    <Stack>
      <Title order={1} size="h2">Clinicians</Title>
      {error && <Text c="red" role="alert">{error}</Text>}
      {!items && !error && <Skeleton h={160} />}
      {items && items.length === 0 && <Text c="dimmed">No clinicians yet. The practice owner adds clinicians and their licenses.</Text>}
      {items && items.length > 0 && (
        <Table striped highlightOnHover>
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
        </Table>
      )}
    </Stack>
  );
}
