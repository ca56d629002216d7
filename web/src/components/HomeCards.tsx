// Home-page cards that read the clinician's day: who is waiting for a video visit now, and which
// visits still need a signed note.
import { Anchor, Badge, List, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api';

interface Room { appointment_id: string; start: string; client_names: string[]; waiting: { participant_id: string; name: string }[] }
interface Overdue { appointment_id: string; client_id: string; visit_end: string; hours_overdue: number; note_id: string | null }

export function WaitingNow() {
  const [rooms, setRooms] = useState<Room[] | null>(null);
  useEffect(() => {
    const load = () => api<{ items: Room[] }>('GET', '/api/v1/telehealth/rooms').then((r) => setRooms(r.items)).catch(() => undefined);
    load();
    const t = window.setInterval(load, 30_000);
    return () => window.clearInterval(t);
  }, []);
  const waiting = (rooms ?? []).filter((r) => r.waiting.length > 0);
  if (!rooms) return <Text c="dimmed" size="sm">Loading…</Text>;
  if (waiting.length === 0)
    return <Text c="dimmed" size="sm">Nobody is waiting. {rooms.length > 0 && <Anchor component={Link} to="/waiting-room">{rooms.length} video visit{rooms.length > 1 ? 's' : ''} today</Anchor>}</Text>;
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
  const [items, setItems] = useState<Overdue[] | null>(null);
  useEffect(() => {
    api<{ items: Overdue[] }>('GET', '/api/v1/notes/overdue').then((r) => setItems(r.items)).catch(() => setItems([]));
  }, []);
  if (!items) return <Text c="dimmed" size="sm">Loading…</Text>;
  if (items.length === 0) return <Text c="dimmed" size="sm">You are all caught up.</Text>;
  return (
    <List size="sm" data-testid="home-overdue-notes">
      {items.map((o) => (
        <List.Item key={o.appointment_id}>
          Visit of {new Date(o.visit_end).toLocaleDateString([], { month: 'short', day: 'numeric' })}: {o.hours_overdue} h overdue —{' '}
          {o.note_id ? <Anchor component={Link} to={`/notes/${o.note_id}`}>finish the draft</Anchor> : <Anchor component={Link} to={`/clients/${o.client_id}`}>open the chart</Anchor>}
        </List.Item>
      ))}
    </List>
  );
}

interface Due { client_id: string; client_name: string; what: string; due: string; days_left: number }

export function PlansDue() {
  const [items, setItems] = useState<Due[] | null>(null);
  useEffect(() => {
    api<{ items: Due[] }>('GET', '/api/v1/plans/due').then((r) => setItems(r.items)).catch(() => setItems([]));
  }, []);
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
