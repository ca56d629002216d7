// On the home page of a partner organization's clinicians: the practices that made them their partner, and, when
// asked for, the clients whose release in effect names them, each record opened as a PDF of what the release
// covers. Listing and opening are disclosures in each client's accounting at the practice, so nothing loads until
// asked for.
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { downloadFile } from '../../lib/files';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Page, Partner, SharedClient } from '../../types';

function Shared({ partner }: { partner: Partner }) {
  const [clients, setClients] = useState<SharedClient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const show = async () => {
    setError(null);
    try {
      setClients((await api<Page<SharedClient>>('GET', `/api/v1/partners/${partner.id}/clients`)).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The list could not be loaded.');
    }
  };
  const open = async (c: SharedClient) => {
    setError(null);
    try {
      await downloadFile(`/api/v1/partners/${partner.id}/clients/${c.client_id}/record`, 'shared-record.pdf');
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The record could not be opened.');
      void show();  // a release revoked meanwhile: the list follows
    }
  };
  return (
    <Stack gap={4} aria-label={`Shared by ${partner.practice_name}`}>
      <Group justify="space-between">
        <Text fw={600}>{partner.practice_name}</Text>
        <Button size="xs" variant="default" onClick={() => void show()}>{clients ? 'Refresh' : 'Show the clients they share'}</Button>
      </Group>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      {clients && clients.length === 0 && <Text size="sm" c="dimmed">No client's release names your organization today.</Text>}
      {clients?.map((c) => (
        <Group key={c.client_id} justify="space-between" wrap="nowrap">
          <Text size="sm">{c.name} · {c.purpose} · until {fmtDate(c.expires_on)}</Text>
          <Button size="xs" onClick={() => void open(c)}>Open record (PDF)</Button>
        </Group>
      ))}
    </Stack>
  );
}

export function SharedWithUs() {
  const list = useApi<Page<Partner>>('/api/v1/partners');
  const theirs = (list.data?.items ?? []).filter((p) => p.direction === 'theirs' && p.status === 'connected');
  if (theirs.length === 0) return null;
  return (
    <Card withBorder data-testid="shared-with-us">
      <Title order={2} size="h4">Shared by partner practices</Title>
      <Text size="xs" c="dimmed" mb="xs">Only what each client's release covers, until it expires or is revoked. Each time you list or open, it is recorded in the client's accounting of disclosures.</Text>
      <Stack>{theirs.map((p) => <Shared key={p.id} partner={p} />)}</Stack>
    </Card>
  );
}
