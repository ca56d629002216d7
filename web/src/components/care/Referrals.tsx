// Referrals on the home page: those sent to me to accept, book, see and answer, and those I sent, each with
// where it stands and when its next step is due (overdue ones first, flagged); the owner sees every open one.
// A referral advances by itself as its first visit is booked and held; its clinician accepts, declines or answers.
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { useLive } from '../../lib/useLive';
import type { Page, Referral } from '../../types';

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

export function ReferralsCard({ clinicianId, everyone }: { clinicianId: string | null; everyone: boolean }) {
  const list = useApi<Page<Referral>>('/api/v1/referrals?open=true');
  // A referral sent to me, or a step on one I sent, shows as it happens.
  useLive('referral.new', list.reload);
  useLive('referral.changed', list.reload);
  const [replying, setReplying] = useState<{ r: Referral; kind: 'decline' | 'answer' } | null>(null);
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
          <Group gap="xs">
            {forMe(r) && r.state === 'sent' && <Button size="xs" onClick={() => void accept(r)}>Accept</Button>}
            {(r.state === 'sent' || r.state === 'accepted') && (forMe(r) || everyone) && (
              <Button size="xs" variant="default" component={Link} to={`/calendar?book=${r.to_clinician_id}&client=${r.client_id}`}>Book the first visit</Button>
            )}
            {forMe(r) && r.state !== 'held' && <Button size="xs" variant="default" onClick={() => setReplying({ r, kind: 'decline' })}>Decline</Button>}
            {forMe(r) && r.state !== 'sent' && <Button size="xs" variant="default" onClick={() => setReplying({ r, kind: 'answer' })}>Answer</Button>}
          </Group>
        </Stack>
      ))}
      {replying && <Reply r={replying.r} kind={replying.kind} onClose={() => setReplying(null)} onDone={() => { setReplying(null); list.reload(); }} />}
    </Stack>
  );
}
