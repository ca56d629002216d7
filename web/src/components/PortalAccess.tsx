// Who sees a client's own pages: the client's account and their guardians', with what the practice lets each
// guardian see (per client: an adolescent's practice may show a parent visits and bills only). Staff who may
// edit the client invite a guardian, change what they see, or end their access.
import { Alert, Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { fmtDay } from '../lib/format';
import { useApi } from '../lib/useApi';
import type { ClientRecord } from '../lib/clients';
import type { GuardianSees, IntakeForm, IntakeResponse, Page, PortalPerson } from '../types';
import { IssuedLink } from './IssuedLink';

const PARTS: { key: keyof GuardianSees; label: string }[] = [
  { key: 'appointments', label: 'Visits (book, move, cancel, join)' },
  { key: 'bills', label: 'Bills and paying' },
  { key: 'forms', label: 'Forms and consents' },
  { key: 'messages', label: 'Messages with the practice' },
  { key: 'records', label: 'Shared documents and results' },
];

function GuardianCard({ clientId, g, canEdit, onChanged }: { clientId: string; g: PortalPerson; canEdit: boolean; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Shown at once; put back if the server refuses.
  const [shown, setShown] = useState<GuardianSees>(g.sees);
  const change = async (sees: GuardianSees | null) => {
    setBusy(true);
    setError(null);
    if (sees) setShown(sees);
    try {
      if (sees) await api('PUT', `/api/v1/clients/${clientId}/guardians/${g.user_id}`, sees);
      else await api('DELETE', `/api/v1/clients/${clientId}/guardians/${g.user_id}`);
      onChanged();
    } catch (e) {
      setShown(g.sees);
      setError(e instanceof ApiError ? e.detail : 'The change could not be saved. Try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="sm" component="li" aria-label={`Guardian ${g.account_name ?? ''}`}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={700}>{g.account_name} <Badge variant="outline" color="dark" ml={4}>Guardian</Badge></Text>
          <Text size="sm">{g.email}{g.since ? ` · since ${fmtDay(g.since)}` : ''}</Text>
        </Stack>
        {canEdit && <Button variant="subtle" color="red" c="red.9" size="compact-sm" loading={busy} onClick={() => void change(null)}>End access</Button>}
      </Group>
      <Text size="sm" mt="xs" fw={600}>Sees</Text>
      <Group gap="md" mt={4}>
        {PARTS.map((p) => (
          <Checkbox key={p.key} label={p.label} checked={shown[p.key]} disabled={!canEdit || busy}
            onChange={(e) => void change({ ...shown, [p.key]: e.currentTarget.checked })} />
        ))}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>Therapy notes are never on the client's pages.</Text>
      {error && <Alert color="red" role="alert" mt="xs">{error}</Alert>}
    </Card>
  );
}

/** The client's intake forms (sent, started, sent back) and sending another. */
function ClientForms({ client, canEdit }: { client: ClientRecord; canEdit: boolean }) {
  const responses = useApi<Page<IntakeResponse>>(`/api/v1/clients/${client.id}/intake-responses`, 'The forms could not be loaded.');
  const forms = useApi<Page<IntakeForm>>(canEdit ? '/api/v1/intake-forms' : null);
  const [formKey, setFormKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!formKey) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/clients/${client.id}/intake-forms`, { form_key: formKey });
      responses.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The form could not be sent.');
    } finally {
      setBusy(false);
    }
  };
  const items = responses.data?.items ?? [];
  return (
    <Stack>
      <Title order={4} size="h5">Intake forms</Title>
      {responses.error && <Alert color="red" role="alert">{responses.error}</Alert>}
      {responses.data && items.length === 0 && <Text c="dimmed">{client.given_name} has not started a form yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={420} type="native"><Table>
          <Table.Thead><Table.Tr><Table.Th>Form</Table.Th><Table.Th>State</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.form_name}</Table.Td>
                <Table.Td>{r.status === 'submitted' ? `Sent back ${fmtDay(r.submitted_at ?? '')} (in Documents)` : r.sent ? `Sent ${fmtDay(r.created_at)}, not sent back yet` : `Started ${fmtDay(r.created_at)}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {canEdit && forms.data && (
        <Group align="flex-end">
          <Select label="Send a form" placeholder="Choose a form" w={280} value={formKey} onChange={setFormKey} error={error}
            data={forms.data.items.filter((f) => f.active).map((f) => ({ value: f.key, label: f.name }))} />
          <Button onClick={() => void send()} loading={busy} disabled={!formKey}>Send</Button>
        </Group>
      )}
    </Stack>
  );
}

export function PortalAccess({ client, canEdit }: { client: ClientRecord; canEdit: boolean }) {
  const accounts = useApi<{ items: PortalPerson[] }>(`/api/v1/clients/${client.id}/portal-accounts`, 'Who sees these pages could not be loaded.');
  const suggested = client.guardians.find((g) => g.email)?.email ?? '';
  const [email, setEmail] = useState(suggested);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<{ path: string; email: string } | null>(null);
  const items = accounts.data?.items ?? [];
  const own = items.find((a) => a.relationship === 'self');
  const guardians = items.filter((a) => a.relationship === 'guardian');

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ path: string }>('POST', `/api/v1/clients/${client.id}/portal-invitation`, { email, guardian: true });
      setIssued({ path: r.path, email });
    } catch (x) {
      setError(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'The invitation could not be made. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={3} size="h4">Client pages</Title>
      {accounts.error && <Alert color="red" role="alert">{accounts.error}</Alert>}
      <Text>{own ? `${client.given_name} has an account (${own.email}).` : `${client.given_name} has no account of their own.`}</Text>
      <Title order={4} size="h5">Guardians</Title>
      {accounts.data && guardians.length === 0 && <Text c="dimmed">No guardian sees {client.given_name}'s pages.</Text>}
      {guardians.length > 0 && (
        <Stack component="ul" gap="sm" p={0} style={{ listStyle: 'none' }}>
          {guardians.map((g) => <GuardianCard key={g.user_id} clientId={client.id} g={g} canEdit={canEdit} onChanged={accounts.reload} />)}
        </Stack>
      )}
      {issued && <IssuedLink title={`Invitation ready for ${issued.email}`} path={issued.path} onClose={() => { setIssued(null); accounts.reload(); }} />}
      {canEdit && (
        <form onSubmit={invite}>
          <Group align="flex-end">
            <TextInput label="Invite a guardian by e-mail" type="email" required value={email} w={320}
              description="A parent with an account here already adds this client to it."
              onChange={(e) => setEmail(e.currentTarget.value)} error={error} />
            <Button type="submit" loading={busy}>Invite guardian</Button>
          </Group>
        </form>
      )}
      <ClientForms client={client} canEdit={canEdit} />
    </Stack>
  );
}
