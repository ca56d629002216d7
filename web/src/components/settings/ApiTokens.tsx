// Settings → API tokens (owner): tokens let other software (an accounting export, a script) act as a
// person of the practice. They sign in without two-step sign-in, so each is scoped (read-only unless
// it must write), expires (90 days unless chosen), shows when it was last used, and is revoked in one click.
import { Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { IssuedSecret } from '../IssuedLink';
import { useLoad } from '../../lib/useApi';
import type { Page } from '../../types';

interface Token {
  id: string; user_id: string; user_email: string; name: string; scope: 'read_only' | 'read_write';
  created_at: string; last_used_at: string | null; expires_at: string | null; revoked_at: string | null; state: 'active' | 'expired' | 'revoked';
}
interface User { id: string; email: string; display_name: string; active: boolean }

const SCOPES = [{ value: 'read_only', label: 'Read only' }, { value: 'read_write', label: 'Read and write' }];

export function ApiTokens() {
  const loaded = useLoad('tokens', () => Promise.all([api<Page<Token>>('GET', '/api/v1/api-tokens'), api<Page<User>>('GET', '/api/v1/users')]),
    'Could not load the API tokens.');
  const tokens = loaded.data?.[0].items ?? null;
  const users = (loaded.data?.[1].items ?? []).filter((x) => x.active);
  const [actError, setError] = useState<string | null>(null);
  const error = actError ?? loaded.error;
  const load = loaded.reload;
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [form, setForm] = useState({ user_id: '', name: '', scope: 'read_only', expires_in_days: 90 });
  const [formError, setFormError] = useState<Record<string, string>>({});


  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError({});
    try {
      const r = await api<Token & { token: string }>('POST', '/api/v1/api-tokens', form);
      setCreating(false);
      setIssued(r.token);
      load();
    } catch (err) {
      if (err instanceof ApiError) setFormError(Object.fromEntries((err.errors.length ? err.errors : [{ field: 'user_id', message: err.detail }]).map((f) => [f.field, f.message])));
    }
  };
  const revoke = async (t: Token) => {
    try {
      await api('POST', `/api/v1/api-tokens/${t.id}/revoke`);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The token could not be revoked.');
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">API tokens</Title>
        <Button onClick={() => setCreating(true)}>Create a token</Button>
      </Group>
      <Text size="sm">
        A token lets other software act as one person of the practice, with that person's role. Tokens sign in without two-step
        sign-in: give each the least it needs (read only unless it must write), let it expire, and revoke it when it is no longer used.
      </Text>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {issued && <IssuedSecret title="Token created" secret={issued} note="Copy it now: it is shown only once." onClose={() => setIssued(null)} />}
      {tokens && tokens.length === 0 && <Text>No API tokens yet.</Text>}
      {tokens && tokens.length > 0 && (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table striped data-testid="token-table">
            <Table.Thead>
              <Table.Tr><Table.Th>Name</Table.Th><Table.Th>Acts as</Table.Th><Table.Th>Scope</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Expires</Table.Th><Table.Th>State</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((t) => (
                <Table.Tr key={t.id} data-testid={`token-${t.name || t.id}`}>
                  <Table.Td>{t.name || '—'}</Table.Td>
                  <Table.Td>{t.user_email}</Table.Td>
                  <Table.Td>{t.scope === 'read_only' ? 'Read only' : 'Read and write'}</Table.Td>
                  <Table.Td>{t.last_used_at ? fmtDateTime(t.last_used_at) : 'Never'}</Table.Td>
                  <Table.Td>{t.expires_at ? fmtDate(t.expires_at) : 'Never'}</Table.Td>
                  <Table.Td><Badge variant="outline" color={t.state === 'active' ? 'teal.9' : 'gray.8'}>{t.state}</Badge></Table.Td>
                  <Table.Td>{t.state === 'active' && <Button size="xs" variant="default" onClick={() => revoke(t)}>Revoke</Button>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create an API token" closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={create}>
          <Stack>
            <Select label="Acts as" required searchable data={users.map((u) => ({ value: u.id, label: `${u.display_name} (${u.email})` }))}
              value={form.user_id || null} onChange={(v) => setForm({ ...form, user_id: v ?? '' })} error={formError.user_id} />
            <TextInput label="What it is for" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={formError.name} />
            <Select label="Scope" data={SCOPES} value={form.scope} onChange={(v) => setForm({ ...form, scope: v ?? 'read_only' })} error={formError.scope} />
            <NumberInput label="Expires after (days)" min={1} max={730} value={form.expires_in_days}
              onChange={(v) => setForm({ ...form, expires_in_days: Number(v) || 90 })} error={formError.expires_in_days} />
            <Button type="submit">Create</Button>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
