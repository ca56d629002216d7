// One secure conversation, for the client (their portal) and for the staff (the inbox): the messages,
// oldest first, with their attachments, and a reply box that takes a file (on the care team's conversations,
// or a document of the client's chart). `base` is where the thread lives: /api/v1/portal/threads/{id} or
// /api/v1/threads/{id}.
import { Alert, Anchor, Button, Card, FileButton, Group, Loader, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDateTime } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { toBase64 } from '../../lib/files';
import { useApi } from '../../lib/useApi';
import type { Document, MessageThread, Page } from '../../types';

// `wordsOnly`: a partner organization's clinicians answer with words (records reach them through the release); a
// conversation that includes a partner takes words only from anyone.
// Messages the reader wrote (`mine`, from the server) are on the right as "You"; everyone else's carry their name.
export function Conversation({ base, onChanged, wordsOnly = false }: { base: string; onChanged?: () => void; wordsOnly?: boolean }) {
  const tr = useT();
  const thread = useApi<MessageThread>(base, 'The conversation could not be loaded.');
  // Opening it marks it read: tell the list once it has loaded (its unread counts change).
  const changed = useRef(onChanged);
  changed.current = onChanged;
  const loadedId = thread.data?.id;
  useEffect(() => {
    if (loadedId) changed.current?.();
  }, [loadedId]);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [documentId, setDocumentId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = thread.data;
  const words = wordsOnly || !!t?.partner_id;
  // The care team's conversation may point at a document of the client's chart (members open it from the chart).
  const chart = useApi<Page<Document>>(t?.audience === 'team' && !words ? `/api/v1/clients/${t.client_id}/documents` : null);

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const attachment = file ? { name: file.name, data: await toBase64(file) } : undefined;
      await api('POST', `${base}/messages`, { body, ...(attachment ? { attachment } : {}), ...(documentId ? { document_id: documentId } : {}) });
      setBody('');
      setFile(null);
      setDocumentId('');
      thread.reload();
      onChanged?.();
    } catch (e) {
      setProblem(e instanceof ApiError ? tr(e.detail) : tr('The message was not sent. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  if (thread.error) return <Alert color="red" role="alert">{tr(thread.error)}</Alert>;
  if (!t) return <Loader aria-label={tr('Loading the conversation')} />;
  return (
    <Stack gap="sm">
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label={tr('Messages')}>
        {(t.messages ?? []).map((m) => (
          <Card key={m.id} component="li" withBorder padding="sm" bg={m.mine ? 'teal.0' : undefined}
            ml={m.mine ? 'xl' : 0} mr={m.mine ? 0 : 'xl'}>
            <Group justify="space-between" gap="xs">
              <Text fw={700} size="sm">{m.mine ? tr('You') : m.author_name}</Text>
              <Text size="xs" c="dark.4">{fmtDateTime(m.created_at)}</Text>
            </Group>
            {m.body && <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>}
            {m.attachment && (
              <Anchor href={`${base}/messages/${m.id}/attachment`} target="_blank" rel="noopener" size="sm" underline="always">
                {m.attachment.name} ({Math.max(1, Math.round(m.attachment.size / 1024))} KB)
              </Anchor>
            )}
          </Card>
        ))}
      </Stack>
      {t.status === 'closed' ? (
        <Text size="sm">{tr('This conversation is closed.')}</Text>
      ) : (
        <Stack gap="xs">
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <Textarea label={tr('Your message')} autosize minRows={3} maxLength={5000} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
          <Group justify="space-between">
            {words ? <span /> : <Group gap="xs" align="end">
              <FileButton onChange={setFile} accept="application/pdf,image/png,image/jpeg" disabled={!!documentId}>
                {(props) => <Button variant="default" {...props}>{file ? tr('Attached: {name}', { name: file.name }) : tr('Attach a file')}</Button>}
              </FileButton>
              {(chart.data?.items.length ?? 0) > 0 && (
                <NativeSelect label="Or send from the chart" value={documentId} disabled={!!file}
                  onChange={(e) => setDocumentId(e.currentTarget.value)}
                  data={[{ value: '', label: 'No document' }, ...(chart.data?.items ?? []).map((d) => ({ value: d.id, label: d.title }))]} />
              )}
            </Group>}
            <Button color="teal.9" loading={busy} disabled={!body.trim() && !file && !documentId} onClick={send}>{tr('Send')}</Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
