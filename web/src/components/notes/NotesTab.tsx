// The chart's notes: newest first, with status and author; start a note from any template.
import { Alert, Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api';
import { type NoteMeta, type Template, when } from '../../lib/notes';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';

export function NotesTab({ clientId }: { clientId: string }) {
  const listed = useApi<Page<NoteMeta>>(`/api/v1/notes?client_id=${encodeURIComponent(clientId)}`, 'Notes could not be loaded.');
  const notes = listed.data?.items ?? null;
  const templates: Template[] = useApi<Page<Template>>('/api/v1/note-templates').data?.items ?? [];
  const [choice, setChoice] = useState<string | null>('soap');
  const [startError, setError] = useState<string | null>(null);
  const error = startError ?? listed.error;
  const navigate = useNavigate();


  const start = async () => {
    try {
      const note = await api<NoteMeta>('POST', '/api/v1/notes', { client_id: clientId, template_key: choice });
      navigate(`/notes/${note.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The note could not be started.');
    }
  };
  const name = (key: string) => templates.find((t) => t.key === key)?.name ?? key;

  return (
    <Stack>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Group align="end">
        <Select label="Template" data={templates.map((t) => ({ value: t.key, label: t.name }))} value={choice} onChange={setChoice} allowDeselect={false} w={320} />
        <Button onClick={start} disabled={!choice}>New note</Button>
      </Group>
      {notes && notes.length === 0 && <Text c="dimmed">No notes yet.</Text>}
      {notes && notes.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr><Table.Th>Started</Table.Th><Table.Th>Note</Table.Th><Table.Th>Author</Table.Th><Table.Th>Status</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notes.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{when(n.created_at)}</Table.Td>
                <Table.Td><Link to={`/notes/${n.id}`}>{name(n.template.key)}</Link>{n.kind === 'psychotherapy' && <Badge ml="xs" color="grape">private</Badge>}</Table.Td>
                <Table.Td>{n.author.name}</Table.Td>
                <Table.Td>
                  <Badge color={n.status === 'signed' ? 'teal.9' : 'gray.8'}>{n.status}</Badge>
                  {n.cosign_required && !n.cosignature && <Badge ml="xs" color="red.9">needs co-signature</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
    </Stack>
  );
}
