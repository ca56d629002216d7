// The practice's shared inbox: conversations each person may see (the front desk the desk's, billing
// the billing ones, a clinician their clients', anyone what is assigned to them), unread first to the
// eye, with the response clock; one conversation beside the list to answer, assign, close or file.
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Modal, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { clientOption, serverFiltered } from '../lib/clients';
import { useClientSearch } from '../lib/useClientSearch';
import { api, ApiError, can, type Me } from '../api';
import { Conversation } from '../components/messages/Conversation';
import { fmtDate, fmtVisit } from '../lib/format';
import { useApi } from '../lib/useApi';
import { useLive } from '../lib/useLive';
import type { CareTeam, MessageThread, Page } from '../types';

const TO: Record<string, string> = { clinician: 'Clinician', front_desk: 'Front desk', billing: 'Billing', team: 'Care team (not the client)' };
interface User { id: string; display_name: string; role: string; active: boolean }

// A conversation the practice starts: a clinician writes as themselves, the front desk or billing as the desk
// (the server decides which from the caller's role).
// A clinician (or the owner) may instead start a provider conversation among the client's care team, which the
// client never sees.
function NewConversation({ clientId, clinical, teamFirst, onStarted }: { clientId: string | null; clinical: boolean; teamFirst: boolean; onStarted: (t: MessageThread) => void }) {
  const [open, setOpen] = useState(clientId !== null);
  const [team, setTeam] = useState(clinical && teamFirst);
  const [picked, setPicked] = useState<string | null>(clientId);
  const clients = useClientSearch(open, picked);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [partnerId, setPartnerId] = useState<string | null>(null);
  // A team conversation may include a partner organization that the client's release in effect names.
  const careTeam = useApi<CareTeam>(open && team && picked ? `/api/v1/clients/${picked}/care-team` : null);
  const partners = careTeam.data?.partners ?? [];
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!picked) return setErrors({ client: 'Choose a client.' });
    setBusy(true);
    setErrors({});
    try {
      const t = await api<MessageThread>('POST', `/api/v1/clients/${picked}/threads`, { subject, body,
        ...(team ? { audience: 'team', ...(partnerId ? { partner_id: partnerId } : {}) } : {}) });
      setOpen(false);
      setSubject('');
      setBody('');
      setPartnerId(null);
      onStarted(t);
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries((e.errors.length ? e.errors : [{ field: 'body', message: e.detail }]).map((f) => [f.field, f.message])));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>New conversation</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="New conversation" closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          {clinical && (
            <Switch label="With the client's care team (the client never sees it)" checked={team} onChange={(e) => setTeam(e.currentTarget.checked)} />
          )}
          <Select label="Client" searchable data={clients.options.map(clientOption)} filter={serverFiltered} value={picked} onChange={setPicked}
            searchValue={clients.search} onSearchChange={clients.setSearch} error={errors.client} />
          <TextInput label="Subject" maxLength={120} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} />
          <Textarea label="Message" autosize minRows={4} maxLength={5000} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} />
          {team && partners.length > 0 && (
            <Select label="With a partner organization (optional)" placeholder="Only the practice's team" clearable value={partnerId}
              onChange={setPartnerId} error={errors.partner_id}
              data={partners.map((p) => ({ value: p.partner_id, label: `${p.name} (release until ${fmtDate(p.expires_on)})` }))} />
          )}
          {team ? (
            <Text size="sm">{partnerId
              ? 'The care team and the partner organization\'s clinicians see this conversation until the client\'s release ends. Words only: records go through the release.'
              : 'Only the client\'s care team sees this conversation; each member is told a message is waiting.'}</Text>
          ) : clients.picked && !clients.picked.has_account ? (
            <Alert color="orange" role="note">
              This client has no account for their pages yet, so they cannot read it until they are invited (their chart → Client pages).
            </Alert>
          ) : (
            <Text size="sm">The client is told by e-mail that a message is waiting; the e-mail never says what it is.</Text>
          )}
          <Button loading={busy} onClick={send}>Send</Button>
        </Stack>
      </Modal>
    </>
  );
}

export function Messages({ me }: { me: Me }) {
  const [status, setStatus] = useState('open');
  const [mine, setMine] = useState(false);
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(params.get('thread'));
  const [problem, setProblem] = useState<string | null>(null);
  const list = useApi<Page<MessageThread>>(`/api/v1/threads?status=${status}${mine ? '&mine=true' : ''}`, 'The messages could not be loaded.');
  const users = useApi<Page<User>>(can(me, 'users.manage') ? '/api/v1/users' : null);
  useLive('message.new', list.reload);
  useLive('message.mention', list.reload);
  const threads = list.data?.items ?? [];
  const t = threads.find((x) => x.id === selected) ?? null;

  const act = async (method: string, path: string, body?: object) => {
    setProblem(null);
    try {
      await api(method, path, body);
      list.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  };
  const staff = (users.data?.items ?? []).filter((u) => u.active && u.role !== 'client');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Messages</Title>
        <NewConversation clientId={params.get('client')} clinical={can(me, 'notes.read')} teamFirst={params.get('team') === '1'} onStarted={(t) => { list.reload(); setSelected(t.id); }} />
      </Group>
      <Group>
        <SegmentedControl value={status} onChange={(v) => { setStatus(v); setSelected(null); }} color="dark"
          data={[{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }, { value: 'all', label: 'All' }]} aria-label="Which conversations" />
        <Switch label="Assigned to me" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      {(problem ?? list.error) && <Alert color="red" role="alert">{problem ?? list.error}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {list.data && threads.length === 0 && <Text>No conversations here.</Text>}
          <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Conversations">
            {threads.map((x) => (
              <Card key={x.id} component="li" withBorder padding="sm" bg={x.id === selected ? 'gray.1' : undefined}>
                <UnstyledButton w="100%" onClick={() => setSelected(x.id)} aria-current={x.id === selected ? 'true' : undefined}>
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={0}>
                      <Text fw={x.unread ? 800 : 600}>{x.client_name}</Text>
                      <Text size="sm">{x.subject}</Text>
                      <Text size="xs" c="dark.4">{x.audience === 'clinician' ? x.clinician_name : TO[x.audience]}{x.assigned_name ? ` · ${x.assigned_name}` : ''} · {fmtVisit(x.last_message_at)}</Text>
                    </Stack>
                    <Stack gap={4} align="flex-end">
                      {x.unread > 0 && <Badge color="teal.9">{x.unread} new</Badge>}
                      {x.overdue && <Badge color="red.9">Overdue</Badge>}
                      {!x.overdue && x.waiting_since && <Badge variant="outline" color="dark">Waiting since {fmtVisit(x.waiting_since)}</Badge>}
                    </Stack>
                  </Group>
                </UnstyledButton>
              </Card>
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {!t && threads.length > 0 && <Text>Choose a conversation.</Text>}
          {t && (
            <Stack>
              <Group justify="space-between" align="flex-start">
                <Stack gap={0}>
                  <Title order={2} size="h3">{t.subject}</Title>
                  <Text size="sm"><Anchor component={Link} to={`/clients/${t.client_id}`}>{t.client_name}</Anchor> · to {t.audience === 'clinician' ? t.clinician_name : TO[t.audience]}</Text>
                  {t.filed_document_id && <Text size="sm">Filed to the chart.</Text>}
                  {t.partner_id && (
                    <Text size="sm">{t.partner_until
                      ? `With ${t.partner_name} until ${fmtDate(t.partner_until)} (the client's release)`
                      : `${t.partner_name || 'The partner organization'} no longer sees this conversation: the client's release has ended.`}</Text>
                  )}
                </Stack>
                <Group gap="xs">
                  {can(me, 'messages.file') && !t.filed_document_id && (
                    <Button variant="default" onClick={() => act('POST', `/api/v1/threads/${t.id}/file`)}>File to chart</Button>
                  )}
                  {t.status === 'open'
                    ? <Button variant="default" onClick={() => act('POST', `/api/v1/threads/${t.id}/close`)}>Close</Button>
                    : <Button variant="default" onClick={() => act('POST', `/api/v1/threads/${t.id}/reopen`)}>Reopen</Button>}
                </Group>
              </Group>
              {staff.length > 0 && (
                <Select label="Assigned to" placeholder="Nobody" clearable data={staff.map((u) => ({ value: u.id, label: u.display_name }))}
                  value={t.assigned_user_id ?? null} onChange={(v) => act('PUT', `/api/v1/threads/${t.id}/assignee`, { user_id: v ?? '' })} w={260} />
              )}
              <Conversation key={t.id} base={`/api/v1/threads/${t.id}`} onChanged={list.reload} />
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
