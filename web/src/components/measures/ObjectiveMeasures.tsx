// Objective measures for rehab: record a session's range of motion, muscle grades, timed tests and
// standardized scores (several at once), each optionally measuring an objective of the plan of care;
// graphs over time with the objective's baseline and target drawn in; entries made in error are
// marked, never deleted.
import { ActionIcon, Alert, Badge, Button, Card, Group, Menu, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';

interface ObservationType {
  code: string;
  kind: 'range_of_motion' | 'strength' | 'timed_test' | 'standardized_score';
  name: string;
  unit: string;
  min: number;
  max: number;
  sided: boolean;
  better: 'higher' | 'lower';
}
interface Observation {
  id: string;
  code: string;
  side: string | null;
  value: number;
  grade: string | null;
  observed_on: string;
  objective_id: string | null;
  comment: string | null;
  entered_by: { name: string };
  voided: boolean;
  void_reason: string | null;
}
interface Progress { objective_id: string; baseline: number | null; target: number | null; latest: number | null; fraction: number | null; met: boolean }
interface Objective { id: string; text: string; measure: string; baseline: string; target: string }
interface Entry { code: string | null; side: string | null; value: number | string; grade: string | null; objective_id: string | null; comment: string }

const KIND_LABEL = { range_of_motion: 'Range of motion', strength: 'Strength', timed_test: 'Timed tests', standardized_score: 'Standardized scores' };
const GRADES = ['0', '1', '1+', '2-', '2', '2+', '3-', '3', '3+', '4-', '4', '4+', '5-', '5'];
const VOID_REASONS = { wrong_value: 'Wrong value', wrong_client: 'Wrong client', duplicate: 'Duplicate', other: 'Other' } as const;
const TABLE_ROWS = 20;  // the newest; a year of weekly sessions is hundreds of rows
const today = () => new Date().toLocaleDateString('en-CA');
const blank = (): Entry => ({ code: null, side: null, value: '', grade: null, objective_id: null, comment: '' });
const sideLabel = (s: string | null) => (s ? ` (${s})` : '');

const NONE_TYPES: ObservationType[] = [];

export function ObjectiveMeasures({ clientId }: { clientId: string }) {
  const types = useApi<Page<ObservationType>>('/api/v1/observation-types').data?.items ?? NONE_TYPES;
  const plans = useApi<{ current: { plan: { goals: { objectives: Objective[] }[] } } | null }>(`/api/v1/clients/${clientId}/plans`).data;
  const objectives = useMemo(() => plans?.current?.plan.goals.flatMap((g) => g.objectives) ?? [], [plans]);
  const observed = useApi<{ items: Observation[]; progress: Progress[] }>(`/api/v1/clients/${clientId}/observations`,
    'Objective measures could not be loaded.');
  const items = observed.data?.items ?? null;
  const progress = useMemo(() => observed.data?.progress ?? [], [observed.data]);
  const load = observed.reload;
  const [entries, setEntries] = useState<Entry[]>([blank()]);
  const [observedOn, setObservedOn] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [showAll, setShowAll] = useState(false);


  const byCode = useMemo(() => Object.fromEntries(types.map((t) => [t.code, t])), [types]);
  const typeOptions = useMemo(() => (Object.keys(KIND_LABEL) as (keyof typeof KIND_LABEL)[]).map((k) => ({
    group: KIND_LABEL[k], items: types.filter((t) => t.kind === k).map((t) => ({ value: t.code, label: t.name })),
  })), [types]);
  const objectiveOptions = objectives.map((o) => ({ value: o.id, label: `${o.text} (${o.measure})` }));

  const set = (i: number, patch: Partial<Entry>) => setEntries(entries.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  const save = async () => {
    const body = {
      observations: entries.map((e) => {
        const t = e.code ? byCode[e.code] : undefined;
        return {
          code: e.code ?? '',
          ...(e.side ? { side: e.side } : {}),
          ...(t?.unit === 'grade' ? { grade: e.grade ?? '' } : e.value === '' ? {} : { value: Number(e.value) }),
          observed_on: observedOn,
          ...(e.objective_id ? { objective_id: e.objective_id } : {}),
          ...(e.comment.trim() ? { comment: e.comment.trim() } : {}),
        };
      }),
    };
    try {
      const r = await api<{ items: Observation[] }>('POST', `/api/v1/clients/${clientId}/observations`, body);
      setErrors({});
      setEntries([blank()]);
      setMessage({ color: 'teal', text: `Saved ${r.items.length} measure${r.items.length === 1 ? '' : 's'}.` });
      load();
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.errors.map((f) => [f.field, f.message])));
        setMessage({ color: 'red', text: e.detail });
      }
    }
  };
  const voidOne = async (o: Observation, reason: keyof typeof VOID_REASONS) => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/observations/${o.id}/void`, { reason });
      load();
    } catch (e) {
      setMessage({ color: 'red', text: e instanceof ApiError ? e.detail : 'That did not work.' });
    }
  };

  // One graph per measure and side, with the baseline and target of the objective it measures.
  const series = useMemo(() => {
    const groups = new Map<string, Observation[]>();
    for (const o of items ?? []) {
      if (o.voided) continue;
      const key = `${o.code}|${o.side ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), o]);
    }
    return [...groups.entries()].map(([key, list]) => {
      const objectiveId = list.map((o) => o.objective_id).filter(Boolean).pop() ?? null;
      return { key, list, type: byCode[list[0].code], objective: objectives.find((x) => x.id === objectiveId), progress: progress.find((p) => p.objective_id === objectiveId) };
    });
  }, [items, byCode, objectives, progress]);

  const err = (i: number, f: string) => errors[`observations[${i}].${f}`];
  return (
    <Stack>
      <Title order={3} size="h4">Objective measures</Title>
      <Card withBorder component="form" aria-label="Record objective measures" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Group align="end" mb="sm">
          <TextInput type="date" label="Measured on" value={observedOn} max={today()} onChange={(e) => setObservedOn(e.currentTarget.value)} error={err(0, 'observed_on')} />
          <Text size="sm" c="dimmed">Record several at once; nothing is saved if one needs another look.</Text>
        </Group>
        <Stack gap="xs">
          {entries.map((e, i) => {
            const t = e.code ? byCode[e.code] : undefined;
            return (
              <SimpleGrid key={i} cols={{ base: 1, sm: 2, md: 5 }} data-testid={`observation-row-${i}`}>
                <Select label={`Measure ${i + 1}`} placeholder="Choose a measure" searchable data={typeOptions} value={e.code}
                  onChange={(v) => set(i, { code: v, grade: null, value: '' })} error={err(i, 'code')} />
                <Select label="Side" data={['left', 'right', 'bilateral']} value={e.side} clearable disabled={!t?.sided}
                  onChange={(v) => set(i, { side: v })} error={err(i, 'side')} />
                {t?.unit === 'grade'
                  ? <Select label="Grade" data={GRADES} value={e.grade} onChange={(v) => set(i, { grade: v })} error={err(i, 'grade')} />
                  : <NumberInput label={t ? `Result (${t.unit})` : 'Result'} value={e.value} decimalScale={2} onChange={(v) => set(i, { value: v })}
                      description={t ? `${t.min} to ${t.max}; ${t.better} is better` : undefined} error={err(i, 'value')} />}
                <Select label="Measures objective" placeholder={objectives.length ? 'None' : 'No plan objectives'} data={objectiveOptions} value={e.objective_id}
                  clearable onChange={(v) => set(i, { objective_id: v })} error={err(i, 'objective_id')} disabled={!objectives.length} />
                <Group align="end" gap={4} wrap="nowrap">
                  <TextInput label="Comment" value={e.comment} onChange={(ev) => set(i, { comment: ev.currentTarget.value })} error={err(i, 'comment')} style={{ flex: 1 }} />
                  {entries.length > 1 && <ActionIcon variant="subtle" color="red" c="red.9" aria-label={`Remove measure ${i + 1}`} onClick={() => setEntries(entries.filter((_, j) => j !== i))}>×</ActionIcon>}
                </Group>
              </SimpleGrid>
            );
          })}
        </Stack>
        <Group mt="sm">
          <Button variant="light" onClick={() => setEntries([...entries, blank()])}>Add another measure</Button>
          <Button type="submit">Save measures</Button>
        </Group>
      </Card>
      {observed.error && <Alert color="red" role="alert">{observed.error}</Alert>}
      {message && <Alert color={message.color} role="status">{message.text}</Alert>}
      {items && items.length === 0 && <Text c="dimmed">No objective measures yet. Record range of motion, strength, timed tests or standardized scores above.</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {series.map(({ key, list, type, objective, progress: p }) => {
          const name = `${type?.name ?? list[0].code}${sideLabel(list[0].side)}`;
          const last = list[list.length - 1];
          const shown = (o: Observation) => o.grade ?? `${o.value} ${type?.unit ?? ''}`;
          const values = list.map((o) => o.value).concat(p?.target ?? [], p?.baseline ?? []);
          const data = list.map((o) => ({ date: o.observed_on, value: Math.round(o.value * 100) / 100 }));
          const summary = p && p.target !== null
            ? p.met ? 'target met' : p.fraction !== null ? `${Math.round(p.fraction * 100)}% of the way from baseline to target` : `target ${p.target}`
            : null;
          return (
            <Card withBorder key={key} data-testid={`observation-chart-${list[0].code}`}>
              <Group justify="space-between">
                <Title order={4} size="h5">{name}</Title>
                <Text size="sm">Latest: <b>{shown(last)}</b></Text>
              </Group>
              {objective && <Text size="xs" c="dimmed">Objective: {objective.text} — baseline {objective.baseline}, target {objective.target}{summary ? ` · ${summary}` : ''}</Text>}
              {p?.met && <Badge color="teal.9" mt={4}>Target met</Badge>}
              <div role="img" aria-label={`${name} over time; latest ${shown(last)}${summary ? `, ${summary}` : ''}`} style={{ width: '100%', height: 200 }}>
                <ResponsiveContainer>
                  <LineChart data={data} margin={{ top: 12, right: 12, left: -12, bottom: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="date" fontSize={11} />
                    <YAxis fontSize={11} domain={[Math.floor(Math.min(...values) - 1), Math.ceil(Math.max(...values) + 1)]} />
                    <Tooltip />
                    {p?.baseline != null && <ReferenceLine y={p.baseline} stroke="#868e96" strokeDasharray="4 4" label={{ value: 'baseline', fontSize: 10, position: 'insideTopLeft' }} />}
                    {p?.target != null && <ReferenceLine y={p.target} stroke="#2b8a3e" strokeDasharray="6 3" label={{ value: 'target', fontSize: 10, position: 'insideTopLeft' }} />}
                    <Line type="monotone" dataKey="value" stroke="#1864ab" strokeWidth={2} dot />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </Card>
          );
        })}
      </SimpleGrid>
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped aria-label="Objective measures recorded">
          <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>Measure</Table.Th><Table.Th>Result</Table.Th><Table.Th>By</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.slice().reverse().slice(0, showAll ? undefined : TABLE_ROWS).map((o) => (
              <Table.Tr key={o.id} style={o.voided ? { textDecoration: 'line-through', color: 'var(--mantine-color-dimmed)' } : undefined}>
                <Table.Td>{fmtDate(o.observed_on)}</Table.Td>
                <Table.Td>{byCode[o.code]?.name ?? o.code}{sideLabel(o.side)}{o.comment ? ` — ${o.comment}` : ''}</Table.Td>
                <Table.Td>{o.grade ?? `${o.value} ${byCode[o.code]?.unit ?? ''}`}</Table.Td>
                <Table.Td>{o.entered_by.name}</Table.Td>
                <Table.Td>
                  {o.voided ? <Badge color="gray.8">entered in error ({VOID_REASONS[o.void_reason as keyof typeof VOID_REASONS] ?? o.void_reason})</Badge> : (
                    <Menu>
                      <Menu.Target><Button size="compact-xs" variant="subtle" color="red" c="red.9">Entered in error…</Button></Menu.Target>
                      <Menu.Dropdown>
                        {(Object.keys(VOID_REASONS) as (keyof typeof VOID_REASONS)[]).map((r) => <Menu.Item key={r} onClick={() => voidOne(o, r)}>{VOID_REASONS[r]}</Menu.Item>)}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {items && items.length > TABLE_ROWS && (
        <Button variant="subtle" w="fit-content" onClick={() => setShowAll(!showAll)}>
          {showAll ? `Show the latest ${TABLE_ROWS}` : `Show all ${items.length} measures`}
        </Button>
      )}
    </Stack>
  );
}
