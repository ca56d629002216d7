// A clinician's video visit: enter the room of a telehealth appointment (from the calendar or the
// visit panel), check devices, then see the waiting room and the call.
import { Alert, Button, Center, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { CallView } from '../components/video/CallView';
import { DeviceCheck } from '../components/video/DeviceCheck';
import { Call, type Ticket } from '../lib/call';

export function VisitRoom() {
  const { id } = useParams();
  const navigate = useNavigate();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [call, setCall] = useState<Call | null>(null);

  useEffect(() => {
    api<Ticket>('POST', `/api/v1/appointments/${id}/telehealth/join`, {})
      .then(setTicket)
      .catch((e) => setError(e instanceof ApiError ? e.detail : 'The room could not be opened.'));
  }, [id]);
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
        <Group justify="space-between">
          <Title order={2}>Video visit</Title>
          <Button variant="subtle" onClick={() => navigate('/calendar')}>Back to the calendar</Button>
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
        {call && <CallView call={call} staff onLeave={() => navigate('/calendar')} />}
      </Stack>
    </Container>
  );
}
