// A practice's own note templates: adapt one (saved as its next version; notes already written keep
// the version they were written with) or copy it under a new name. Sections and typed fields are
// edited in place; the server checks the definition and names what is wrong.
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { FieldDef, FieldType, Template } from '../../lib/notes';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';

const TYPES: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Text' }, { value: 'choice', label: 'One choice' }, { value: 'multi_choice', label: 'Several choices' },
  { value: 'number', label: 'Number' }, { value: 'date', label: 'Date' }, { value: 'scale', label: 'Scale' }, { value: 'table', label: 'Table' },
  { value: 'diagnosis', label: 'Diagnosis codes' }, { value: 'measure', label: 'Questionnaire results' },
];
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || 'field';
const unique = (base: string, taken: string[]) => { let id = base; for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`; return id; };

interface EditorProps { start: Template; copy: boolean; takenKeys: string[]; onClose: () => void; onSaved: (t: Template) => void }

function TemplateEditor({ start, copy, takenKeys, onClose, onSaved }: EditorProps) {
  const [t, setT] = useState<Template>(() => (copy ? { ...structuredClone(start), name: `${start.name} (copy)`, key: '' } : structuredClone(start)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const phone = useMediaQuery('(max-width: 48em)');
  const update = (f: (x: Template) => void) => setT((old) => { const next = structuredClone(old); f(next); return next; });
  const setField = (si: number, fi: number, patch: Partial<FieldDef>) => update((x) => { Object.assign(x.sections[si].fields[fi], patch); });
  const move = (si: number, fi: number, by: number) => update((x) => {
    const fields = x.sections[si].fields;
    const [f] = fields.splice(fi, 1);
    fields.splice(Math.max(0, Math.min(fields.length, fi + by)), 0, f);
  });

  const save = async () => {
    // Fields added here take their id from their label; existing ids stay, so old notes still read.
    const body = structuredClone({ ...t, key: copy ? unique(slug(t.name), takenKeys) : t.key });
    for (const section of body.sections) {
      const taken = section.fields.map((f) => f.id);
      for (const f of section.fields)
        if (f.id.startsWith('new_field') && f.label.trim()) {
          f.id = unique(slug(f.label), taken);
          taken.push(f.id);
        }
    }
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
        {t.sections.map((s, si) => (
          <Card withBorder key={si} data-testid={`template-section-${si}`}>
            <Group align="end" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={`Section ${si + 1}`} value={s.title} error={errors[`sections.${s.id}`]}
                onChange={(e) => { const v = e.currentTarget.value; update((x) => { x.sections[si].title = v; }); }} />
              {t.sections.length > 1 && <Button variant="subtle" color="red" c="red.9" onClick={() => update((x) => { x.sections.splice(si, 1); })}>Remove section</Button>}
            </Group>
            <Table.ScrollContainer minWidth={480} type="native"><Table mt="xs">
              <Table.Tbody>
                {s.fields.map((f, fi) => (
                  <Table.Tr key={f.id}>
                    <Table.Td>
                      <Stack gap={4}>
                        <Group align="end" wrap="nowrap">
                          <TextInput style={{ flex: 1 }} label="Field label" value={f.label} error={errors[`sections.${s.id}.${f.id}`]}
                            onChange={(e) => setField(si, fi, { label: e.currentTarget.value })} />
                          <Select w={190} label="Type" data={TYPES} value={f.type} allowDeselect={false}
                            onChange={(v) => setField(si, fi, { type: (v ?? 'text') as FieldType, ...(v === 'scale' ? { min: 0, max: 10 } : {}), ...(v === 'measure' ? { instruments: ['phq9', 'gad7'] } : {}) })} />
                          <Checkbox mb={8} label="Required" checked={f.required} onChange={(e) => setField(si, fi, { required: e.currentTarget.checked })} />
                        </Group>
                        {(f.type === 'choice' || f.type === 'multi_choice') &&
                          <TagsInput label="Options" description="Type an option and press Enter" value={f.options ?? []} onChange={(v) => setField(si, fi, { options: v })} />}
                        {f.type === 'table' && <TagsInput label="Columns" value={f.columns ?? []} onChange={(v) => setField(si, fi, { columns: v })} />}
                        {f.type === 'measure' && <MultiSelect label="Questionnaires" data={[{ value: 'phq9', label: 'PHQ-9' }, { value: 'gad7', label: 'GAD-7' }]}
                          value={f.instruments ?? []} onChange={(v) => setField(si, fi, { instruments: v })} />}
                        {f.type === 'scale' && (
                          <Group>
                            <NumberInput w={100} label="From" value={f.min ?? 0} onChange={(v) => setField(si, fi, { min: Number(v) })} />
                            <NumberInput w={100} label="To" value={f.max ?? 10} onChange={(v) => setField(si, fi, { max: Number(v) })} />
                          </Group>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td w={110}>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={`Move ${f.label || 'field'} up`} disabled={fi === 0} onClick={() => move(si, fi, -1)}>↑</ActionIcon>
                        <ActionIcon variant="subtle" aria-label={`Move ${f.label || 'field'} down`} disabled={fi === s.fields.length - 1} onClick={() => move(si, fi, 1)}>↓</ActionIcon>
                        <ActionIcon variant="subtle" color="red" c="red.9" aria-label={`Remove ${f.label || 'field'}`} onClick={() => update((x) => { x.sections[si].fields.splice(fi, 1); })}>×</ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table></Table.ScrollContainer>
            <Button mt="xs" variant="light" w="fit-content" onClick={() => update((x) => {
              const taken = x.sections[si].fields.map((f) => f.id);
              x.sections[si].fields.push({ id: unique('new_field', taken), label: '', type: 'text', required: false });
            })}>Add a field</Button>
          </Card>
        ))}
        <Button variant="subtle" w="fit-content" onClick={() => update((x) => {
          x.sections.push({ id: unique('section', x.sections.map((s) => s.id)), title: '', fields: [{ id: 'text', label: '', type: 'text', required: false }] });
        })}>Add a section</Button>
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
