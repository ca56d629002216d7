// One clinician's pay statement for a week: every visit with its mode, minutes, service, the rule the
// plan applied and the amount; visits held back and why; adjustments of earlier weeks; and the
// questions asked about a line with their answers (the owner answers, the clinician asks).
import { Alert, Badge, Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { MODE_LABEL, money } from '../../lib/scheduling';
import type { PayLine, PayStatement as Statement, VisitMode } from '../../types';

const KIND: Record<PayLine['kind'], { label: string; color: string }> = {
  visit: { label: 'Paid', color: 'teal.9' }, held: { label: 'Held', color: 'red.9' }, adjustment: { label: 'Adjustment', color: 'blue.9' },
};
const STATUS: Record<string, string> = { completed: 'Held visit', late_cancelled: 'Late cancellation', no_show: 'No-show' };

export function PayStatement({ statement, mode, onChanged }: { statement: Statement; mode: 'ask' | 'answer' | 'read'; onChanged?: () => void }) {
  const [line, setLine] = useState<PayLine | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!line) return;
    setProblem(null);
    try {
      await api('POST', `/api/v1/payouts/lines/${line.id}/${mode === 'ask' ? 'question' : 'answer'}`, { text });
      setLine(null);
      setText('');
      onChanged?.();
    } catch (x) {
      setProblem(x instanceof ApiError ? x.detail : 'Could not send.');
    }
  };
  return (
    <Card withBorder data-testid="pay-statement">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{statement.clinician_name} · week of {fmtDate(statement.week)}</Title>
        <Group gap="xs">
          <Badge color={statement.run_status === 'closed' ? 'teal.9' : 'gray.8'}>{statement.run_status === 'closed' ? 'Final' : 'Draft'}</Badge>
          <Text fw={700} data-testid="statement-total">{money(statement.total)}</Text>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">{statement.visits_paid} paid · {statement.visits_held} held</Text>
      <Table.ScrollContainer minWidth={760} type="native">
        <Table fz="sm" striped>
          <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>Client</Table.Th><Table.Th>Visit</Table.Th><Table.Th>Rule</Table.Th>
            <Table.Th>Amount</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {statement.lines.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td>{fmtDate(l.on)}</Table.Td>
                <Table.Td>{l.client_label}</Table.Td>
                <Table.Td>
                  <Badge color={KIND[l.kind].color} size="xs" mr={4}>{KIND[l.kind].label}</Badge>
                  {l.service_name} · {MODE_LABEL[l.mode as VisitMode] ?? l.mode} · {l.minutes} min · {STATUS[l.status] ?? 'Not marked held'}
                  {l.why && <Text size="xs" c={l.kind === 'held' ? 'red.9' : 'dimmed'}>{l.why}</Text>}
                  {l.question && <Text size="xs" mt={2}>Question ({l.asked_by}): {l.question}</Text>}
                  {l.answer && <Text size="xs" c="teal.9">Answer ({l.answered_by}): {l.answer}</Text>}
                </Table.Td>
                <Table.Td>{l.rule}</Table.Td>
                <Table.Td>{l.amount < 0 ? `−${money(-l.amount)}` : money(l.amount)}</Table.Td>
                <Table.Td>
                  {mode === 'ask' && !l.question && <Button size="xs" variant="subtle" onClick={() => setLine(l)}>Ask about this</Button>}
                  {mode === 'answer' && l.question && !l.answer && <Button size="xs" variant="light" onClick={() => setLine(l)}>Answer</Button>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={!!line} onClose={() => setLine(null)} title={mode === 'ask' ? 'Ask about this line' : 'Answer the question'} closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={submit}>
          <Stack>
            {problem && <Alert color="red" role="alert">{problem}</Alert>}
            {line?.question && mode === 'answer' && <Text size="sm">{line.question}</Text>}
            <Textarea label={mode === 'ask' ? 'Your question' : 'Your answer'} required value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} />
            <Group justify="flex-end"><Button variant="subtle" onClick={() => setLine(null)}>Cancel</Button><Button type="submit">Send</Button></Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
