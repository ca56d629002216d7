// The chart's measures: PHQ-9 and GAD-7 over time with their severity bands, and sending a new one
// (once, or weekly) to the client's phone; below them the objective measures of rehab.
import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, ApiError } from '../../api';
import { ObjectiveMeasures } from './ObjectiveMeasures';
import { fmtDateTime, fmtShortDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';

interface Result {
  id: string;
  instrument: 'phq9' | 'gad7';
  total: number;
  band: string;
  safety_flag: boolean;
  completed_at: string;
  entered_in_session: boolean;
}
type Bands = Record<string, { min: number; max: number; label: string }[]>;
interface Target { objective_id: string; text: string; instrument: string; baseline: number | null; target: number | null; fraction: number | null; met: boolean }

const NAME = { phq9: 'PHQ-9 (depression)', gad7: 'GAD-7 (anxiety)' } as const;
const BAND_COLORS = ['#d3f9d8', '#fff3bf', '#ffe8cc', '#ffd8a8', '#ffc9c9'];

export function MeasuresTab({ clientId }: { clientId: string }) {
  const loaded = useApi<{ items: Result[]; bands: Bands; objectives: Target[] }>(`/api/v1/clients/${clientId}/measures`, 'Measures could not be loaded.');
  const results = loaded.data?.items ?? null;
  const bands = loaded.data?.bands ?? {};
  const targets = loaded.data?.objectives ?? [];
  const [instrument, setInstrument] = useState<string | null>('phq9');
  const [schedule, setSchedule] = useState<string | null>('once');
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);

  const send = async () => {
    try {
      const body = schedule === 'once' ? { instrument } : { instrument, every_weeks: Number(schedule), count: 6 };
      const r = await api<{ path: string }>('POST', `/api/v1/clients/${clientId}/measures`, body);
      setMessage({ color: 'teal', text: `Sent. The client's link: ${window.location.origin}${r.path}` });
    } catch (e) {
      setMessage({ color: 'red', text: e instanceof ApiError ? e.detail : 'It could not be sent.' });
    }
  };

  return (
    <Stack>
      <Group align="end">
        <Select label="Questionnaire" data={[{ value: 'phq9', label: NAME.phq9 }, { value: 'gad7', label: NAME.gad7 }]} value={instrument} onChange={setInstrument} allowDeselect={false} />
        <Select label="How often" data={[{ value: 'once', label: 'Once, now' }, { value: '1', label: 'Weekly (6 times)' }, { value: '2', label: 'Every 2 weeks (6 times)' }]}
          value={schedule} onChange={setSchedule} allowDeselect={false} />
        <Button onClick={send}>Send to the client</Button>
      </Group>
      {loaded.error && <Alert color="red" role="alert">{loaded.error}</Alert>}
      {message && <Alert color={message.color} style={{ wordBreak: 'break-all' }}>{message.text}</Alert>}
      {results && results.length === 0 && <Text c="dimmed">No measures yet.</Text>}
      {(['phq9', 'gad7'] as const).map((key) => {
        const series = (results ?? []).filter((r) => r.instrument === key);
        if (series.length === 0) return null;
        const max = key === 'phq9' ? 27 : 21;
        const data = series.map((r) => ({ date: fmtShortDate(r.completed_at), total: r.total }));
        const last = series[series.length - 1];
        const goal = targets.find((t) => t.instrument === key && t.target !== null);
        const progress = goal && (goal.met ? 'target met' : goal.fraction !== null ? `${Math.round(goal.fraction * 100)}% of the way from baseline to target` : '');
        return (
          <Card withBorder key={key} data-testid={`measure-${key}`}>
            <Group justify="space-between">
              <Title order={3} size="h5">{NAME[key]}</Title>
              <Text size="sm">Latest: <b>{last.total}</b> ({last.band})</Text>
            </Group>
            {goal && <Text size="xs" c="dimmed" data-testid={`measure-target-${key}`}>Objective: {goal.text} — baseline {goal.baseline ?? '—'}, target {goal.target}{progress ? ` · ${progress}` : ''}</Text>}
            <div role="img" aria-label={`${NAME[key]} scores over time; latest ${last.total}, ${last.band}${goal ? `; target ${goal.target}` : ''}`} style={{ width: '100%', height: 220 }}>
              <ResponsiveContainer>
                <LineChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
                  {(bands[key] ?? []).map((b, i) => <ReferenceArea key={b.label} y1={b.min} y2={b.max + 0.99} fill={BAND_COLORS[i]} fillOpacity={0.6} ifOverflow="hidden" />)}
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="date" fontSize={11} />
                  <YAxis domain={[0, max]} fontSize={11} allowDecimals={false} />
                  <Tooltip />
                  {goal?.target != null && <ReferenceLine y={goal.target} stroke="#2b8a3e" strokeDasharray="6 3" label={{ value: 'target', fontSize: 10, position: 'insideTopLeft' }} />}
                  <Line type="monotone" dataKey="total" stroke="#1864ab" strokeWidth={2} dot />
                </LineChart>
              </ResponsiveContainer>
            </div>
            <Table.ScrollContainer minWidth={480} type="native"><Table mt="sm">
              <Table.Tbody>
                {series.slice().reverse().map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{fmtDateTime(r.completed_at)}</Table.Td>
                    <Table.Td>{r.total}</Table.Td>
                    <Table.Td>{r.band}</Table.Td>
                    <Table.Td>{r.safety_flag && <Badge color="red.9">item 9 above zero</Badge>}{r.entered_in_session && <Badge color="gray.8">in session</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table></Table.ScrollContainer>
          </Card>
        );
      })}
      <ObjectiveMeasures clientId={clientId} />
    </Stack>
  );
}
