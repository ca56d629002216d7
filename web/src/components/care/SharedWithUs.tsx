// On the home page of a partner organization's clinicians: the practices that made them their partner, and, when
// asked for, the clients whose release in effect names them, each record opened as a PDF of what the release
// covers, and the care team's conversations about them that include the organization (words only). Listing and
// opening are disclosures in each client's accounting at the practice, so nothing loads until asked for.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { downloadFile } from '../../lib/files';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { Conversation } from '../messages/Conversation';
import type { MessageThread, Page, Partner, SharedClient } from '../../types';

// The care team's conversations about one shared client that include the organization.
function Conversations({ partner, client }: { partner: Partner; client: SharedClient }) {
  const base = `/api/v1/partners/${partner.id}/clients/${client.client_id}/threads`;
  const threads = useApi<Page<MessageThread>>(base, 'The conversations could not be loaded.');
  const [opened, setOpened] = useState<string | null>(null);
  if (threads.error) return <Alert color="red" role="alert">{threads.error}</Alert>;
  const items = threads.data?.items ?? [];
  return (
    <Stack gap="xs" pl="md" aria-label={`Conversations about ${client.name}`}>
      {threads.data && items.length === 0 && <Text size="sm" c="dimmed">No conversation with your organization about {client.name} yet.</Text>}
      {items.map((t) => (
        <UnstyledButton key={t.id} onClick={() => setOpened(opened === t.id ? null : t.id)} aria-expanded={opened === t.id}>
          <Group gap="xs">
            <Text size="sm" fw={600}>{t.subject}</Text>
            {t.unread > 0 && <Badge size="sm" color="teal.9">{t.unread} new</Badge>}
            {t.status === 'closed' && <Badge size="sm" variant="default">Closed</Badge>}
          </Group>
        </UnstyledButton>
      ))}
      {opened && <Conversation key={opened} base={`${base}/${opened}`} onChanged={threads.reload} wordsOnly />}
    </Stack>
  );
}

function Shared({ partner }: { partner: Partner }) {
  const [clients, setClients] = useState<SharedClient[] | null>(null);
  const [talking, setTalking] = useState<string | null>(null);
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
        <Stack key={c.client_id} gap={4}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{c.name} · {c.purpose} · until {fmtDate(c.expires_on)}</Text>
            <Group gap="xs" wrap="nowrap">
              <Button size="xs" variant="default" onClick={() => setTalking(talking === c.client_id ? null : c.client_id)}>
                {talking === c.client_id ? 'Hide conversations' : 'Conversations'}
              </Button>
              <Button size="xs" onClick={() => void open(c)}>Open record (PDF)</Button>
            </Group>
          </Group>
          {talking === c.client_id && <Conversations partner={partner} client={c} />}
        </Stack>
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
