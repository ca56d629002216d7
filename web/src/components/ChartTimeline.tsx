// The chart's timeline: visits in person and by video side by side (mode always shown by colour and
// glyph), notes, plan versions, questionnaire results, objective measures and documents, newest
// first, a season at a time. Each role sees what the server lets it read; the rest is left out.
import { Anchor, Button, Card, Chip, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { type NoteMeta, when } from '../lib/notes';
import { DOCUMENT_CATEGORIES } from './documents/DocumentsTab';
import { type Appointment, MODE_ICON, MODE_LABEL } from '../lib/scheduling';
import { modeColors } from '../theme';
import { fmtDate, fmtMonth } from '../lib/format';
import { useApi, useLoad } from '../lib/useApi';
import type { Page } from '../types';

type Kind = 'visit' | 'note' | 'plan' | 'measure' | 'document';
interface Item { key: string; kind: Kind; at: string; title: React.ReactNode; detail?: React.ReactNode; color: string; icon: string; testid?: string }

const KIND_LABEL: Record<Kind, string> = { visit: 'Visits', note: 'Notes', plan: 'Plan', measure: 'Measures', document: 'Documents' };
const WINDOW_DAYS = 90;  // the server lists at most 93 days of visits at a time
const INSTRUMENT = { phq9: 'PHQ-9', gad7: 'GAD-7' } as Record<string, string>;
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const NO_VISITS: Appointment[] = [];
const optional = <T,>(p: Promise<T>, empty: T) => p.catch(() => empty);  // a role that may not read a part simply does not see it

export function ChartTimeline({ clientId }: { clientId: string }) {
  const [now] = useState(() => Date.now());
  const [earliest, setEarliest] = useState(() => new Date(now - WINDOW_DAYS * 86400000));
  const [show, setShow] = useState<Kind[]>(['visit', 'note', 'plan', 'measure', 'document']);
  const team = useApi<Page<{ id: string; given_name: string; family_name: string }>>('/api/v1/clinicians').data;
  const names = useMemo(() => Object.fromEntries((team?.items ?? []).map((c) => [c.id, `${c.given_name} ${c.family_name}`])), [team]);

  // Visits a season at a time (the server lists at most 93 days per request), from the earliest
  // season asked for to a season ahead.
  const visits = useLoad(`${clientId}:${earliest.toISOString()}`, async () => {
    const seasons: [Date, Date][] = [];
    for (let to = now + WINDOW_DAYS * 86400000; to > earliest.getTime(); to -= WINDOW_DAYS * 86400000)
      seasons.push([new Date(Math.max(earliest.getTime(), to - WINDOW_DAYS * 86400000)), new Date(to)]);
    const lists = await Promise.all(seasons.map(([from, to]) =>
      optional(api<Page<Appointment>>('GET', `/api/v1/appointments?client_id=${clientId}&from=${iso(from)}&to=${iso(to)}`), { items: [], next: null })));
    const byId = new Map(lists.flatMap((l) => l.items).map((a) => [a.id, a]));
    return [...byId.values()];
  }).data ?? NO_VISITS;

  const items = useLoad(clientId, async () => {
    const [notes, measures, observations, documents, plans, types, templates] = await Promise.all([
      optional(api<{ items: NoteMeta[] }>('GET', `/api/v1/notes?client_id=${clientId}`), { items: [] }),
      optional(api<{ items: { id: string; instrument: string; total: number; band: string; safety_flag: boolean; completed_at: string }[] }>('GET', `/api/v1/clients/${clientId}/measures`), { items: [] }),
      optional(api<{ items: { id: string; code: string; side: string | null; value: number; grade: string | null; observed_on: string; created_at: string; voided: boolean }[] }>('GET', `/api/v1/clients/${clientId}/observations`), { items: [] }),
      optional(api<{ items: { id: string; title: string; kind: string; category: string | null; created_at: string; signed: { name: string } | null }[] }>('GET', `/api/v1/clients/${clientId}/documents`), { items: [] }),
      optional(api<{ versions: { version: number; created_at: string; author: { name: string }; clinician_signature: unknown }[] }>('GET', `/api/v1/clients/${clientId}/plans`), { versions: [] }),
      optional(api<{ items: { code: string; name: string; unit: string }[] }>('GET', '/api/v1/observation-types'), { items: [] }),
      optional(api<{ items: { key: string; name: string }[] }>('GET', '/api/v1/note-templates'), { items: [] }),
    ]);
    const templateName = Object.fromEntries(templates.items.map((t) => [t.key, t.name]));
    const out: Item[] = [];
    for (const n of notes.items)
      out.push({ key: `n${n.id}`, kind: 'note', at: n.signature?.at ?? n.updated_at, color: n.status === 'signed' ? 'teal.9' : 'gray.7', icon: '✎', testid: 'timeline-note',
        title: <Anchor component={Link} to={`/notes/${n.id}`}>{templateName[n.template.key] ?? n.template.key.replace(/_/g, ' ')} — {n.status === 'signed' ? `signed by ${n.signature?.name}` : 'draft'}</Anchor>,
        detail: `by ${n.author.name}` });
    for (const m of measures.items)
      out.push({ key: `m${m.id}`, kind: 'measure', at: m.completed_at, color: m.safety_flag ? 'red.9' : 'indigo.8', icon: '≡',
        title: `${INSTRUMENT[m.instrument] ?? m.instrument} ${m.total} (${m.band})`, detail: m.safety_flag ? 'item 9 above zero' : undefined });
    // Objective measures taken on one day are one entry.
    const byDay = new Map<string, typeof observations.items>();
    for (const o of observations.items.filter((x) => !x.voided)) byDay.set(o.observed_on, [...(byDay.get(o.observed_on) ?? []), o]);
    const typeOf = Object.fromEntries(types.items.map((t) => [t.code, t]));
    for (const [day, list] of byDay)
      out.push({ key: `o${day}`, kind: 'measure', at: `${day}T12:00:00Z`, color: 'indigo.8', icon: '⟂',
        title: `${list.length} objective measure${list.length === 1 ? '' : 's'}`,
        detail: list.map((o) => `${typeOf[o.code]?.name ?? o.code}${o.side ? ` ${o.side}` : ''}: ${o.grade ?? `${o.value} ${typeOf[o.code]?.unit ?? ''}`}`).join('; ') });
    for (const d of documents.items)
      out.push({ key: `d${d.id}`, kind: 'document', at: d.created_at, color: 'gray.7', icon: '▤', title: d.title,
        detail: d.signed ? `signed by ${d.signed.name}` : DOCUMENT_CATEGORIES[d.category ?? ''] ?? d.kind.replace(/_/g, ' ') });
    for (const v of plans.versions)
      out.push({ key: `p${v.version}`, kind: 'plan', at: v.created_at, color: 'grape.8', icon: '◎', title: `Plan of care, version ${v.version}`,
        detail: `by ${v.author.name}${v.clinician_signature ? ', signed' : ''}` });
    return out;
  }).data ?? null;

  const all = useMemo(() => {
    if (!items) return null;
    const visitItems: Item[] = visits.map((a) => ({
      key: `a${a.id}`, kind: 'visit', at: a.start, color: modeColors[a.mode], icon: MODE_ICON[a.mode], testid: `timeline-visit-${a.mode}`,
      // A case conference is a coordination activity among staff (its time and attendees), not a visit with the client.
      title: a.kind === 'conference'
        ? <>Case conference{[a.clinician_id, ...(a.attendee_ids ?? [])].some((id) => names[id]) ? ` — ${[a.clinician_id, ...(a.attendee_ids ?? [])].map((id) => names[id]).filter(Boolean).join(', ')}` : ''}</>
        : <>{MODE_LABEL[a.mode]} visit{names[a.clinician_id] ? ` with ${names[a.clinician_id]}` : ''}{a.joint_clinician_id && names[a.joint_clinician_id] ? `, ${names[a.joint_clinician_id]} by video` : ''}</>,
      detail: <>{a.status.replace(/_/g, ' ')}{a.kind === 'conference' ? ' · staff only' : a.mode === 'video' || a.mode === 'audio' ? ' · telehealth' : ''}</>,
    }));
    return [...visitItems, ...items].filter((i) => show.includes(i.kind)).sort((a, b) => b.at.localeCompare(a.at) || a.key.localeCompare(b.key));
  }, [items, visits, names, show]);

  const earlier = () => {
    const from = new Date(earliest.getTime() - WINDOW_DAYS * 86400000);
    setEarliest(from);
  };

  if (!all) return <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={56} />)}</Stack>;
  // Group by month for reading; an empty timeline says what to do next.
  const months = new Map<string, Item[]>();
  for (const i of all) {
    const m = fmtMonth(i.at);
    months.set(m, [...(months.get(m) ?? []), i]);
  }
  return (
    <Stack data-testid="timeline">
      <Chip.Group multiple value={show} onChange={(v) => setShow(v as Kind[])}>
        <Group gap="xs" role="group" aria-label="Show on the timeline">
          {(Object.keys(KIND_LABEL) as Kind[]).map((k) => <Chip key={k} value={k} size="sm">{KIND_LABEL[k]}</Chip>)}
        </Group>
      </Chip.Group>
      {all.length === 0 && <Text c="dimmed">Nothing here yet. Book a visit from the calendar, or start a note, a plan or a measure from the tabs above.</Text>}
      {[...months.entries()].map(([month, list]) => (
        <div key={month}>
          <Title order={3} size="h6" c="dimmed" tt="uppercase" mb={4}>{month}</Title>
          <Stack gap={6}>
            {list.map((i) => (
              <Card key={i.key} withBorder p="xs" data-testid={i.testid}>
                <Group wrap="nowrap" align="start">
                  <ThemeIcon color={i.color} autoContrast radius="xl" size="md" aria-hidden>{i.icon}</ThemeIcon>
                  <div style={{ flex: 1 }}>
                    <Group justify="space-between" wrap="nowrap">
                      <Text size="sm" fw={500}>{i.title}</Text>
                      <Text size="xs" c="dimmed">{i.kind === 'measure' && i.key.startsWith('o') ? i.at.slice(0, 10) : when(i.at)}</Text>
                    </Group>
                    {i.detail && <Text size="xs" c="dimmed">{i.detail}</Text>}
                  </div>
                </Group>
              </Card>
            ))}
          </Stack>
        </div>
      ))}
      <Button variant="subtle" w="fit-content" onClick={earlier}>Show visits before {fmtDate(earliest)}</Button>
    </Stack>
  );
}
