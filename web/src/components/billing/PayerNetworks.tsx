// A clinician's insurance networks (credentialing): in network from/until, pending, or out of
// network, per payer. Booking an insured client with a clinician not in network with their primary
// payer warns; the owner and the biller keep this current.
import { Badge, Card, Select, Table, Text, Title } from '@mantine/core';
import { DateInput } from '../../lib/dateInput';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Page, PayerEnrollment } from '../../types';

const STATUS: Record<PayerEnrollment['status'], { label: string; color: string }> = {
  in_network: { label: 'In network', color: 'teal.9' },
  pending: { label: 'Pending', color: 'yellow.9' },
  out_of_network: { label: 'Out of network', color: 'gray.7' },
};

export function PayerNetworks({ clinicianId, canEdit }: { clinicianId: string; canEdit: boolean }) {
  const listed = useApi<Page<PayerEnrollment>>(`/api/v1/clinicians/${clinicianId}/payers`, 'Could not load the networks.');
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (e: PayerEnrollment, patch: Partial<PayerEnrollment>) => {
    setProblem(null);
    const next = { ...e, ...patch };
    try {
      await api('PUT', `/api/v1/clinicians/${clinicianId}/payers/${e.payer_id}`, { status: next.status, from: next.from ?? null, until: next.until ?? null });
      listed.reload();
    } catch (x) {
      setProblem(x instanceof ApiError ? x.detail : 'Could not save it.');
    }
  };
  const items = listed.data?.items ?? [];
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">Insurance networks</Title>
      <Text size="sm" c="dimmed" mb="xs">Booking a client whose primary payer this clinician is not in network with shows a warning.</Text>
      {(listed.error || problem) && <Text c="red" role="alert">{problem ?? listed.error}</Text>}
      {items.length === 0 && !listed.error && <Text c="dimmed" size="sm">The practice has no payers yet: add them in Settings → Payers.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={520} type="native">
          <Table data-testid="payer-networks">
            <Table.Thead><Table.Tr><Table.Th>Payer</Table.Th><Table.Th>Status</Table.Th><Table.Th>From</Table.Th><Table.Th>Through</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.payer_id}>
                  <Table.Td>{e.payer_name}</Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <Select aria-label={`Network status with ${e.payer_name}`} w={170} allowDeselect={false} value={e.status}
                        data={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
                        onChange={(v) => v && save(e, { status: v as PayerEnrollment['status'] })} />
                    ) : <Badge color={STATUS[e.status].color}>{STATUS[e.status].label}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? <DateInput aria-label={`In network with ${e.payer_name} from`} w={140} clearable clearButtonProps={{ 'aria-label': 'Clear the date' }} valueFormat="YYYY-MM-DD" value={e.from ?? null}
                      onChange={(v) => save(e, { from: v })} /> : (e.from ? fmtDate(e.from) : '—')}
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? <DateInput aria-label={`In network with ${e.payer_name} through`} w={140} clearable clearButtonProps={{ 'aria-label': 'Clear the date' }} valueFormat="YYYY-MM-DD" value={e.until ?? null}
                      onChange={(v) => save(e, { until: v })} /> : (e.until ? fmtDate(e.until) : '—')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
