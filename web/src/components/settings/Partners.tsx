// Settings → Partner organizations (owner): the organizations the practice works with on this server (a
// telepsychiatry group, a hospital clinic). The owner invites one and sends its owner the one-time code (or has it
// e-mailed with a link from which an organization not yet on Duet creates its practice: pages/JoinAsPartner); an
// owner given a code connects here. A client's release of information then names the partner: its clinicians see what
// the release covers while it is in effect, each time recorded in the client's accounting of disclosures.
import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { IssuedSecret } from '../IssuedLink';
import type { Page, Partner } from '../../types';

const KINDS = [{ value: 'telepsychiatry', label: 'Telepsychiatry group' }, { value: 'hospital', label: 'Hospital clinic' },
  { value: 'clinic', label: 'Clinic' }, { value: 'organization', label: 'Other organization' }];

export function Partners() {
  const list = useApi<Page<Partner>>('/api/v1/partners', 'Could not load the partner organizations.');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [kind, setKind] = useState<string>('telepsychiatry');
  const [code, setCode] = useState('');
  const [issued, setIssued] = useState<{ name: string; code: string; emailed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState<string | null>(null);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const p = await api<Partner>('POST', '/api/v1/partners', { name: name.trim(), kind, ...(email.trim() ? { email: email.trim() } : {}) });
      setIssued({ name: p.name, code: p.invite_code ?? '', emailed: !!p.invite_emailed });
      setName('');
      setEmail('');
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? (err.errors[0]?.message ?? err.detail) : 'The invitation could not be made.');
    }
  };
  const connect = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const p = await api<Partner>('POST', '/api/v1/partners/connect', { token: code.trim() });
      setConnected(p.practice_name ?? p.name);
      setCode('');
      list.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : 'The code could not be used.');
    }
  };

  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Title order={2} size="h4">Partner organizations</Title>
      <Text size="sm" c="dimmed">
        Organizations you work with on this server, such as a telepsychiatry group. Their clinicians see a client's
        records only under a release of information the client signed naming them, only what it covers, and only until
        it expires or is revoked. Each time is recorded in the client's accounting of disclosures. Their licensing and
        credentialing stay theirs.
      </Text>
      {(error || list.error) && <Alert color="red" role="alert">{error ?? list.error}</Alert>}
      {issued && (
        <IssuedSecret title={`Invitation for ${issued.name}`} secret={issued.code} onClose={() => setIssued(null)} testId="partner-code"
          note={issued.emailed
            ? "It was e-mailed to the partner's owner with a link: an organization not yet on Duet creates its practice from the link; one already on Duet enters the code in its Settings within 14 days. It is shown only now."
            : "Send this code to the partner's owner (not by e-mail with client details). They enter it in their Settings within 14 days. It is shown only now."} />
      )}
      {connected && <Alert color="teal" title="Connected" withCloseButton onClose={() => setConnected(null)}>You are now a partner of {connected}.</Alert>}
      {items.length === 0 && list.data && <Text size="sm">No partner organizations yet.</Text>}
      {items.length > 0 && (
        <Table aria-label="Partner organizations">
          <Table.Thead><Table.Tr><Table.Th>Organization</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Status</Table.Th><Table.Th>Since</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.direction === 'theirs' ? `${p.practice_name} (you are their partner)` : p.name}</Table.Td>
                <Table.Td>{KINDS.find((k) => k.value === p.kind)?.label ?? p.kind}</Table.Td>
                <Table.Td><Badge color={p.status === 'connected' ? 'teal.9' : 'gray.8'}>{p.status === 'invited' ? 'Waiting for their owner' : p.status}</Badge></Table.Td>
                <Table.Td>{p.connected_at ? fmtDate(p.connected_at) : p.invite_expires_at ? `code valid until ${fmtDate(p.invite_expires_at)}` : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={invite}>
        <Group align="end">
          <TextInput label="Invite a partner organization" placeholder="Summit Telepsychiatry" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} />
          <Select label="Kind" data={KINDS} value={kind} onChange={(v) => setKind(v ?? 'organization')} allowDeselect={false} />
          <TextInput label="Their owner's e-mail (optional)" description="Sends the code and a link to join, also for an organization not yet on Duet"
            type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} maxLength={254} w={300} />
          <Button type="submit" disabled={!name.trim()}>Invite</Button>
        </Group>
      </form>
      <form onSubmit={connect}>
        <Group align="end">
          <TextInput label="Connect with a code another practice gave you" value={code} onChange={(e) => setCode(e.currentTarget.value)} maxLength={100} w={360} />
          <Button type="submit" variant="default" disabled={!code.trim()}>Connect</Button>
        </Group>
      </form>
    </Stack>
  );
}
