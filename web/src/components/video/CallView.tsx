// The room: video tiles for everyone, controls (mute, camera, audio only, share, chat, leave), the
// connection quality from getStats, and for staff the waiting room with admit, message and remove.
import { ActionIcon, Alert, Badge, Button, Card, Flex, Group, Paper, ScrollArea, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { Call, CallState, Participant, Peer } from '../../lib/call';
import { fmtTime } from '../../lib/format';
import { useT } from '../../lib/i18n';

function Tile({ stream, label, muted, mirrored, note }: { stream: MediaStream | null; label: string; muted?: boolean; mirrored?: boolean; note?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <Paper radius="md" pos="relative" style={{ background: '#1a1b1e', overflow: 'hidden', aspectRatio: '16 / 10' }}>
      <video ref={ref} autoPlay playsInline muted={muted} aria-label={`Video of ${label}`} style={{ width: '100%', height: '100%', objectFit: 'cover', transform: mirrored ? 'scaleX(-1)' : undefined }} />
      <Group pos="absolute" bottom={8} left={8} gap={6}>
        <Badge color="dark" variant="filled">{label}</Badge>
        {note && <Badge color="gray" variant="filled">{note}</Badge>}
      </Group>
    </Paper>
  );
}

function minutesSince(iso: string) {
  return Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
}

function WaitingRoom({ call, state }: { call: Call; state: CallState }) {
  const [text, setText] = useState('');
  const late = state.starts_at ? minutesSince(state.starts_at) : 0;
  if (state.waiting.length === 0) return <Text size="sm" c="dimmed">Nobody is waiting.</Text>;
  return (
    <Stack gap="xs" aria-label="Waiting room">
      {state.waiting.map((w: Participant) => (
        <Card key={w.id} withBorder padding="sm" data-testid="waiting-client">
          <Group justify="space-between" align="start">
            <div>
              <Text fw={600}>{w.name}</Text>
              <Text size="sm">Waiting {minutesSince(w.joined_at)} min{Date.now() > Date.parse(state.starts_at ?? '') && late > 0 ? ` · visit began ${late} min ago` : ''}</Text>
              {w.kind === 'guest' ? <Text size="sm">Invited guest</Text> : <Text size="sm">Says they are in {w.stated_state ?? 'an unstated state'}</Text>}
            </div>
            {w.licensure_allowed === false ? <Badge color="red">Not licensed there</Badge> : w.licensure_allowed ? <Badge color="green">Licensed there</Badge> : null}
          </Group>
          {w.licensure_allowed === false && (
            <Alert color="red" mt="xs" title="Licensure">
              {w.licensure_reason || 'You are not licensed where this client says they are.'} Admitting them is recorded with the visit.
            </Alert>
          )}
          <Group mt="xs" gap="xs">
            <Button size="xs" onClick={() => call.admit(w.id)}>Admit {w.kind === 'guest' ? w.name : w.name.split(' ')[0]}</Button>
            <Button size="xs" variant="default" onClick={() => call.remove(w.id)}>Turn away</Button>
          </Group>
          <Group mt="xs" gap="xs" align="end">
            <TextInput size="xs" label="Message to the waiting client" value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} />
            <Button size="xs" variant="light" disabled={!text.trim()} onClick={() => { call.message(w.id, text.trim()); setText(''); }}>Send</Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

function Chat({ call, state }: { call: Call; state: CallState }) {
  const t = useT();
  const [text, setText] = useState('');
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">{t('Chat is not saved.')}</Text>
      <div role="log" aria-label={t('Chat messages')}>
        <ScrollArea h={180}>
          {state.chat.map((c, i) => (
            <Text key={i} size="sm"><b>{c.mine ? t('You') : c.name}:</b> {c.text}</Text>
          ))}
        </ScrollArea>
      </div>
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) { call.chat(text.trim()); setText(''); } }}>
        <Group gap="xs" align="end">
          <TextInput size="xs" label={t('Chat message')} value={text} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} maxLength={2000} />
          <Button size="xs" type="submit">{t('Send')}</Button>
        </Group>
      </form>
    </Stack>
  );
}

const qualityColor = { good: 'green', fair: 'yellow', poor: 'red', unknown: 'gray' } as const;

/** Time in the visit since the first other person was in the room: "12:05". */
function VisitTimer({ state }: { state: CallState }) {
  const tr = useT();
  const [since, setSince] = useState<number | null>(null);
  const [, tick] = useState(0);
  useEffect(() => {
    if (since === null && state.peers.some((p) => p.state === 'connected' || p.stream)) setSince(Date.now());
  }, [state.peers, since]);
  useEffect(() => {
    const t = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(t);
  }, []);
  if (since === null) return <Badge size="lg" variant="outline" color="dark">{tr('Not started')}</Badge>;
  const s = Math.floor((Date.now() - since) / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return <Badge size="lg" variant="outline" color="dark" aria-label={tr('Visit time {time}', { time: text })} data-testid="visit-timer">{text}</Badge>;
}

export function CallView({ call, staff, onLeave }: { call: Call; staff: boolean; onLeave: () => void }) {
  const t = useT();
  const [state, setState] = useState<CallState>(call.state);
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const [audioOnly, setAudioOnly] = useState(false);
  const [stopShare, setStopShare] = useState<(() => void) | null>(null);
  useEffect(() => call.subscribe(setState), [call]);

  if (state.phase === 'ended' || state.phase === 'removed' || state.phase === 'failed') {
    return (
      <Card withBorder padding="lg" maw={560}>
        <Title order={3}>{state.phase === 'ended' ? t('The visit has ended') : state.phase === 'removed' ? t('You have left the visit') : t('Cannot enter the room')}</Title>
        {state.error && <Text mt="sm">{t(state.error)}</Text>}
        <Button mt="md" onClick={onLeave}>{t('Close')}</Button>
      </Card>
    );
  }
  if (state.phase === 'waiting' || state.phase === 'connecting') {
    return (
      <Card withBorder padding="lg" maw={560} data-testid="waiting-screen">
        <Title order={3}>{state.phase === 'connecting' ? t('Connecting…') : t('Your clinician will let you in soon')}</Title>
        <Text mt="sm">{state.starts_at
          ? t('Keep this page open. You are in the waiting room; your visit is at {time}.', { time: fmtTime(state.starts_at) })
          : t('Keep this page open. You are in the waiting room.')}</Text>
        {state.notice && <Alert mt="md" color="blue" role="status">{t(state.notice)}</Alert>}
        <Button mt="md" variant="default" onClick={onLeave}>{t('Leave')}</Button>
      </Card>
    );
  }
  const peers: Peer[] = state.peers;
  return (
    <Flex direction={{ base: 'column', md: 'row' }} align="start" gap="md" w="100%">
      <Stack style={{ flex: 1 }} w="100%">
        {state.notice && <Alert color="blue" role="status">{t(state.notice)}</Alert>}
        {state.error && <Alert color="orange" role="alert" withCloseButton onClose={() => call.clearError()}>{t(state.error)}</Alert>}
        {staff && state.licensure?.allowed === false && (
          <Alert color="red" title="Licensure">The client said they are in {state.licensure.stated_state}: {state.licensure.reason}</Alert>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: peers.length > 1 ? 'repeat(2, 1fr)' : '1fr', gap: 8 }} data-testid="tiles">
          {peers.map((p) => (
            <Tile key={p.participant.id} stream={p.stream} label={p.participant.name || t('Participant')}
              note={p.state !== 'connected' ? (p.state === 'failed' ? t('reconnecting') : t('connecting')) : p.audio_only ? t('audio only') : p.muted ? t('muted') : undefined} />
          ))}
          {peers.length === 0 && <Text c="dimmed">{t('Waiting for others to join…')}</Text>}
        </div>
        <div style={{ width: 220 }}>
          <Tile stream={call.local} label={t('You')} muted mirrored note={audioOnly ? t('audio only') : cameraOff ? t('camera off') : undefined} />
        </div>
        <Group gap="xs" role="toolbar" aria-label={t('Call controls')}>
          <Button variant={muted ? 'filled' : 'default'} onClick={() => { call.setMuted(!muted); setMuted(!muted); }}>{muted ? t('Unmute') : t('Mute')}</Button>
          <Button variant={cameraOff ? 'filled' : 'default'} disabled={audioOnly} onClick={() => { call.setCameraOff(!cameraOff); setCameraOff(!cameraOff); }}>{cameraOff ? t('Camera on') : t('Camera off')}</Button>
          <Button variant={audioOnly ? 'filled' : 'default'} onClick={() => { call.setAudioOnly(!audioOnly); setAudioOnly(!audioOnly); }}>{audioOnly ? t('Back to video') : t('Audio only')}</Button>
          <Button variant="default" onClick={async () => {
            if (stopShare) return stopShare();
            try {
              const stop = await call.shareScreen(() => setStopShare(null));
              setStopShare(() => stop);
            } catch { /* the person cancelled the picker */ }
          }}>{stopShare ? t('Stop sharing') : t('Share screen')}</Button>
          <VisitTimer state={state} />
          <Tooltip label={t('Connection quality (round-trip time and packet loss)')}>
            <Badge size="lg" color={qualityColor[state.quality]}>{t('Connection {quality}', { quality: t(state.quality) })}</Badge>
          </Tooltip>
          <Button color="red" variant="light" onClick={() => { call.leave(); onLeave(); }}>{t('Leave')}</Button>
          {staff && <Button color="red" onClick={() => call.endForAll()}>End visit for all</Button>}
        </Group>
      </Stack>
      <Stack w={{ base: '100%', md: 320 }} style={{ flexShrink: 0 }}>
        {staff && (
          <Card withBorder padding="sm">
            <Title order={4} mb="xs">Waiting room</Title>
            <WaitingRoom call={call} state={state} />
          </Card>
        )}
        {staff && peers.length > 0 && (
          <Card withBorder padding="sm">
            <Title order={4} mb="xs">In the room</Title>
            {peers.map((p) => (
              <Group key={p.participant.id} justify="space-between" wrap="nowrap" data-testid="in-room">
                <div>
                  <Text size="sm">{p.participant.name}</Text>
                  {p.participant.kind === 'client' && (
                    <Text size="xs">
                      Says they are in {p.participant.stated_state ?? 'an unstated state'}
                      {p.participant.licensure_allowed === false ? ' — not licensed there' : p.participant.licensure_allowed ? ' — licensed there' : ''}
                    </Text>
                  )}
                </div>
                <ActionIcon variant="subtle" color="red" aria-label={`Remove ${p.participant.name}`} onClick={() => call.remove(p.participant.id)}>×</ActionIcon>
              </Group>
            ))}
          </Card>
        )}
        <Card withBorder padding="sm">
          <Title order={4} mb="xs">{t('Chat')}</Title>
          <Chat call={call} state={state} />
        </Card>
      </Stack>
    </Flex>
  );
}
