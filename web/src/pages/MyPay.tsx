// "My pay": a clinician's own weekly statements (final once the owner closes the week), their pay over
// the weeks as a chart, their compensation plan in words, and a question on any line.
import { Alert, Card, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Me } from '../api';
import { PayStatement } from '../components/ledger/PayStatement';
import { planWords } from '../components/ledger/PlanEditor';
import { fmtShortDate } from '../lib/format';
import { useApi } from '../lib/useApi';
import type { Clinician, CompensationPlan, Page, PayStatement as Statement } from '../types';

export function MyPay({ me }: { me: Me }) {
  const statements = useApi<Page<Statement>>('/api/v1/payouts/statements', 'Could not load your statements.');
  const team = useApi<Page<Clinician>>('/api/v1/clinicians');
  const mine = team.data?.items.find((k) => k.user_id === me.user.id);
  const plan = useApi<CompensationPlan>(mine ? `/api/v1/clinicians/${mine.id}/compensation` : null);
  const items = statements.data?.items;
  const weeks = [...(items ?? [])].reverse().map((s) => ({ week: fmtShortDate(s.week + 'T12:00:00'), pay: Math.round(s.total / 100) }));
  return (
    <Stack>
      <Title order={1} size="h2">My pay</Title>
      <Card withBorder>
        <Title order={2} size="h4">Your plan</Title>
        {plan.data ? <Text size="sm">{planWords(plan.data)}</Text> : <Text size="sm" c="dimmed">The practice has not set your compensation plan yet.</Text>}
      </Card>
      {statements.error && <Alert color="red" role="alert">{statements.error}</Alert>}
      {!items && !statements.error && <Skeleton h={200} />}
      {items && items.length === 0 && <Text c="dimmed">No statements yet: a week's statement appears here once the practice closes its payout run.</Text>}
      {items && items.length > 1 && (
        <Card withBorder>
          <Title order={2} size="h4">Pay by week</Title>
          <div role="img" aria-label="Your pay by week, in dollars" style={{ width: '100%', height: 200 }}>
            <ResponsiveContainer>
              <BarChart data={weeks}><CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="week" /><YAxis /><Tooltip /><Bar dataKey="pay" name="Pay ($)" fill="#2b6cb0" /></BarChart>
            </ResponsiveContainer>
          </div>
        </Card>
      )}
      {items?.map((s) => <PayStatement key={s.run_id} statement={s} mode="ask" onChanged={statements.reload} />)}
    </Stack>
  );
}
