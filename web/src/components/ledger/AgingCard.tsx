// What clients owe the practice, by age (Billing page): totals, then each client with a balance or a
// credit, largest first, each a link to their chart's Billing tab.
import { Alert, Anchor, Card, Skeleton, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { AgingReport } from '../../types';

const AGES = ['0–30 days', '31–60', '61–90', 'Over 90'];

export function AgingCard() {
  const loaded = useApi<AgingReport>('/api/v1/ledger/aging', 'Could not load client balances.');
  const r = loaded.data;
  return (
    <Card withBorder data-testid="aging">
      <Title order={2} size="h4">Client balances</Title>
      {loaded.error && <Alert color="red" role="alert">{loaded.error}</Alert>}
      {!r && !loaded.error && <Skeleton h={60} />}
      {r && (
        <>
          <Text size="sm" mb="xs">Clients owe {money(r.owed)} · credit on accounts {money(r.credit)} · payers owe {money(r.payer)}</Text>
          {r.clients.length === 0 && <Text size="sm" c="dimmed">No client owes anything.</Text>}
          {r.clients.length > 0 && (
            <Table.ScrollContainer minWidth={560} type="native">
              <Table fz="sm">
                <Table.Thead><Table.Tr><Table.Th>Client</Table.Th><Table.Th>Owes</Table.Th>{AGES.map((a) => <Table.Th key={a}>{a}</Table.Th>)}
                  <Table.Th>Credit</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {r.clients.map((c) => (
                    <Table.Tr key={c.client_id}>
                      <Table.Td><Anchor component={Link} to={`/clients/${c.client_id}?tab=billing`}>{c.client_name}</Anchor></Table.Td>
                      <Table.Td>{money(c.owed)}</Table.Td>
                      {c.aging.map((a, i) => <Table.Td key={i}>{a ? money(a) : '—'}</Table.Td>)}
                      <Table.Td>{c.credit ? money(c.credit) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                  <Table.Tr><Table.Th scope="row">All clients</Table.Th><Table.Td>{money(r.owed)}</Table.Td>
                    {r.totals.map((a, i) => <Table.Td key={i}>{money(a)}</Table.Td>)}<Table.Td>{money(r.credit)}</Table.Td></Table.Tr>
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Card>
  );
}
