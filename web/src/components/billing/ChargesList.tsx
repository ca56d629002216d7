// Visits' charges, made when their notes are signed: what to review first (the problems say why),
// what is ready to claim, and what the client pays themself. Each line keeps its reason.
import { Alert, Badge, Card, Group, SegmentedControl, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { fmtDate } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { Charge, Page } from '../../types';
import { CodingResult } from './CodingCheck';

const STATUS: Record<Charge['status'], { label: string; color: string }> = {
  review: { label: 'To review', color: 'red.9' },
  ready: { label: 'Ready to claim', color: 'teal.9' },
  self_pay: { label: 'Self-pay', color: 'gray.7' },
  void: { label: 'Void', color: 'gray.6' },
};

export function ChargesList() {
  const [status, setStatus] = useState<Charge['status']>('review');
  const listed = useApi<Page<Charge>>(`/api/v1/charges?status=${status}`, 'Could not load the charges.');
  const [open, setOpen] = useState<string | null>(null);
  const items = listed.data?.items;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">Charges</Title>
        <SegmentedControl value={status} onChange={(v) => { setStatus(v as Charge['status']); setOpen(null); }}
          data={(['review', 'ready', 'self_pay'] as const).map((s) => ({ value: s, label: STATUS[s].label }))} />
      </Group>
      <Text size="sm" c="dimmed">A visit's charge is made when its progress note is signed, coded from what happened at the visit.</Text>
      {listed.error && <Alert color="red" role="alert">{listed.error}</Alert>}
      {!items && !listed.error && <Skeleton h={120} />}
      {items && items.length === 0 && (
        <Text c="dimmed">{status === 'review' ? 'Nothing to review: every signed visit codes cleanly.' : `No charges ${STATUS[status].label.toLowerCase()}.`}</Text>
      )}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped highlightOnHover data-testid="charge-list">
            <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>Client</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Codes</Table.Th>
              <Table.Th>Fee</Table.Th><Table.Th>Client pays</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} onClick={() => setOpen(open === c.id ? null : c.id)} style={{ cursor: 'pointer' }}>
                  <Table.Td>{fmtDate(c.date_of_service)}</Table.Td>
                  <Table.Td>{c.client_name}</Table.Td>
                  <Table.Td>{c.payer_name ?? 'Self-pay'}</Table.Td>
                  <Table.Td>{c.lines.map((l) => `${l.cpt}${l.modifiers.length ? '-' + l.modifiers.join('-') : ''}`).join(', ') || '—'}</Table.Td>
                  <Table.Td>{money(c.fee)}</Table.Td>
                  <Table.Td>{money(c.client_share)}</Table.Td>
                  <Table.Td><Badge color={STATUS[c.status].color}>{STATUS[c.status].label}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open && items?.find((c) => c.id === open) && (
        <Card withBorder data-testid="charge-detail">
          <CodingResult coding={items.find((c) => c.id === open)!} />
        </Card>
      )}
    </Stack>
  );
}
