// The client's secure messages: their conversations with the practice, a new one to their clinician,
// the front desk or billing (with a file), and each conversation full screen on a phone. Messages are
// not for emergencies: the page says so, with 988, where the client writes.
import { Alert, Anchor, Badge, Button, Card, FileButton, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { api, ApiError } from '../api';
import { Conversation } from '../components/messages/Conversation';
import { fmtVisit } from '../lib/format';
import { type Translate, useT, w } from '../lib/i18n';
import { toBase64 } from '../lib/files';
import { useApi } from '../lib/useApi';
import { useLive } from '../lib/useLive';
import type { MessageSettings, MessageThread, Page } from '../types';

const TO: Record<string, string> = { clinician: w('Your clinician'), front_desk: w('The front desk'), billing: w('Billing') };

/** How soon the practice answers, in words: "within 4 hours", "within 2 days". */
const within = (t: Translate, hours: number) => (hours % 24 === 0
  ? (hours === 24 ? t('within 1 day') : t('within {count} days', { count: hours / 24 }))
  : (hours === 1 ? t('within 1 hour') : t('within {count} hours', { count: hours })));

function CrisisNotice() {
  // The practice's own promise and words; 988 and 911 are always there.
  const t = useT();
  const settings = useApi<MessageSettings>('/api/v1/portal/message-settings');
  const s = settings.data;
  return (
    <Alert color="orange" role="note" title={t('Messages are not for emergencies')} styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}>
      {s?.crisis_message && <Text mb="xs" c="dark.9">{s.crisis_message}</Text>}
      {s ? t('Your care team reads messages during office hours and answers {within}.', { within: within(t, s.response_target_hours) }) : t('Your care team reads messages during office hours.')}{' '}
      {t('In a crisis, call or text')}{' '}
      <Anchor href="tel:988" underline="always" c="dark.9">988</Anchor> {t('(Suicide & Crisis Lifeline) or call 911.')}
    </Alert>
  );
}

function NewThread({ onStarted }: { onStarted: (t: MessageThread) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [audience, setAudience] = useState('clinician');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setErrors({});
    try {
      const attachment = file ? { name: file.name, data: await toBase64(file) } : undefined;
      const started = await api<MessageThread>('POST', '/api/v1/portal/threads', { audience, subject, body, ...(attachment ? { attachment } : {}) });
      setOpen(false);
      setSubject('');
      setBody('');
      setFile(null);
      onStarted(started);
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries((e.errors.length ? e.errors : [{ field: 'body', message: e.detail }]).map((f) => [f.field.split('.')[0], t(f.message)])));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="default" size="md" fullWidth onClick={() => setOpen(true)}>{t('Write a new message')}</Button>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t('New message')} fullScreen closeButtonProps={{ 'aria-label': t('Close') }}>
        <Stack>
          <CrisisNotice />
          <NativeSelect label={t('To')} data={Object.entries(TO).map(([value, label]) => ({ value, label: t(label) }))} value={audience}
            onChange={(e) => setAudience(e.currentTarget.value)} error={errors.audience ?? errors.clinician_id} />
          <TextInput label={t('Subject')} maxLength={120} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={errors.subject} />
          <Textarea label={t('Message')} autosize minRows={5} maxLength={5000} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} />
          <FileButton onChange={setFile} accept="application/pdf,image/png,image/jpeg">
            {(props) => <Button variant="default" {...props}>{file ? t('Attached: {name}', { name: file.name }) : t('Attach a file (PDF or picture)')}</Button>}
          </FileButton>
          {errors.attachment && <Text c="red.9" size="sm" role="alert">{errors.attachment}</Text>}
          <Button size="md" color="teal.9" loading={busy} onClick={send}>{t('Send')}</Button>
        </Stack>
      </Dialog>
    </>
  );
}

export function PortalMessages() {
  const t = useT();
  const threads = useApi<Page<MessageThread>>('/api/v1/portal/threads', 'Your messages could not be loaded.');
  const [opened, setOpened] = useState<MessageThread | null>(null);
  useLive('message.new', threads.reload);
  const list = threads.data?.items ?? [];
  return (
    <section aria-labelledby="messages">
      <Title order={2} size="h3" id="messages" mb="sm">{t('Messages')}</Title>
      <Stack gap="sm">
        {threads.error && <Alert color="red" role="alert">{t(threads.error)}</Alert>}
        <NewThread onStarted={(started) => { threads.reload(); setOpened(started); }} />
        {threads.data && list.length === 0 && <Text>{t('No messages yet.')}</Text>}
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.map((th) => (
            <Card key={th.id} component="li" withBorder padding="sm">
              <UnstyledButton onClick={() => setOpened(th)} w="100%">
                <Group justify="space-between" wrap="nowrap">
                  <Stack gap={0}>
                    <Text fw={th.unread ? 800 : 600}>{th.subject}</Text>
                    <Text size="sm">{th.audience === 'clinician' ? th.clinician_name : t(TO[th.audience] ?? th.audience)} · {fmtVisit(th.last_message_at)}</Text>
                  </Stack>
                  <Group gap={4} wrap="nowrap">
                    {th.unread > 0 && <Badge color="teal.9">{t('{count} new', { count: th.unread })}</Badge>}
                    {th.status === 'closed' && <Badge variant="outline" color="dark">{t('Closed')}</Badge>}
                  </Group>
                </Group>
              </UnstyledButton>
            </Card>
          ))}
        </Stack>
      </Stack>
      <Dialog opened={opened !== null} onClose={() => { setOpened(null); threads.reload(); }} title={opened?.subject ?? ''} fullScreen
        closeButtonProps={{ 'aria-label': t('Close') }}>
        {opened && (
          <Stack>
            <CrisisNotice />
            <Conversation base={`/api/v1/portal/threads/${opened.id}`} onChanged={threads.reload} />
          </Stack>
        )}
      </Dialog>
    </section>
  );
}
