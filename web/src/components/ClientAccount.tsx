// The client's own account, from their chart: whether they have one, and an invitation (single use,
// 7 days) for the front desk or clinician to send when they do not.
import { Badge, Button, Modal, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import type { ClientRecord } from '../lib/clients';

export function ClientAccountButton({ client, onIssued }: { client: ClientRecord; onIssued: (path: string, email: string) => void }) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(client.email);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (client.has_account) return <Badge variant="outline" color="teal.9">Has a client account</Badge>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ path: string }>('POST', `/api/v1/clients/${client.id}/portal-invitation`, { email });
      setOpen(false);
      onIssued(r.path, email);
    } catch (err) {
      setError(err instanceof ApiError ? (err.errors[0]?.message ?? err.detail) : 'The invitation could not be made. Try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>Invite to client pages</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Invite the client to their own pages" closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">They will see their visits and join video visits from there. The link works once, for 7 days.</Text>
            <TextInput label="Client's e-mail" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={error} />
            <Button type="submit" loading={busy}>Make the invitation</Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

