// The chart's care team: who treats the client (each member's part, since when and until when), when each
// last saw and next sees the client (so each knows when the other is seeing them), what the client agreed
// the team share, and the client's referrals — with a way to refer the client to another clinician.
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, NativeSelect, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { fmtDate, fmtDateTime, fmtVisit } from '../../lib/format';
import { DISCIPLINES } from '../../lib/states';
import { useApi } from '../../lib/useApi';
import type { CareTeam, CareTeamMemberInput, Document, MessageThread, Page, Referral, TeamVisit } from '../../types';
import type { Clinician } from '../../pages/Clinicians';
import { ReferralAttachments, ReferralLine, URGENCY } from './Referrals';

export const TEAM_ROLE: Record<string, string> = {
  primary: 'Primary clinician', therapist: 'Therapist', prescriber: 'Prescriber', rehabilitation: 'Rehabilitation (OT/PT/SLP)', consultant: 'Consultant',
};
const MODE: Record<string, string> = { in_person: 'in person', video: 'by video', audio: 'by phone' };
const fieldErrors = (e: unknown, fallback: string) =>
  e instanceof ApiError ? Object.fromEntries((e.errors.length ? e.errors : [{ field: fallback, message: e.detail }]).map((f) => [f.field, f.message]))
    : { [fallback]: 'That did not work. Try again.' };

function Visit({ v, label }: { v: TeamVisit | null | undefined; label: string }) {
  if (!v) return <Text size="sm" c="dimmed">—</Text>;
  return <Text size="sm" aria-label={`${label}: ${fmtVisit(v.start)} ${MODE[v.mode] ?? v.mode}`}>{fmtVisit(v.start)} · {MODE[v.mode] ?? v.mode}{v.status === 'completed' ? '' : ` · ${v.status.replace('_', ' ')}`}</Text>;
}

function EditTeam({ clientId, team, onClose, onSaved }: { clientId: string; team: CareTeam; onClose: () => void; onSaved: (t: CareTeam) => void }) {
  const clinicians = useApi<Page<Clinician>>('/api/v1/clinicians');
  const [members, setMembers] = useState<CareTeamMemberInput[]>(() =>
    team.members.map(({ member: m }) => ({ clinician_id: m.clinician_id, role: m.role, starts_on: m.starts_on, ends_on: m.ends_on })));
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const name = (id: string) => { const k = clinicians.data?.items.find((c) => c.id === id); return k ? `${k.given_name} ${k.family_name}` : id; };
  const set = (i: number, patch: Partial<CareTeamMemberInput>) => setMembers((ms) => ms.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  const add = () => {
    const k = clinicians.data?.items.find((c) => c.id === adding);
    if (!k) return;
    const role = ['psychiatry', 'psychiatric_np'].includes(k.discipline) ? 'prescriber'
      : ['occupational_therapy', 'physical_therapy', 'speech_language_pathology'].includes(k.discipline) ? 'rehabilitation'
        : members.some((m) => m.role === 'primary' && !m.ends_on) ? 'therapist' : 'primary';
    setMembers((ms) => [...ms, { clinician_id: k.id, role, starts_on: new Date().toISOString().slice(0, 10), ends_on: null }]);
    setAdding('');
  };
  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      onSaved(await api<CareTeam>('PUT', `/api/v1/clients/${clientId}/care-team`, { version: team.version, members }));
    } catch (e) {
      setErrors(fieldErrors(e, 'members'));
    } finally {
      setBusy(false);
    }
  };
  const others = (clinicians.data?.items ?? []).filter((k) => !members.some((m) => m.clinician_id === k.id));
  return (
    <Modal opened onClose={onClose} title="Change the care team" size="xl" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm" c="dimmed">A member sees the chart from their first day through their last. To end someone's part, give them a last day; the history stays.</Text>
        {members.map((m, i) => (
          <Card key={m.clinician_id} withBorder p="sm" aria-label={name(m.clinician_id)}>
            <Group align="flex-end" wrap="wrap">
              <Text fw={600} w={180}>{name(m.clinician_id)}</Text>
              <NativeSelect label="Part" value={m.role ?? 'primary'} error={errors[`members[${i}].role`]}
                data={Object.entries(TEAM_ROLE).map(([value, label]) => ({ value, label }))}
                onChange={(e) => set(i, { role: e.currentTarget.value as CareTeamMemberInput['role'] })} />
              <TextInput type="date" label="First day" value={m.starts_on ?? ''} error={errors[`members[${i}].starts_on`]}
                onChange={(e) => set(i, { starts_on: e.currentTarget.value || null })} />
              <TextInput type="date" label="Last day" value={m.ends_on ?? ''} error={errors[`members[${i}].ends_on`]}
                onChange={(e) => set(i, { ends_on: e.currentTarget.value || null })} />
              <Button variant="subtle" color="red.9" onClick={() => setMembers((ms) => ms.filter((_, j) => j !== i))}>Remove</Button>
            </Group>
          </Card>
        ))}
        <Group align="flex-end">
          <NativeSelect label="Add a clinician" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose…' }, ...others.map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name} (${DISCIPLINES[k.discipline] ?? k.discipline})` }))]} />
          <Button variant="default" disabled={!adding} onClick={add}>Add</Button>
        </Group>
        {(errors.members || errors.version) && <Alert color="red" role="alert">{errors.members ?? errors.version}</Alert>}
        <Group justify="flex-end"><Button loading={busy} onClick={() => void save()}>Save the team</Button></Group>
      </Stack>
    </Modal>
  );
}

export function ReferDialog({ clientId, clientName, userId, onClose, onSent }: { clientId: string; clientName: string; userId: string; onClose: () => void; onSent: () => void }) {
  const clinicians = useApi<Page<Clinician>>('/api/v1/clinicians');
  // Without a clinician profile (an owner, a supervisor), you refer on behalf of one of the practice's clinicians.
  const own = clinicians.data?.items.find((k) => k.user_id === userId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [urgency, setUrgency] = useState('routine');
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState('');
  const [attached, setAttached] = useState<string[]>([]);
  const documents = useApi<Page<Document>>(`/api/v1/clients/${clientId}/documents`);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setErrors({});
    try {
      await api('POST', '/api/v1/referrals', { client_id: clientId, ...(own ? {} : { from_clinician_id: from }), to_clinician_id: to, urgency, reason, question,
        ...(attached.length ? { attachment_ids: attached } : {}) });
      onSent();
    } catch (e) {
      setErrors(fieldErrors(e, 'reason'));
    } finally {
      setBusy(false);
    }
  };
  const choices = (clinicians.data?.items ?? []).filter((k) => k.id !== (own?.id ?? from));
  const label = (k: Clinician) => `${k.given_name} ${k.family_name} (${DISCIPLINES[k.discipline] ?? k.discipline})`;
  return (
    <Modal opened onClose={onClose} title={`Refer ${clientName}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        {clinicians.data && !own && (
          <NativeSelect label="Referring clinician" required value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.from_clinician_id}
            data={[{ value: '', label: 'Choose a clinician…' }, ...clinicians.data.items.map((k) => ({ value: k.id, label: label(k) }))]} />
        )}
        <NativeSelect label="Refer to" required value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors.to_clinician_id}
          data={[{ value: '', label: 'Choose a clinician…' }, ...choices.map((k) => ({ value: k.id, label: label(k) }))]} />
        <NativeSelect label="How soon" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value)} error={errors.urgency}
          data={Object.entries(URGENCY).map(([value, label]) => ({ value, label }))} />
        <Textarea label="Why you refer" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <Textarea label="Your question" autosize minRows={2} value={question} onChange={(e) => setQuestion(e.currentTarget.value)} error={errors.question} />
        {(documents.data?.items.length ?? 0) > 0 && (
          <MultiSelect label="Attach from the chart" placeholder="Documents the clinician should read" value={attached} onChange={setAttached}
            data={(documents.data?.items ?? []).map((d) => ({ value: d.id, label: d.title }))} error={errors.attachment_ids} maxValues={10} />
        )}
        {errors.client_id && <Alert color="red" role="alert">{errors.client_id}</Alert>}
        <Group justify="flex-end"><Button loading={busy} onClick={() => void send()}>Send the referral</Button></Group>
      </Stack>
    </Modal>
  );
}

export function CareTeamTab({ clientId, clientName, userId, canWrite, canRefer }: { clientId: string; clientName: string; userId: string; canWrite: boolean; canRefer: boolean }) {
  const team = useApi<CareTeam>(`/api/v1/clients/${clientId}/care-team`, 'The care team could not be loaded.');
  const referrals = useApi<Page<Referral>>(`/api/v1/referrals?client_id=${clientId}`);
  const talk = useApi<Page<MessageThread>>(canRefer ? `/api/v1/clients/${clientId}/threads?audience=team` : null);
  const [editing, setEditing] = useState(false);
  const [referring, setReferring] = useState(false);
  const [sharingError, setSharingError] = useState<string | null>(null);
  const t = team.data;
  const setSharing = async (change: { shares_notes?: boolean; shares_part2?: boolean }) => {
    if (!t) return;
    setSharingError(null);
    try {
      const members = t.members.map(({ member: m }) => ({ clinician_id: m.clinician_id, role: m.role, starts_on: m.starts_on, ends_on: m.ends_on }));
      team.set(await api<CareTeam>('PUT', `/api/v1/clients/${clientId}/care-team`, { version: t.version, members, ...change }));
    } catch (e) {
      setSharingError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">Care team</Title>
        <Group>
          {canRefer && <Button variant="default" onClick={() => setReferring(true)}>Refer</Button>}
          {canWrite && t && <Button onClick={() => setEditing(true)}>Change the team</Button>}
        </Group>
      </Group>
      {team.error && <Alert color="red" role="alert">{team.error}</Alert>}
      {t && (
        <Table striped aria-label="Care team">
          <Table.Thead>
            <Table.Tr><Table.Th>Clinician</Table.Th><Table.Th>Part</Table.Th><Table.Th>Dates</Table.Th><Table.Th>Last visit</Table.Th><Table.Th>Next visit</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.members.map(({ member: m, last_visit, next_visit }) => (
              <Table.Tr key={m.clinician_id}>
                <Table.Td>
                  <Text size="sm" fw={600}>{m.name}</Text>
                  <Text size="xs" c="dimmed">{DISCIPLINES[m.discipline] ?? m.discipline}</Text>
                </Table.Td>
                <Table.Td>{TEAM_ROLE[m.role] ?? m.role}{!m.active && <Badge ml={6} variant="outline" color="gray.8">{m.ends_on ? 'Former' : 'Not yet'}</Badge>}</Table.Td>
                <Table.Td><Text size="sm">{m.starts_on ? `from ${fmtDate(m.starts_on)}` : 'from the start'}{m.ends_on ? ` to ${fmtDate(m.ends_on)}` : ''}</Text></Table.Td>
                <Table.Td><Visit v={last_visit} label="Last visit" /></Table.Td>
                <Table.Td><Visit v={next_visit} label="Next visit" /></Table.Td>
              </Table.Tr>
            ))}
            {t.members.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text size="sm">No clinician treats this client yet.</Text></Table.Td></Table.Tr>}
            {t.partners.map((p) => (
              <Table.Tr key={p.partner_id} data-testid="team-partner">
                <Table.Td>
                  <Text size="sm" fw={600}>{p.name}</Text>
                  <Text size="xs" c="dimmed">{p.clinicians.map((k) => `${k.name} (${DISCIPLINES[k.discipline] ?? k.discipline})`).join(', ') || 'No clinicians listed'}</Text>
                </Table.Td>
                <Table.Td>Partner organization</Table.Td>
                <Table.Td><Text size="sm">under a release until {fmtDate(p.expires_on)}</Text></Table.Td>
                <Table.Td colSpan={2}><Text size="xs" c="dimmed">They see {p.scope.join(', ')}; each time is in the accounting of disclosures.</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {t && (
        <Card withBorder>
          <Checkbox label="The client agreed that the care team read each other's signed notes (psychotherapy notes are never shared)"
            checked={t.sharing.shares_notes} disabled={!canWrite} onChange={(e) => void setSharing({ shares_notes: e.currentTarget.checked })} />
          <Checkbox mt="xs" label="The agreement names substance use disorder records (42 CFR Part 2): members also see those marked Part 2"
            checked={t.sharing.shares_part2} disabled={!canWrite} onChange={(e) => void setSharing({ shares_part2: e.currentTarget.checked })} />
          {t.sharing.recorded_at && <Text size="xs" c="dimmed" mt={4}>Recorded by {t.sharing.recorded_by} on {fmtDateTime(t.sharing.recorded_at)}</Text>}
          {sharingError && <Alert color="red" role="alert" mt="xs">{sharingError}</Alert>}
        </Card>
      )}
      {canRefer && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} size="h5">Team conversations</Title>
            <Button size="xs" variant="default" component={Link} to={`/messages?client=${clientId}&team=1`}>New team conversation</Button>
          </Group>
          {talk.data?.items.length === 0 && <Text size="sm" c="dimmed">None yet. The client never sees these.</Text>}
          {talk.data?.items.map((x) => (
            <Text size="sm" key={x.id}>
              <Anchor component={Link} to={`/messages?thread=${x.id}`}>{x.subject}</Anchor> · {fmtVisit(x.last_message_at)}
              {x.unread > 0 && <Badge ml={6} color="blue.9">{x.unread} new</Badge>}
            </Text>
          ))}
        </Stack>
      )}
      {(referrals.data?.items.length ?? 0) > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h5">Referrals</Title>
          {referrals.data?.items.map((r) => (
            <Card key={r.id} withBorder p="sm" aria-label={`Referral to ${r.to_name}`}>
              <ReferralLine r={r} />
              {r.reason && <Text size="xs" c="dimmed">{r.reason}{r.question ? ` — ${r.question}` : ''}</Text>}
              <ReferralAttachments r={r} />
              {r.answer && <Text size="sm">{r.state === 'declined' ? 'Declined: ' : 'Answer: '}{r.answer}</Text>}
              {r.answer_note_id && <Anchor component={Link} to={`/notes/${r.answer_note_id}`} size="sm">The note that answers</Anchor>}
            </Card>
          ))}
        </Stack>
      )}
      {editing && t && <EditTeam clientId={clientId} team={t} onClose={() => setEditing(false)} onSaved={(x) => { setEditing(false); team.set(x); }} />}
      {referring && <ReferDialog clientId={clientId} clientName={clientName} userId={userId}
        onClose={() => setReferring(false)} onSent={() => { setReferring(false); referrals.reload(); }} />}
    </Stack>
  );
}
