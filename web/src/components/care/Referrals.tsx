// Referrals on the home page: those sent to me to accept, book, see and answer, and those I sent, each with
// where it stands and when its next step is due (overdue ones first, flagged); the owner sees every open one.
// A referral advances by itself as its first visit is booked and held; its clinician accepts, declines or answers.
import { Alert, Anchor, Badge, Button, Group, Modal, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { fmtDate, fmtVisit } from '../../lib/format';
import { downloadFile } from '../../lib/files';
import { servicesToJoin } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import { useLive } from '../../lib/useLive';
import type { Appointment, Clinician, Location, Page, Referral, Service } from '../../types';

export const URGENCY: Record<string, string> = { routine: 'Routine', soon: 'Soon', urgent: 'Urgent' };
export const REFERRAL_STATE: Record<string, string> = {
  sent: 'Waiting to be accepted', accepted: 'Accepted: first visit to book', booked: 'First visit booked', held: 'Seen: answer due',
  answered: 'Answered', declined: 'Declined',
};
const NEXT: Record<string, string> = { sent: 'accept by', accepted: 'book by', booked: 'see by', held: 'answer by' };

export function ReferralLine({ r }: { r: Referral }) {
  return (
    <Group gap={6} wrap="wrap">
      {r.overdue && <Badge color="red.9">Overdue</Badge>}
      {r.urgency === 'routine' ? <Badge variant="outline" color="gray.8">{URGENCY[r.urgency]}</Badge>
        : <Badge color={r.urgency === 'urgent' ? 'red.9' : 'yellow.2'} c={r.urgency === 'urgent' ? 'white' : 'dark.9'}>{URGENCY[r.urgency]}</Badge>}
      <Text size="sm">
        <Anchor component={Link} to={`/clients/${r.client_id}?tab=team`}>{r.client_name}</Anchor>
        {` · ${r.from_name} → ${r.to_name} · ${REFERRAL_STATE[r.state] ?? r.state}`}
        {r.due_at && ` · ${NEXT[r.state] ?? 'due'} ${fmtDate(r.due_at)}`}
      </Text>
    </Group>
  );
}

// The chart documents a referral carries: its referring and referred clinicians open them (the referred one before
// joining the team too); each opening is audited.
export function ReferralAttachments({ r }: { r: Referral }) {
  const [error, setError] = useState<string | null>(null);
  if (!r.attachments?.length) return null;
  const open = async (a: Referral['attachments'][number]) => {
    setError(null);
    try {
      await downloadFile(`/api/v1/referrals/${r.id}/attachments/${a.document_id}`, a.title);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The document could not be opened.');
    }
  };
  return (
    <Group gap={6} wrap="wrap" aria-label="Sent with the referral">
      <Text size="xs" c="dimmed">Sent with it:</Text>
      {r.attachments.map((a) => <Button key={a.document_id} size="compact-xs" variant="subtle" onClick={() => void open(a)}>{a.title}</Button>)}
      {error && <Text size="xs" c="red.9" role="alert">{error}</Text>}
    </Group>
  );
}

function Reply({ r, kind, onClose, onDone }: { r: Referral; kind: 'decline' | 'answer'; onClose: () => void; onDone: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    setError(null);
    try {
      await api('POST', `/api/v1/referrals/${r.id}/${kind}`, kind === 'decline' ? { reason: text } : { answer: text });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? (e.errors[0]?.message ?? e.detail) : 'That did not work. Try again.');
    }
  };
  return (
    <Modal opened onClose={onClose} title={kind === 'decline' ? `Decline the referral of ${r.client_name}` : `Answer ${r.from_name} about ${r.client_name}`}
      closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        {r.question && <Text size="sm">They asked: {r.question}</Text>}
        <Textarea label={kind === 'decline' ? 'Why you decline' : 'Your answer'} required autosize minRows={3} value={text}
          onChange={(e) => setText(e.currentTarget.value)} error={error} />
        <Group justify="flex-end"><Button color={kind === 'decline' ? 'red.9' : undefined} onClick={() => void send()}>{kind === 'decline' ? 'Decline' : 'Send the answer'}</Button></Group>
      </Stack>
    </Modal>
  );
}

// The referred clinician joins one of the client's booked in-person visits by video (a joint visit): the
// therapist's session with the client, the prescriber on the screen. That books the referral's first visit.
function JoinVisit({ r, clinicianId, onClose, onDone }: { r: Referral; clinicianId: string; onClose: () => void; onDone: () => void }) {
  const [from] = useState(() => new Date());
  const to = new Date(from.getTime() + 90 * 86_400_000);
  const visits = useApi<Page<Appointment>>(`/api/v1/appointments?client_id=${r.client_id}&from=${from.toISOString()}&to=${to.toISOString()}`);
  const services = useApi<Page<Service>>('/api/v1/services');
  const places = useApi<Page<Location>>('/api/v1/locations');
  const me = useApi<Clinician>(`/api/v1/clinicians/${clinicianId}`);
  const [visitId, setVisitId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = (visits.data?.items ?? []).filter((a) => a.mode === 'in_person' && !a.joint_clinician_id && !a.busy &&
    (a.status === 'booked' || a.status === 'confirmed') && a.clinician_id !== clinicianId);
  const mine = servicesToJoin(services.data?.items ?? [], me.data?.discipline);
  const service = serviceId ?? mine[0]?.id ?? null;
  const place = (id: string | null) => places.data?.items.find((l) => l.id === id)?.name ?? 'the office';
  const join = async () => {
    const visit = open.find((a) => a.id === visitId);
    if (!visit) return;
    setError(null);
    try {
      await api('PUT', `/api/v1/appointments/${visit.id}/joint`, { joint_clinician_id: clinicianId, joint_service_id: service, version: visit.version });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Join a visit of ${r.client_name} by video`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">You join the in-person session by video: it goes on your calendar, you write your own note, and your part is billed by your own codes.</Text>
        {visits.error && <Alert color="red" role="alert">{visits.error}</Alert>}
        {visits.data && open.length === 0 && <Text size="sm" c="dimmed">No in-person visit of {r.client_name} is booked in the next 90 days. Book the first visit instead.</Text>}
        {open.length > 0 && (
          <Radio.Group label="The visit" value={visitId} onChange={setVisitId}>
            <Stack gap={6} mt={4}>
              {open.map((a) => <Radio key={a.id} value={a.id ?? ''} label={`${fmtVisit(a.start)} at ${place(a.location_id)}`} />)}
            </Stack>
          </Radio.Group>
        )}
        <Select label="Your part is" data={mine.map((s) => ({ value: s.id, label: `${s.name} (${s.cpt_code})` }))} value={service} onChange={setServiceId}
          nothingFoundMessage="None of your services is offered by video" />
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button disabled={!visitId || !service} onClick={() => void join()}>Join by video</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ReferralsCard({ clinicianId, everyone }: { clinicianId: string | null; everyone: boolean }) {
  const list = useApi<Page<Referral>>('/api/v1/referrals?open=true');
  // A referral sent to me, or a step on one I sent, shows as it happens.
  useLive('referral.new', list.reload);
  useLive('referral.changed', list.reload);
  const [replying, setReplying] = useState<{ r: Referral; kind: 'decline' | 'answer' } | null>(null);
  const [joining, setJoining] = useState<Referral | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const shown = everyone ? items : items.filter((r) => r.to_clinician_id === clinicianId || r.from_clinician_id === clinicianId);
  if (!list.data && !list.error) return null;
  const accept = async (r: Referral) => {
    setError(null);
    try {
      await api('POST', `/api/v1/referrals/${r.id}/accept`, {});
      list.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  const forMe = (r: Referral) => r.to_clinician_id === clinicianId;
  return (
    <Stack gap="xs" data-testid="referrals">
      {list.error && <Alert color="red" role="alert">{list.error}</Alert>}
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {shown.length === 0 && <Text c="dimmed" size="sm">No open referrals.</Text>}
      {shown.map((r) => (
        <Stack key={r.id} gap={4} aria-label={`Referral of ${r.client_name} to ${r.to_name}`}>
          <ReferralLine r={r} />
          {r.reason && <Text size="sm" c="dimmed">{r.reason}{r.question ? ` — ${r.question}` : ''}</Text>}
          <ReferralAttachments r={r} />
          <Group gap="xs">
            {forMe(r) && r.state === 'sent' && <Button size="xs" onClick={() => void accept(r)}>Accept</Button>}
            {(r.state === 'sent' || r.state === 'accepted') && (forMe(r) || everyone) && (
              <Button size="xs" variant="default" component={Link} to={`/calendar?book=${r.to_clinician_id}&client=${r.client_id}`}>Book the first visit</Button>
            )}
            {forMe(r) && r.state === 'accepted' && clinicianId && (
              <Button size="xs" variant="default" onClick={() => setJoining(r)}>Join a visit by video</Button>
            )}
            {forMe(r) && r.state !== 'held' && <Button size="xs" variant="default" onClick={() => setReplying({ r, kind: 'decline' })}>Decline</Button>}
            {forMe(r) && r.state !== 'sent' && <Button size="xs" variant="default" onClick={() => setReplying({ r, kind: 'answer' })}>Answer</Button>}
          </Group>
        </Stack>
      ))}
      {joining && clinicianId && <JoinVisit r={joining} clinicianId={clinicianId} onClose={() => setJoining(null)}
        onDone={() => { setJoining(null); list.reload(); }} />}
      {replying && <Reply r={replying.r} kind={replying.kind} onClose={() => setReplying(null)} onDone={() => { setReplying(null); list.reload(); }} />}
    </Stack>
  );
}
