// Notes: the clinician's note work in one place — visits still to write up, drafts to finish and
// sign, and (for supervisors) supervisees' notes waiting for a co-signature. Each opens its note.
import { Alert, Anchor, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError, type Me, can } from '../api';
import { noteForVisit } from '../lib/notes';
import { type Appointment, MODE_ICON, MODE_LABEL } from '../lib/scheduling';
import { modeColors } from '../theme';
import { fmtVisit } from '../lib/format';

export type { NoteTask } from '../types';
import type { NoteTask, Page } from '../types';
import { useApi } from '../lib/useApi';

const when = (iso: string) => fmtVisit(iso);
function age(iso: string) {
  const hours = Math.floor((Date.now() - Date.parse(iso)) / 3600_000);
  return hours < 24 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}

/** Opens the note a task is about: the existing note, or a new one for its visit. */
export async function openTask(t: Pick<NoteTask, 'note_id' | 'appointment_id'>, navigate: (to: string) => void) {
  if (t.note_id) return navigate(`/notes/${t.note_id}`);
  const visit = await api<Appointment>('GET', `/api/v1/appointments/${t.appointment_id}`);
  navigate(`/notes/${await noteForVisit(visit)}`);
}

function TaskRow({ t, onError }: { t: NoteTask; onError: (m: string) => void }) {
  const navigate = useNavigate();
  const label = t.kind === 'write' ? 'Write note' : t.kind === 'draft' ? 'Finish and sign' : 'Review and co-sign';
  return (
    <Card withBorder padding="sm" data-testid={`note-task-${t.kind}`}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/clients/${t.client_id}`} fw={600}>{t.client_name || 'Client'}</Anchor>
            {t.mode && <Badge color={modeColors[t.mode]} leftSection={MODE_ICON[t.mode]}>{MODE_LABEL[t.mode]}</Badge>}
            {t.hours_overdue != null && <Badge color="red.9">{t.hours_overdue} h overdue</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {t.visit_start ? `Visit ${when(t.visit_start)}` : 'Not tied to a visit'}
            {t.kind === 'draft' && ` · draft started ${age(t.since)}`}
            {t.kind === 'cosign' && ` · signed by ${t.author_name} ${age(t.since)}`}
            {t.kind === 'write' && ` · ended ${age(t.since)}`}
          </Text>
        </Stack>
        <Button size="compact-sm" variant={t.kind === 'write' ? 'filled' : 'outline'}
          onClick={() => openTask(t, navigate).catch((e: unknown) => onError(e instanceof ApiError ? e.detail : 'The note could not be opened.'))}>
          {label}
        </Button>
      </Group>
    </Card>
  );
}

export function Notes({ me }: { me: Me }) {
  const clinical = can(me, 'notes.read');
  const work = useApi<Page<NoteTask>>(clinical ? '/api/v1/notes/work' : null, 'Could not load your notes.');
  const [openError, setError] = useState<string | null>(null);
  const error = openError ?? work.error;
  const tasks = work.error ? [] : (work.data?.items ?? null);
  if (!clinical)
    return <Stack><Title order={1} size="h2">Notes</Title><Text c="dimmed">Notes are written and signed by clinicians. Billing sees which visits are documented on their charges.</Text></Stack>;
  const groups: { kind: NoteTask['kind']; title: string; empty: string }[] = [
    { kind: 'write', title: 'Visits to write up', empty: 'Every visit of the last 30 days has a note.' },
    { kind: 'draft', title: 'Drafts to finish and sign', empty: 'No drafts waiting.' },
    { kind: 'cosign', title: 'Waiting for your co-signature', empty: 'Nothing waits for your co-signature.' },
  ];
  return (
    <Stack>
      <Title order={1} size="h2">Notes</Title>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {!tasks && <Skeleton h={160} aria-label="Loading your notes" />}
      {tasks && groups.filter((g) => g.kind !== 'cosign' || tasks.some((t) => t.kind === 'cosign')).map((g) => {
        const items = tasks.filter((t) => t.kind === g.kind);
        return (
          <Stack key={g.kind} gap="xs">
            <Title order={2} size="h4">{g.title} {items.length > 0 && <Badge variant="light" ml={4}>{items.length}</Badge>}</Title>
            {items.length === 0 ? <Text size="sm" c="dimmed">{g.empty}</Text> : items.map((t) => <TaskRow key={`${t.kind}-${t.note_id ?? t.appointment_id}`} t={t} onError={setError} />)}
          </Stack>
        );
      })}
    </Stack>
  );
}
