// Today's video visits with who is waiting: name, how long, where they say they are and whether the
// clinician is licensed there. Updates live (the server tells the clinician when someone arrives or
// leaves), so a clinician between sessions sees the next client come in.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import { type Me, can } from '../api';
import { endOfToday } from '../lib/scheduling';
import { fmtTime } from '../lib/format';
import { useApi } from '../lib/useApi';
import { useLive } from '../lib/useLive';
import type { Page } from '../types';

interface Person {
  participant_id: string;
  kind: 'staff' | 'client' | 'guest';
  name: string;
  joined_at: string;
  stated_state?: string | null;
  licensure_allowed?: boolean | null;
  licensure_reason?: string;
}
interface Room {
  appointment_id: string;
  start: string;
  end: string;
  status: string;
  client_names: string[];
  waiting: Person[];
  in_room: Person[];
}

const time = (iso: string) => fmtTime(iso);
const minutes = (iso: string) => Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));

export function WaitingRoom({ me }: { me: Me }) {
  const entersRooms = can(me, 'telehealth.join');
  // Read again when someone arrives or leaves, and every 30 s so waiting times tick on (also the
  // fallback when the socket drops).
  const today = useApi<Page<Room>>(entersRooms ? `/api/v1/telehealth/rooms?until=${encodeURIComponent(endOfToday())}` : null,
    'The waiting room could not be loaded.', { every: 30_000 });
  useLive(entersRooms ? 'waiting.changed' : null, today.reload);
  const rooms = today.data?.items ?? null;
  const error = today.error;

  if (!entersRooms) return <Alert color="gray">The waiting room is for clinicians, supervisors and the owner.</Alert>;
  return (
    <Stack>
      <Title order={2}>Waiting room</Title>
      <Text c="dimmed">Today's video visits. Clients wait here until you let them in.</Text>
      {error && <Alert color="red">{error}</Alert>}
      {rooms && rooms.length === 0 && <Text>No video visits in the next twelve hours.</Text>}
      {rooms?.map((r) => (
        <Card key={r.appointment_id} withBorder padding="md" data-testid="room-card">
          <Group justify="space-between" align="start">
            <div>
              <Text fw={600}>{time(r.start)}–{time(r.end)} · {r.client_names.join(', ')}</Text>
              {r.waiting.length === 0 && r.in_room.length === 0 && <Text size="sm" c="dimmed">Nobody has arrived yet.</Text>}
              {r.in_room.length > 0 && <Text size="sm">In the room: {r.in_room.map((p) => p.name).join(', ')}</Text>}
            </div>
            <Button component={Link} to={`/visit/${r.appointment_id}`} color={r.waiting.length ? 'teal' : undefined} variant={r.waiting.length ? 'filled' : 'default'}>
              Open the room
            </Button>
          </Group>
          {r.waiting.map((w) => (
            <Group key={w.participant_id} mt="sm" gap="xs" data-testid="waiting-row">
              <Badge color="teal" variant="light">Waiting {minutes(w.joined_at)} min</Badge>
              <Text size="sm" fw={600}>{w.name}</Text>
              <Text size="sm">{w.kind === 'guest' ? 'invited guest' : `in ${w.stated_state ?? 'an unstated state'}`}</Text>
              {w.licensure_allowed === false && <Badge color="red">Not licensed there</Badge>}
              {Date.now() > Date.parse(r.start) + 5 * 60000 && <Badge color="orange">Visit began {minutes(r.start)} min ago</Badge>}
            </Group>
          ))}
        </Card>
      ))}
    </Stack>
  );
}
