// The top of the biller's page: held visits not billable yet and why, then charges and collections by
// week (by how visits were delivered) and by payer.
import { Alert, Badge, Card, Group, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtDateTime, fmtShortDate } from '../../lib/format';
import { MODE_LABEL, money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import { modeColors } from '../../theme';
import type { BillingSummary, Page, UnbilledVisit } from '../../types';

const dollars = (cents: number) => Math.round(cents / 100);

export function BillingOverview() {
  const unbilled = useApi<Page<UnbilledVisit>>('/api/v1/billing/unbilled', 'Could not load the visits not yet billable.');
  const summary = useApi<BillingSummary>('/api/v1/billing/summary?weeks=12', 'Could not load the billing figures.');
  const visits = unbilled.data?.items;
  const s = summary.data;
  const weeks = s?.weeks.map((w) => ({ week: fmtShortDate(w.week_start + 'T12:00:00'), in_person: dollars(w.in_person), video: dollars(w.video),
    audio: dollars(w.audio), collected: dollars(w.payer_paid), got_in_person: dollars(w.collected_in_person),
    got_video: dollars(w.collected_video), got_audio: dollars(w.collected_audio), got_on_account: dollars(w.collected_on_account) }));
  const collected = s?.weeks.reduce((n, w) => n + w.collected_in_person + w.collected_video + w.collected_audio + w.collected_on_account, 0) ?? 0;
  const total = (k: 'charged' | 'payer_paid' | 'client_share') => s?.weeks.reduce((n, w) => n + w[k], 0) ?? 0;
  return (
    <Stack>
      <Card withBorder data-testid="unbilled">
        <Group justify="space-between">
          <Title order={2} size="h4">Visits not yet billable</Title>
          {visits && <Badge color={visits.length ? 'red.9' : 'teal.9'}>{visits.length}</Badge>}
        </Group>
        <Text size="sm" c="dimmed" mb="xs">Held visits of the last 60 days with no charge: a charge is made when the progress note is signed.</Text>
        {unbilled.error && <Alert color="red" role="alert">{unbilled.error}</Alert>}
        {!visits && !unbilled.error && <Skeleton h={40} />}
        {visits && visits.length === 0 && <Text size="sm">Every held visit has its charge.</Text>}
        {visits && visits.length > 0 && (
          <Table.ScrollContainer minWidth={520} type="native">
            <Table fz="sm">
              <Table.Thead><Table.Tr><Table.Th>Visit</Table.Th><Table.Th>Client</Table.Th><Table.Th>Clinician</Table.Th><Table.Th>Why</Table.Th><Table.Th>Waiting</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {visits.map((v) => (
                  <Table.Tr key={v.appointment_id}>
                    <Table.Td>{fmtDateTime(v.start)}</Table.Td>
                    <Table.Td>{v.client_name}</Table.Td>
                    <Table.Td>{v.clinician_name}</Table.Td>
                    <Table.Td>{v.message}</Table.Td>
                    <Table.Td>{v.days_waiting} {v.days_waiting === 1 ? 'day' : 'days'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Card withBorder data-testid="billing-figures">
        <Title order={2} size="h4">The last 12 weeks</Title>
        {summary.error && <Alert color="red" role="alert">{summary.error}</Alert>}
        {!s && !summary.error && <Skeleton h={200} />}
        {s && weeks && (
          <>
            <Text size="sm" mb="xs">Charged {money(total('charged'))} · paid by payers {money(total('payer_paid'))} · owed by clients {money(total('client_share'))}</Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <ModeBars data={weeks} label="Charges by week, by how the visits were delivered, in dollars" series={(['in_person', 'video', 'audio'] as const)
                .map((m) => ({ key: m, name: MODE_LABEL[m], fill: modeColors[m] }))} />
              <ModeBars data={weeks} testId="collections-chart"
                label={`Money collected by week, by how the visits paid for were delivered, in dollars: ${money(collected)} in these weeks`}
                series={[...(['in_person', 'video', 'audio'] as const).map((m) => ({ key: `got_${m}`, name: `Collected: ${MODE_LABEL[m].toLowerCase()}`, fill: modeColors[m] })),
                  { key: 'got_on_account', name: 'Collected: on account', fill: '#718096' }]} />
              <Table fz="sm" data-testid="payer-totals">
                <Table.Caption>By payer</Table.Caption>
                <Table.Thead><Table.Tr><Table.Th>Payer</Table.Th><Table.Th>Charges</Table.Th><Table.Th>Charged</Table.Th><Table.Th>Paid</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {s.payers.length === 0 && <Table.Tr><Table.Td colSpan={4}>No charges in these weeks.</Table.Td></Table.Tr>}
                  {s.payers.map((p) => (
                    <Table.Tr key={p.payer_name}><Table.Td>{p.payer_name}</Table.Td><Table.Td>{p.charges}</Table.Td><Table.Td>{money(p.charged)}</Table.Td><Table.Td>{money(p.payer_paid)}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </SimpleGrid>
          </>
        )}
      </Card>
    </Stack>
  );
}

// Weekly stacked bars, one series per mode (charges, or collections), with an accessible name.
function ModeBars({ data, label, series, testId }: { data: object[]; label: string; series: { key: string; name: string; fill: string }[]; testId?: string }) {
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 220 }} data-testid={testId}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: -8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="week" fontSize={11} />
          <YAxis fontSize={11} allowDecimals={false} unit="$" />
          <Tooltip formatter={(v) => `$${v}`} />
          <Legend />
          {series.map((x) => <Bar key={x.key} dataKey={x.key} name={x.name} stackId="week" fill={x.fill} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
