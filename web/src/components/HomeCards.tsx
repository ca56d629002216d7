// Home-page cards that read the clinician's day: who is waiting for a video visit now, and which
// visits still need a signed note.
import { Alert, Anchor, Badge, Button, Card, Group, List, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { type JSX, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, type Me, can } from '../api';
import { noteForVisit } from '../lib/notes';
import { type Appointment, CLOSED, MODE_ICON, MODE_LABEL, startOfToday } from '../lib/scheduling';
import { modeColors } from '../theme';
import { type NoteTask, openTask } from '../pages/Notes';
import { endOfToday } from '../lib/scheduling';
import { fmtDate, fmtShortDate, fmtTime, fmtVisit } from '../lib/format';
import { useApi } from '../lib/useApi';
import type { ConsentGap, DuePlan, EstimateList, OverdueVisit, Page } from '../types';

interface Room { appointment_id: string; start: string; client_names: string[]; waiting: { participant_id: string; name: string }[] }
type Overdue = OverdueVisit;

export function WaitingNow() {
  const rooms = useApi<Page<Room>>(`/api/v1/telehealth/rooms?until=${encodeURIComponent(endOfToday())}`, undefined, { every: 30_000 }).data?.items;
  const waiting = (rooms ?? []).filter((r) => r.waiting.length > 0);
  if (!rooms) return <Text c="dimmed" size="sm">Loading…</Text>;
  if (waiting.length === 0)
    return <Text c="dimmed" size="sm">Nobody is waiting. {rooms.length > 0 && <Anchor component={Link} to="/waiting-room" underline="always">{rooms.length} video visit{rooms.length > 1 ? 's' : ''} today</Anchor>}</Text>;
  return (
    <List size="sm" data-testid="home-waiting">
      {waiting.map((r) => (
        <List.Item key={r.appointment_id}>
          <Badge color="teal.9" mr="xs">waiting</Badge>
          {r.waiting.map((w) => w.name).join(', ')} — <Anchor component={Link} to={`/visit/${r.appointment_id}`}>open the room</Anchor>
        </List.Item>
      ))}
    </List>
  );
}

export function NotesToSign() {
  const { data, error: loadError } = useApi<Page<Overdue>>('/api/v1/notes/overdue', 'Could not load the notes to sign.');
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const items = data?.items;
  if (loadError) return <Alert color="red" role="alert">{loadError}</Alert>;
  if (!items) return <Text c="dimmed" size="sm">Loading…</Text>;
  if (items.length === 0) return <Text c="dimmed" size="sm">You are all caught up. <Anchor component={Link} to="/notes" underline="always">All your notes</Anchor></Text>;
  return (
    <>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <List size="sm" data-testid="home-overdue-notes">
        {items.map((o) => (
          <List.Item key={o.appointment_id}>
            {o.client_name || 'Client'}, visit of {fmtShortDate(o.visit_start ?? o.visit_end)}: {o.hours_overdue} h overdue —{' '}
            <Anchor component="button" onClick={() => openTask({ note_id: o.note_id, appointment_id: o.appointment_id } as Pick<NoteTask, 'note_id' | 'appointment_id'>, navigate)
              .catch((e: unknown) => setError(e instanceof ApiError ? e.detail : 'The note could not be opened.'))}>
              {o.note_id ? 'finish the draft' : 'write the note'}
            </Anchor>
          </List.Item>
        ))}
      </List>
      <Anchor component={Link} to="/notes" size="sm">All your notes</Anchor>
    </>
  );
}


export function PlansDue() {
  const { data, error } = useApi<Page<DuePlan>>('/api/v1/plans/due', 'Could not load the plans due.');
  if (error) return <Text c="red" size="sm" role="alert">{error}</Text>;
  const items = data?.items;
  if (!items || items.length === 0) return null;
  return (
    <List size="sm" data-testid="home-plans-due">
      {items.map((d) => (
        <List.Item key={`${d.client_id}-${d.what}`}>
          <Anchor component={Link} to={`/clients/${d.client_id}`}>{d.client_name}</Anchor>: plan {d.what}{' '}
          {d.days_left < 0 ? <Badge color="red.9">{-d.days_left} days overdue</Badge> : `due ${d.due} (in ${d.days_left} days)`}
        </List.Item>
      ))}
    </List>
  );
}

// Today's visits in order, each with its mode, client, status and the one next step: check in an
// in-person arrival, open the video room, write or finish the note. Clinicians see their own day;
// the owner and the front desk see the practice's, with who each visit is with.
export function TodayVisits({ me, clinicianId }: { me: Me; clinicianId: string | null }) {
  const [actError, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  // Whoever has no visits of their own (the front desk, a biller, an owner who does not see clients)
  // sees the practice's day; a clinician sees theirs.
  const practiceDay = !clinicianId || can(me, 'waitlist.manage') || !can(me, 'scheduling.write');
  const clinical = can(me, 'notes.read');
  const checksIn = can(me, 'scheduling.write');
  // The day's bounds are the same all day, so the list follows when the day turns.
  const q = new URLSearchParams({ from: startOfToday(), to: endOfToday() });
  if (!practiceDay && clinicianId) q.set('clinician_id', clinicianId);
  const today = useApi<Page<Appointment>>(`/api/v1/appointments?${q}`, 'Could not load today\'s visits.', { every: 60_000 });
  const load = today.reload;
  const items = useMemo(() => today.data?.items.filter((a) => !CLOSED.includes(a.status)).sort((x, y) => x.start.localeCompare(y.start)), [today.data]);
  const error = actError ?? today.error;
  // Who each visit is with, on the practice's day; the day is shown once the names are known so the
  // list does not change under the reader's eyes.
  const team = useApi<Page<{ id: string; given_name: string; family_name: string }>>(practiceDay ? '/api/v1/clinicians' : null);
  const names = useMemo(() => (team.error ? {} : team.data && Object.fromEntries(team.data.items.map((k) => [k.id, `${k.given_name} ${k.family_name}`]))), [team.data, team.error]);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  if (error && !items) return <Alert color="red" role="alert">{error}</Alert>;
  if (!items || (practiceDay && !names)) return <Skeleton h={80} aria-label="Loading today's visits" />;
  if (items.length === 0)
    return <Text c="dimmed" size="sm">No visits today. <Anchor component={Link} to="/calendar" underline="always">Open the calendar</Anchor> to book one.</Text>;
  const now = Date.now();
  return (
    <Stack gap={6} data-testid="today-visits">
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {items.map((a) => {
        const started = Date.parse(a.start) <= now + 15 * 60_000;
        const arrived = a.status === 'checked_in' || a.status === 'in_session';
        const done = a.status === 'completed' || Date.parse(a.end) < now;
        let next: JSX.Element | null = null;
        if (a.mode !== 'in_person' && !done && clinical) next = <Button size="compact-sm" color="teal.9" component={Link} to={`/visit/${a.id}`}>Open video room</Button>;
        else if (a.mode === 'in_person' && !arrived && !done && checksIn)
          next = <Button size="compact-sm" onClick={() => act(async () => { await api('POST', `/api/v1/appointments/${a.id}/check-in`, {}); load(); })}>Check in</Button>;
        else if ((arrived || done || started) && clinical)
          next = <Button size="compact-sm" onClick={() => act(async () => navigate(`/notes/${await noteForVisit(a)}`))}>{done ? 'Write note' : 'Start note'}</Button>;
        return (
          <Group key={a.id} justify="space-between" wrap="nowrap" data-testid="today-visit" data-mode={a.mode} data-status={a.status}>
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} w={52}>{fmtTime(a.start)}</Text>
              <Badge color={modeColors[a.mode]} leftSection={MODE_ICON[a.mode]} style={{ flexShrink: 0 }}>{MODE_LABEL[a.mode]}</Badge>
              <Text size="sm" truncate>
                <Anchor component={Link} to={`/clients/${a.client_ids[0]}`}>{(a.client_names ?? []).join(', ') || 'Client'}</Anchor>
                {practiceDay && names?.[a.clinician_id] ? ` · ${names[a.clinician_id]}` : ''}
              </Text>
              {a.status !== 'booked' && <Badge variant="outline" color="gray.8" style={{ flexShrink: 0 }}>{a.status.replace('_', ' ')}</Badge>}
            </Group>
            {next}
          </Group>
        );
      })}
    </Stack>
  );
}


/** Clients with a video or phone visit in the next 30 days and no telehealth consent on file. */
export function ConsentsNeeded() {
  const { data, error } = useApi<Page<ConsentGap>>('/api/v1/consents/missing', 'Could not check telehealth consents.');
  if (error) return <Text c="red" size="sm" role="alert">{error}</Text>;
  const items = data?.items;
  if (!items) return <Skeleton h={40} />;
  if (items.length === 0) return <Text c="dimmed" size="sm">Every client with a video visit in the next 30 days has a telehealth consent on file.</Text>;
  return (
    <List size="sm" spacing={4} data-testid="consents-needed">
      {items.map((g) => (
        <List.Item key={g.client_id}>
          <Anchor component={Link} to={`/clients/${g.client_id}`} underline="always">{g.client_name}</Anchor>
          {' '}— {g.next_visit.mode === 'audio' ? 'phone' : 'video'} visit {fmtVisit(g.next_visit.start)}
        </List.Item>
      ))}
    </List>
  );
}

// Good Faith Estimates the practice owes self-pay and uninsured clients, soonest due first.
export function EstimatesOwed() {
  const { data, error } = useApi<EstimateList>('/api/v1/good-faith-estimates?due=pending', 'Could not check Good Faith Estimates.');
  if (error) return <Text c="red" size="sm" role="alert">{error}</Text>;
  const due = data?.due;
  if (!due) return <Skeleton h={40} />;
  if (due.length === 0) return <Text c="dimmed" size="sm">Every self-pay and uninsured client who is owed an estimate has one.</Text>;
  return (
    <List size="sm" spacing={4} data-testid="estimates-owed">
      {due.map((d) => (
        <List.Item key={`${d.client_id}-${d.trigger}`}>
          <Anchor component={Link} to={`/clients/${d.client_id}?tab=billing`} underline="always">{d.client_name}</Anchor>
          {' '}— {d.overdue ? <Text span c="red.9" fw={700}>overdue since {fmtDate(d.due_on)}</Text> : <>due by {fmtDate(d.due_on)}</>}
          {d.trigger === 'requested' ? ' (asked for)' : d.first_visit ? ` (first visit ${fmtDate(d.first_visit)})` : ''}
        </List.Item>
      ))}
    </List>
  );
}

interface RecordRequestRow { id: string; client_id: string; client_name?: string; requested_at: string; due_at: string; overdue: boolean }

/** Clients' requests for their whole record (the right of access), soonest due first: made and delivered here. */
export function RecordRequests() {
  const { data, error, reload } = useApi<Page<RecordRequestRow>>('/api/v1/record-requests', 'Could not load record requests.');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (error) return <Text c="red" size="sm" role="alert">{error}</Text>;
  const items = data?.items;
  if (!items) return <Skeleton h={40} />;
  if (items.length === 0) return <Text c="dimmed" size="sm">No client is waiting for their record.</Text>;
  const deliver = async (id: string) => {
    setBusy(id);
    setProblem(null);
    try {
      await api('POST', `/api/v1/record-requests/${id}/deliver`);
      reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'The record could not be delivered.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap={4} data-testid="record-requests">
      {problem && <Text c="red.9" size="sm" role="alert">{problem}</Text>}
      {items.map((r) => (
        <Group key={r.id} justify="space-between" wrap="nowrap">
          <Text size="sm">
            <Anchor component={Link} to={`/clients/${r.client_id}`} underline="always">{r.client_name}</Anchor>
            {' '}— {r.overdue ? <Text span c="red.9" fw={700}>overdue since {fmtDate(r.due_at)}</Text> : <>due by {fmtDate(r.due_at)}</>}
          </Text>
          <Button size="xs" variant="default" loading={busy === r.id} onClick={() => void deliver(r.id)}>Prepare and deliver</Button>
        </Group>
      ))}
    </Stack>
  );
}

/** Clients' own bookings waiting for the practice (when it confirms them first): approve, or decline with a reason.
 *  Shown while the practice has booking approval on, or while requests are still waiting. */
export function BookingRequests() {
  const settings = useApi<{ booking_approval: boolean }>('/api/v1/portal-settings');
  const [range] = useState(() => {
    const from = new Date();
    return { from: from.toISOString(), to: new Date(from.getTime() + 90 * 86400_000).toISOString() };
  });
  const listed = useApi<Page<Appointment>>(`/api/v1/appointments?status=requested&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
    'Could not load booking requests.');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const items = listed.data?.items;
  if (!settings.data?.booking_approval && !items?.length) return null;
  const answer = async (a: Appointment, approve: boolean) => {
    setBusy(a.id);
    setProblem(null);
    try {
      await api('POST', `/api/v1/appointments/${a.id}/${approve ? 'approve' : 'decline'}`, approve ? {} : { reason });
      setDeclining(null);
      setReason('');
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.errors[0]?.message ?? e.detail) : 'The answer was not saved.');
    } finally {
      setBusy(null);
      listed.reload();
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4">Booking requests</Title>
      {listed.error && <Text c="red.9" size="sm" role="alert">{listed.error}</Text>}
      {problem && <Text c="red.9" size="sm" role="alert">{problem}</Text>}
      {!items ? <Skeleton h={40} /> : items.length === 0 ? <Text c="dimmed" size="sm">No client is waiting for a confirmation.</Text> : (
        <Stack gap={6} data-testid="booking-requests">
          {items.map((a) => (
            <Stack key={a.id} gap={4} role="group" aria-label={`Request from ${(a.client_names ?? []).join(', ')}`}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">
                  <Anchor component={Link} to={`/clients/${a.client_ids[0]}`} underline="always">{(a.client_names ?? []).join(', ') || 'Client'}</Anchor>
                  {' '}— {fmtVisit(a.start)} · {MODE_LABEL[a.mode] ?? a.mode}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" loading={busy === a.id && declining !== a.id} onClick={() => void answer(a, true)}>Approve</Button>
                  <Button size="xs" variant="default" onClick={() => { setDeclining(declining === a.id ? null : a.id); setReason(''); }}>Decline</Button>
                </Group>
              </Group>
              {declining === a.id && (
                <Group align="flex-end" wrap="nowrap">
                  <TextInput size="xs" style={{ flex: 1 }} label="Why (kept in the record; the client is only asked to choose another time)"
                    value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                  <Button size="xs" color="red" c="white" bg="red.9" loading={busy === a.id} disabled={!reason.trim()} onClick={() => void answer(a, false)}>Decline the request</Button>
                </Group>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
