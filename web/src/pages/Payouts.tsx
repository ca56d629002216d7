// Payouts (owner and biller): each clinician's compensation plan, the weekly run (a draft until it is
// closed; a closed week never changes), every clinician's statement with questions to answer, and the
// payroll file of a closed week.
import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput } from '../lib/dateInput';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { PayStatement } from '../components/ledger/PayStatement';
import { PlanEditor } from '../components/ledger/PlanEditor';
import { fmtDate } from '../lib/format';
import { money } from '../lib/scheduling';
import { useApi } from '../lib/useApi';
import type { Clinician, Page, PayoutRun } from '../types';

function lastMonday() {
  const d = new Date();
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7) - 7);
  return d.toISOString().slice(0, 10);
}

export function Payouts() {
  const runs = useApi<Page<PayoutRun>>('/api/v1/payouts/runs', 'Could not load the payout runs.');
  const team = useApi<Page<Clinician>>('/api/v1/clinicians');
  const [week, setWeek] = useState<string | null>(lastMonday());
  const [run, setRun] = useState<PayoutRun | null>(null);
  const [editing, setEditing] = useState<Clinician | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const act = async (call: () => Promise<PayoutRun>, done: (r: PayoutRun) => string) => {
    setProblem(null);
    setMessage(null);
    try {
      const r = await call();
      setRun(r);
      setMessage(done(r));
      runs.reload();
    } catch (x) {
      setProblem(x instanceof ApiError ? x.detail : 'Could not do that.');
    }
  };
  const open = (id: string) => act(() => api<PayoutRun>('GET', `/api/v1/payouts/runs/${id}`), () => '');
  return (
    <Stack>
      <Title order={1} size="h2">Payouts</Title>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">Run a week</Title>
        <Group align="end">
          <DateInput label="Week of" valueFormat="YYYY-MM-DD" value={week} onChange={setWeek} w={180} />
          <Button disabled={!week} onClick={() => void act(() => api<PayoutRun>('POST', '/api/v1/payouts/runs', { week }),
            (r) => (r.status === 'closed' ? 'This week is closed: shown as it was paid.' : `Statements for the week of ${fmtDate(r.week)}: ${money(r.total)}.`))}>
            Run payouts
          </Button>
        </Group>
        {problem && <Alert mt="sm" color="red" role="alert">{problem}</Alert>}
        {message && <Alert mt="sm" color="teal" role="status">{message}</Alert>}
      </Card>
      {run && (
        <Stack data-testid="payout-run">
          <Group justify="space-between">
            <Title order={2} size="h4">Week of {fmtDate(run.week)} · {money(run.total)}</Title>
            <Group>
              <Badge color={run.status === 'closed' ? 'teal.9' : 'gray.8'}>{run.status === 'closed' ? 'Closed' : 'Draft'}</Badge>
              {run.status === 'draft' && (
                <Button onClick={() => void act(() => api<PayoutRun>('POST', `/api/v1/payouts/runs/${run.id}/close`),
                  () => 'Closed: clinicians see their statements now. Later corrections are next week\'s adjustments.')}>Close the week</Button>
              )}
              {run.status === 'closed' && <Button variant="default" component="a" href={`/api/v1/payouts/runs/${run.id}/payroll.csv`} download>Payroll file (CSV)</Button>}
            </Group>
          </Group>
          {run.without_plan.length > 0 && (
            <Alert color="yellow" role="status">No compensation plan, so not on this run: {run.without_plan.join(', ')}. Set their plans below and run the week again.</Alert>
          )}
          {run.statements.length === 0 && <Text c="dimmed">No visits of clinicians with a plan that week.</Text>}
          {run.statements.map((s) => <PayStatement key={s.clinician_id} statement={s} mode="answer" onChanged={() => void open(run.id)} />)}
        </Stack>
      )}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">Runs</Title>
        {!runs.data && !runs.error && <Skeleton h={60} />}
        {runs.data?.items.length === 0 && <Text size="sm" c="dimmed">No week has been run yet.</Text>}
        {runs.data && runs.data.items.length > 0 && (
          <Table fz="sm">
            <Table.Thead><Table.Tr><Table.Th>Week</Table.Th><Table.Th>Status</Table.Th><Table.Th>Clinicians</Table.Th><Table.Th>Total</Table.Th><Table.Th>Questions</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {runs.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{fmtDate(r.week)}</Table.Td><Table.Td>{r.status === 'closed' ? 'Closed' : 'Draft'}</Table.Td><Table.Td>{r.clinicians}</Table.Td>
                  <Table.Td>{money(r.total)}</Table.Td><Table.Td>{r.questions_open ? <Badge color="red.9">{r.questions_open} open</Badge> : '—'}</Table.Td>
                  <Table.Td><Button size="xs" variant="subtle" onClick={() => void open(r.id)}>Open</Button></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">Compensation plans</Title>
        <Table fz="sm">
          <Table.Tbody>
            {(team.data?.items ?? []).map((k) => (
              <Table.Tr key={k.id}>
                <Table.Td>{k.given_name} {k.family_name}{k.credentials ? `, ${k.credentials}` : ''}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" onClick={() => setEditing(k)}>Plan</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {editing && <PlanEditor clinicianId={editing.id} name={`${editing.given_name} ${editing.family_name}`} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); setMessage('Saved the plan.'); }} />}
    </Stack>
  );
}
