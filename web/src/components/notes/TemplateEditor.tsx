// A practice's own note templates: adapt one (saved as its next version; notes already written keep
// the version they were written with) or copy it under a new name. Sections and typed fields are
// edited in place; the server checks the definition and names what is wrong.
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { FieldType, Template } from '../../lib/notes';
import { assignIds, SectionsEditor, slug, unique } from '../forms/SectionsEditor';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';

const TYPES: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Text' }, { value: 'choice', label: 'One choice' }, { value: 'multi_choice', label: 'Several choices' },
  { value: 'number', label: 'Number' }, { value: 'date', label: 'Date' }, { value: 'scale', label: 'Scale' }, { value: 'table', label: 'Table' },
  { value: 'diagnosis', label: 'Diagnosis codes' }, { value: 'measure', label: 'Questionnaire results' },
];

interface EditorProps { start: Template; copy: boolean; takenKeys: string[]; onClose: () => void; onSaved: (t: Template) => void }

function TemplateEditor({ start, copy, takenKeys, onClose, onSaved }: EditorProps) {
  const [t, setT] = useState<Template>(() => (copy ? { ...structuredClone(start), name: `${start.name} (copy)`, key: '' } : structuredClone(start)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const phone = useMediaQuery('(max-width: 48em)');
  const update = (f: (x: Template) => void) => setT((old) => { const next = structuredClone(old); f(next); return next; });

  const save = async () => {
    // Fields added here take their id from their label; existing ids stay, so old notes still read.
    const body = assignIds(structuredClone({ ...t, key: copy ? unique(slug(t.name), takenKeys) : t.key }));
    try {
      onSaved(await api<Template>('POST', '/api/v1/note-templates', body));
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.errors.map((f) => [f.field, f.message])));
        setProblem(e.detail);
      } else setProblem('The template could not be saved.');
    }
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={onClose} size="xl" fullScreen={phone} title={copy ? 'Copy a template' : `Adapt "${start.name}"`}>
      <Stack component="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        <Text size="sm" c="dimmed">{copy ? 'The copy is a new template of its own.' : `Saved as version ${start.version + 1}. Notes already written keep version ${start.version}.`}</Text>
        <TextInput label="Template name" value={t.name} error={errors.name} required onChange={(e) => { const v = e.currentTarget.value; update((x) => { x.name = v; }); }} />
        <SectionsEditor sections={t.sections} types={TYPES} errors={errors} update={(change) => update((x) => change(x.sections))} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit">{copy ? 'Save the copy' : `Save version ${start.version + 1}`}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Settings → Note templates: every template in use, adapt or copy one. */
export function NoteTemplates() {
  const listed = useApi<Page<Template>>('/api/v1/note-templates');
  const templates = listed.error ? [] : listed.data?.items;
  const load = listed.reload;
  const [editing, setEditing] = useState<{ template: Template; copy: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  if (!templates) return null;
  return (
    <Stack>
      <Title order={2} size="h4">Note templates</Title>
      <Text size="sm" c="dimmed">Adapt a template to how your practice writes; every change is a new version and notes keep the version they were written with.</Text>
      {saved && <Alert color="teal" role="status">{saved}</Alert>}
      <Table.ScrollContainer minWidth={480} type="native"><Table striped data-testid="template-table">
        <Table.Thead><Table.Tr><Table.Th>Template</Table.Th><Table.Th>Version</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {templates.map((t) => (
            <Table.Tr key={t.key}>
              <Table.Td>{t.name} {t.kind === 'psychotherapy' && <Badge color="grape" size="sm">private</Badge>}</Table.Td>
              <Table.Td>{t.version}{t.built_in ? ' (built in)' : ' (this practice)'}</Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  <Button size="compact-sm" variant="light" aria-label={`Adapt ${t.name}`} onClick={() => setEditing({ template: t, copy: false })}>Adapt</Button>
                  <Button size="compact-sm" variant="subtle" aria-label={`Copy ${t.name}`} onClick={() => setEditing({ template: t, copy: true })}>Copy</Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table></Table.ScrollContainer>
      {editing && <TemplateEditor start={editing.template} copy={editing.copy} takenKeys={templates.map((t) => t.key)} onClose={() => setEditing(null)}
        onSaved={(t) => { setEditing(null); setSaved(`Saved "${t.name}", version ${t.version}.`); load(); }} />}
    </Stack>
  );
}
