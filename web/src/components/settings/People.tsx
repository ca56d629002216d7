// Settings → People: the owner invites staff by e-mail with a role (and their clinician record),
// changes roles, deactivates and reactivates people, resets two-step sign-in with a reason, and
// assigns supervisors to clinicians. Every action here is audited by the server.
import { Alert, Badge, Button, Card, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError, type Me, roleLabels } from '../../api';
import type { Clinician } from '../../pages/Clinicians';
import { IssuedLink } from '../IssuedLink';
import { fmtDate } from '../../lib/format';
import { useLoad } from '../../lib/useApi';
import type { Page } from '../../types';

interface User { id: string; email: string; display_name: string; role: string; mfa_enabled: boolean; active: boolean; clinician_id: string | null; is_demo: boolean }
interface Invitation { id: string; email: string; display_name: string; role: string; clinician_id: string | null; expires_at: string; state: string; path?: string }

const STAFF_ROLES = ['owner', 'clinician', 'supervisor', 'biller', 'front_desk'].map((value) => ({ value, label: roleLabels[value] ?? value }));

export function People({ me }: { me: Me }) {
  const loaded = useLoad('people', () => Promise.all([
    api<Page<User>>('GET', '/api/v1/users'),
    api<Page<Invitation>>('GET', '/api/v1/invitations'),
    api<Page<Clinician>>('GET', '/api/v1/clinicians'),
  ]), 'Could not load the practice\'s people.');
  const users = loaded.data?.[0].items ?? null;
  const invitations = loaded.data?.[1].items ?? [];
  const clinicians = loaded.data?.[2].items ?? [];
  const load = loaded.reload;
  const [actError, setError] = useState<string | null>(null);
  const error = actError ?? loaded.error;
  const [inviting, setInviting] = useState(false);
  const [issued, setIssued] = useState<Invitation | null>(null);
  const [confirm, setConfirm] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);


  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  const recordName = (id: string | null) => {
    const k = clinicians.find((c) => c.id === id);
    return k ? `${k.given_name} ${k.family_name}` : null;
  };
  const supervisors = (users ?? []).filter((u) => u.active && (u.role === 'supervisor' || u.role === 'owner'));
  const pending = invitations.filter((i) => i.state === 'pending');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">People</Title>
        <Button onClick={() => setInviting(true)}>Invite someone</Button>
      </Group>
      <Text size="sm" c="dimmed">
        Invite your staff by e-mail. They choose a password from the link (valid 7 days, once) and set up two-step sign-in.
        Deactivating someone signs them out everywhere at once; their notes and records stay.
      </Text>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {issued && <IssuedLink title={`Invitation ready for ${issued.email}`} path={issued.path ?? ""} onClose={() => setIssued(null)} />}
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-testid="people-table">
          <Table.Thead>
            <Table.Tr><Table.Th>Person</Table.Th><Table.Th>Role</Table.Th><Table.Th>Clinician record</Table.Th><Table.Th>Two-step</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users ?? []).filter((u) => u.role !== 'client').map((u) => {
              const self = u.id === me.user.id;
              return (
                <Table.Tr key={u.id} data-testid={`person-${u.email}`}>
                  <Table.Td><Text size="sm" fw={600}>{u.display_name}{self && ' (you)'}</Text><Text size="xs" c="dimmed">{u.email}</Text></Table.Td>
                  <Table.Td>
                    <Select aria-label={`Role of ${u.display_name}`} size="xs" w={140} data={STAFF_ROLES} value={u.role} disabled={self || !u.active} allowDeselect={false}
                      onChange={(role) => role && role !== u.role && act(() => api('PATCH', `/api/v1/users/${u.id}`, { role }))} />
                  </Table.Td>
                  <Table.Td><Text size="sm">{recordName(u.clinician_id) ?? '—'}</Text></Table.Td>
                  <Table.Td>{u.mfa_enabled ? <Badge color="teal.9">on</Badge> : <Badge color="gray.7">not set up</Badge>}</Table.Td>
                  <Table.Td>{u.active ? <Badge color="blue.9">active</Badge> : <Badge color="red.9">deactivated</Badge>}</Table.Td>
                  <Table.Td>
                    {!self && (
                      <Group gap={4} wrap="nowrap">
                        {u.active
                          ? <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => setConfirm(u)}>Deactivate</Button>
                          : <Button size="xs" variant="subtle" onClick={() => act(() => api('PATCH', `/api/v1/users/${u.id}`, { active: true }))}>Reactivate</Button>}
                        {u.active && u.mfa_enabled && <Button size="xs" variant="subtle" onClick={() => setResetting(u)}>Reset two-step</Button>}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3} size="h5">Invitations waiting</Title>
      {pending.length === 0 ? <Text size="sm" c="dimmed">No invitations are waiting. Invite someone to add them to the practice.</Text> : (
        <Table.ScrollContainer minWidth={480} type="native"><Table data-testid="invitations-table">
          <Table.Tbody>
            {pending.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td><Text size="sm">{i.display_name}</Text><Text size="xs" c="dimmed">{i.email}</Text></Table.Td>
                <Table.Td><Text size="sm">{roleLabels[i.role] ?? i.role}</Text></Table.Td>
                <Table.Td><Text size="sm">until {fmtDate(i.expires_at)}</Text></Table.Td>
                <Table.Td><Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => act(() => api('POST', `/api/v1/invitations/${i.id}/revoke`))}>Withdraw</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}

      <Title order={3} size="h5">Supervision</Title>
      <Text size="sm" c="dimmed">A supervisor sees their supervisees' clients, co-signs their notes and plans when the practice requires it.</Text>
      {clinicians.length === 0 ? <Text size="sm" c="dimmed">Add clinicians on the Clinicians page, then choose who supervises them here.</Text> : (
        <Stack gap="xs" data-testid="supervision">
          {clinicians.map((k) => (
            <Card key={k.id} withBorder padding="xs">
              <Group justify="space-between" wrap="wrap">
                <Text size="sm">{k.given_name} {k.family_name}</Text>
                <Select aria-label={`Supervisor of ${k.given_name} ${k.family_name}`} size="xs" w={220} placeholder="No supervisor" clearable
                  data={supervisors.filter((s) => s.id !== k.user_id).map((s) => ({ value: s.id, label: s.display_name }))}
                  value={k.supervisor_user_id}
                  onChange={(v) => act(() => api('PATCH', `/api/v1/clinicians/${k.id}`, { supervisor_user_id: v ?? '', version: k.version }))} />
              </Group>
            </Card>
          ))}
        </Stack>
      )}

      <InviteDialog opened={inviting} clinicians={clinicians.filter((k) => !k.user_id)} onClose={() => setInviting(false)}
        onInvited={(i) => { setInviting(false); setIssued(i); load(); }} />
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={`Deactivate ${confirm?.display_name ?? ''}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">They are signed out everywhere now and cannot sign in; their API tokens stop working. Their notes, visits and records stay. You can reactivate them later.</Text>
          <Group justify="flex-end">
            <Button variant="subtle" onClick={() => setConfirm(null)}>Cancel</Button>
            <Button color="red" onClick={() => { const u = confirm!; setConfirm(null); void act(() => api('PATCH', `/api/v1/users/${u.id}`, { active: false })); }}>Deactivate</Button>
          </Group>
        </Stack>
      </Modal>
      <ResetMfaDialog user={resetting} onClose={() => setResetting(null)} onDone={() => { setResetting(null); load(); }} />
    </Stack>
  );
}

function InviteDialog({ opened, clinicians, onClose, onInvited }: { opened: boolean; clinicians: Clinician[]; onClose: () => void; onInvited: (i: Invitation) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>('clinician');
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setEmail(''); setName(''); setRole('clinician'); setClinicianId(null); setErrors({}); setProblem(null);
  }, [opened]);
  const clinical = role === 'clinician' || role === 'supervisor' || role === 'owner';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({}); setProblem(null);
    try {
      const body: Record<string, string> = { email, role: role ?? '' };
      if (name.trim()) body.display_name = name.trim();
      if (clinical && clinicianId) body.clinician_id = clinicianId;
      onInvited(await api<Invitation>('POST', '/api/v1/invitations', body));
    } catch (x) {
      if (x instanceof ApiError) {
        setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
        if (!x.errors.length) setProblem(x.detail);
      } else setProblem('The invitation could not be sent.');
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title="Invite someone" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <TextInput label="E-mail" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
          <TextInput label="Name" description="As shown in Duet; taken from their clinician record when empty" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.display_name} />
          <Select label="Role" required data={STAFF_ROLES} value={role} onChange={setRole} allowDeselect={false} error={errors.role} />
          {clinical && (
            <Select label="Their clinician record" description="Links the account to the clinician they are on the calendar and in charts" clearable placeholder="None"
              data={clinicians.map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))} value={clinicianId} onChange={setClinicianId} error={errors.clinician_id}
              nothingFoundMessage="Every clinician record already has an account" />
          )}
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Send invitation</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ResetMfaDialog({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setReason(''); setError(null); }, [user]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/users/${user!.id}/mfa-reset`, { reason });
      onDone();
    } catch (x) {
      setError(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'The reset did not work.');
    }
  }
  return (
    <Modal opened={user !== null} onClose={onClose} title={`Reset two-step sign-in for ${user?.display_name ?? ''}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">They are signed out and set up two-step sign-in again at their next sign-in. Check who is asking before you do this.</Text>
          <Textarea label="Reason (kept in the audit record)" required minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit" color="red">Reset two-step sign-in</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
