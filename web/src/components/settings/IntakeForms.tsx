// Settings → Intake forms: the forms clients fill in their own pages before a first visit. The owner adapts the
// built-in one or makes new ones — sections of questions, required ones, questions shown only for some answers —
// and chooses which are offered to every new client. Every change is a new version; answers keep theirs.
import { Alert, Badge, Button, Checkbox, Group, Modal, MultiSelect, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import type { FieldType } from '../../lib/notes';
import { useApi } from '../../lib/useApi';
import type { IntakeForm, Page } from '../../types';
import { assignIds, SectionsEditor, slug, unique } from '../forms/SectionsEditor';

const TYPES: { value: FieldType; label: string }[] = [
  { value: 'text', label: 'Text' }, { value: 'choice', label: 'One choice' }, { value: 'multi_choice', label: 'Several choices' },
  { value: 'number', label: 'Number' }, { value: 'date', label: 'Date' }, { value: 'scale', label: 'Scale' },
];

const blank = (): IntakeForm => ({
  key: '', version: 0, name: '', description: '', for_new_clients: false, active: true, built_in: false, alerts: [],
  sections: [{ id: 'questions', title: 'Questions', fields: [{ id: 'new_field', label: '', type: 'text', required: false }] }],
});

/** "Alert the clinicians when": a choice question answered with one of some values raises a safety alert. */
function AlertRules({ form, errors, update }: { form: IntakeForm; errors: Record<string, string>; update: (change: (x: IntakeForm) => void) => void }) {
  const choices = form.sections.flatMap((s) => s.fields.filter((q) => q.type === 'choice' || q.type === 'multi_choice')
    .map((q) => ({ value: `${s.id}.${q.id}`, label: q.label || q.id, options: q.options ?? [] })));
  const rules = form.alerts ?? [];
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">Alert the client's clinicians when</Text>
      {rules.length === 0 && <Text size="sm" c="dimmed">No answer raises an alert.</Text>}
      {rules.map((r, i) => {
        const on = choices.find((c) => c.value === r.field);
        return (
          <Group key={i} align="flex-end">
            <Select w={260} label="Question" data={choices.map(({ value, label }) => ({ value, label }))} value={r.field || null} error={errors[`alerts[${i}]`]}
              onChange={(v) => update((x) => { x.alerts![i] = { field: v ?? '', values: [] }; })} />
            <MultiSelect w={260} label="is answered" data={on?.options ?? []} value={r.values}
              onChange={(v) => update((x) => { x.alerts![i].values = v; })} />
            <Button variant="subtle" color="red" c="red.9" onClick={() => update((x) => { x.alerts!.splice(i, 1); })}>Remove</Button>
          </Group>
        );
      })}
      {choices.length > 0 && (
        <Button variant="subtle" w="fit-content" onClick={() => update((x) => { x.alerts = [...(x.alerts ?? []), { field: choices[0].value, values: [] }]; })}>Add an alert</Button>
      )}
    </Stack>
  );
}

function FormEditor({ start, isNew, takenKeys, onClose, onSaved }: { start: IntakeForm; isNew: boolean; takenKeys: string[]; onClose: () => void; onSaved: (f: IntakeForm) => void }) {
  const [f, setF] = useState<IntakeForm>(() => structuredClone(start));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)');
  const update = (change: (x: IntakeForm) => void) => setF((old) => { const next = structuredClone(old); change(next); return next; });

  const save = async () => {
    setBusy(true);
    setProblem(null);
    const key = isNew ? unique(slug(f.name), takenKeys) : f.key;
    try {
      onSaved(await api<IntakeForm>('PUT', `/api/v1/intake-forms/${key}`, assignIds(structuredClone({ ...f, key }))));
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.errors.map((x) => [x.field, x.message])));
        setProblem(e.detail);
      } else setProblem('The form could not be saved.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={onClose} size="xl" fullScreen={phone} title={isNew ? 'New intake form' : `Adapt "${start.name}"`}>
      <Stack component="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        {!isNew && <Text size="sm" c="dimmed">Saved as version {start.version + 1}. Answers already given keep version {start.version}.</Text>}
        <TextInput label="Form name" required value={f.name} error={errors.name} onChange={(e) => { const v = e.currentTarget.value; update((x) => { x.name = v; }); }} />
        <Textarea label="What the client reads first" autosize minRows={2} value={f.description ?? ''} error={errors.description}
          onChange={(e) => { const v = e.currentTarget.value; update((x) => { x.description = v; }); }} />
        <Group>
          <Checkbox label="Offer to every new client" checked={f.for_new_clients} onChange={(e) => { const v = e.currentTarget.checked; update((x) => { x.for_new_clients = v; }); }} />
          <Checkbox label="In use" checked={f.active} onChange={(e) => { const v = e.currentTarget.checked; update((x) => { x.active = v; }); }} />
        </Group>
        <SectionsEditor sections={f.sections} types={TYPES} errors={errors} update={(change) => update((x) => change(x.sections))} />
        <AlertRules form={f} errors={errors} update={update} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={busy}>{isNew ? 'Save the form' : `Save version ${start.version + 1}`}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function IntakeForms() {
  const listed = useApi<Page<IntakeForm>>('/api/v1/intake-forms', 'The intake forms could not be loaded.');
  const forms = listed.data?.items;
  const [editing, setEditing] = useState<{ form: IntakeForm; isNew: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Stack>
      <Title order={2} size="h4">Intake forms</Title>
      <Text size="sm" c="dimmed">Clients fill these in their own pages, on a phone, saved as they go. A sent form is kept in the chart as a PDF. Send one from a client's chart (Client pages), or offer it to every new client.</Text>
      {listed.error && <Alert color="red" role="alert">{listed.error}</Alert>}
      {saved && <Alert color="teal" role="status">{saved}</Alert>}
      {forms && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped>
          <Table.Thead><Table.Tr><Table.Th>Form</Table.Th><Table.Th>Version</Table.Th><Table.Th>Offered</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {forms.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>{f.name} {!f.active && <Badge color="gray.7" size="sm">not in use</Badge>}</Table.Td>
                <Table.Td>{f.version}{f.built_in ? ' (built in)' : ' (this practice)'}</Table.Td>
                <Table.Td>{f.for_new_clients ? 'To every new client' : 'When sent'}</Table.Td>
                <Table.Td><Button size="compact-sm" variant="light" aria-label={`Adapt ${f.name}`} onClick={() => setEditing({ form: f, isNew: false })}>Adapt</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      <Button variant="light" w="fit-content" onClick={() => setEditing({ form: blank(), isNew: true })}>New intake form</Button>
      {editing && <FormEditor start={editing.form} isNew={editing.isNew} takenKeys={(forms ?? []).map((f) => f.key)} onClose={() => setEditing(null)}
        onSaved={(f) => { setEditing(null); setSaved(`Saved "${f.name}", version ${f.version}.`); listed.reload(); }} />}
    </Stack>
  );
}
