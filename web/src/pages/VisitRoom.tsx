// A clinician's video visit: enter the room of a telehealth appointment (from the calendar or the
// visit panel), check devices, then see the waiting room and the call. With `partner`, a partner
// organization's clinician joins a visit of a practice their organization works with (a joint visit):
// their entry is checked against the client's release and their licence, and the practice's chart stays its own.
import { Alert, Anchor, Button, Center, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { CallView } from '../components/video/CallView';
import { DeviceCheck } from '../components/video/DeviceCheck';
import { Call, type Ticket } from '../lib/call';
import { fmtTime, fmtDay } from '../lib/format';
import { noteForVisit } from '../lib/notes';
import { useApi, useLoad } from '../lib/useApi';
import type { Appointment } from '../lib/scheduling';

export function VisitRoom({ partner = false }: { partner?: boolean }) {
  const { id } = useParams();
  const navigate = useNavigate();
  const [noteError, setError] = useState<string | null>(null);
  const [call, setCall] = useState<Call | null>(null);
  const visit = useApi<Appointment>(partner ? null : `/api/v1/appointments/${id}`).data;
  const joinPath = partner ? `/api/v1/partners/visits/${id}/join` : `/api/v1/appointments/${id}/telehealth/join`;
  const joined = useLoad<Ticket>(id ?? null, () => api<Ticket>('POST', joinPath, {}), 'The room could not be opened.');
  const ticket = joined.data;
  const error = joined.error ?? noteError;
  // The chart and the note open beside the call (a new tab), so the call goes on.
  const openNote = async () => {
    if (!visit) return;
    const tab = window.open('', '_blank');
    try {
      const noteId = await noteForVisit(visit);
      if (tab) tab.location.href = `/notes/${noteId}`;
    } catch (e) {
      tab?.close();
      setError(e instanceof ApiError ? e.detail : 'The note could not be opened.');
    }
  };

  useEffect(() => () => call?.leave(), [call]);

  const start = (stream: MediaStream) => {
    if (!ticket) return;
    const c = new Call(ticket, stream);
    (window as unknown as { duetCall: Call }).duetCall = c;  // diagnostics (connection state, frames) for support and tests
    c.open();
    setCall(c);
  };

  return (
    <Container size="xl" py="md">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <div>
            <Title order={1} size="h2">{visit ? `Video visit with ${(visit.client_names ?? []).join(', ')}` : partner ? 'Joint visit by video' : 'Video visit'}</Title>
            {visit && <Text data-testid="visit-when">{fmtDay(visit.start)}, {fmtTime(visit.start)} – {fmtTime(visit.end)}</Text>}
          </div>
          <Group gap="xs">
            {visit && visit.client_ids.map((c, i) => (
              <Anchor key={c} href={`/clients/${c}`} target="_blank" rel="noopener" underline="always">
                {visit.client_ids.length > 1 ? `${visit.client_names?.[i] ?? "Client"}'s chart` : 'Chart'}
              </Anchor>
            ))}
            {visit && <Button variant="default" onClick={openNote}>Note</Button>}
            <Button variant="subtle" onClick={() => navigate('/calendar')}>Back to the calendar</Button>
          </Group>
        </Group>
        {error && <Alert color="red" title="Cannot open the room">{error}</Alert>}
        {!error && !ticket && <Center><Loader aria-label="Opening the room" /></Center>}
        {ticket && !call && (
          <Center>
            <Stack align="center">
              <Text>Nothing is recorded. Only the visit's start, end and minutes are kept for the note and billing.</Text>
              <DeviceCheck joinLabel="Open the room" onReady={start} />
            </Stack>
          </Center>
        )}
        {call && <CallView call={call} staff={!partner} onLeave={() => navigate('/calendar')} />}
      </Stack>
    </Container>
  );
}
