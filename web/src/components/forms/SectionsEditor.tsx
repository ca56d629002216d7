// Sections of typed fields, edited in place: shared by note templates and intake forms. A field may be shown
// only while an earlier choice field has a given answer (its condition). The server checks the whole
// definition and names what is wrong (errors keyed "sections.<section>.<field>").
import { ActionIcon, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Select, Stack, Table, TagsInput, TextInput } from '@mantine/core';
import type { FieldDef, FieldType } from '../../lib/notes';

type Section = { id: string; title: string; fields: FieldDef[] };

export const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40) || 'field';
export const unique = (base: string, taken: string[]) => { let id = base; for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`; return id; };

/** Fields added in the editor take their id from their label (existing ids stay, so what was written still reads);
 *  conditions on a renamed field follow it. */
export function assignIds<T extends { sections: Section[] }>(body: T): T {
  const renamed: Record<string, string> = {};
  for (const section of body.sections) {
    const taken = section.fields.map((f) => f.id);
    for (const f of section.fields)
      if (f.id.startsWith('new_field') && f.label.trim()) {
        const id = unique(slug(f.label), taken);
        renamed[`${section.id}.${f.id}`] = `${section.id}.${id}`;
        f.id = id;
        taken.push(id);
      }
  }
  for (const section of body.sections)
    for (const f of section.fields) if (f.shown_if && renamed[f.shown_if]) f.shown_if = renamed[f.shown_if];
  return body;
}

/** "Show only when": an earlier choice field and one of its options (none: always shown). */
function Condition({ f, choices, onChange }: { f: FieldDef; choices: { value: string; label: string; options: string[] }[]; onChange: (patch: Partial<FieldDef>) => void }) {
  if (!choices.length && !f.shown_if) return null;
  const on = choices.find((c) => c.value === f.shown_if);
  return (
    <Group align="end">
      <Select w={260} label="Show only when" placeholder="Always shown" clearable data={choices.map(({ value, label }) => ({ value, label }))}
        value={f.shown_if ?? null} error={f.shown_if && !on ? 'That field is gone or no longer a choice.' : undefined}
        onChange={(v) => onChange(v ? { shown_if: v, shown_value: choices.find((c) => c.value === v)?.options[0] ?? '' } : { shown_if: undefined, shown_value: undefined })} />
      {on && <Select w={200} label="is answered" data={on.options} value={f.shown_value ?? null} allowDeselect={false}
        onChange={(v) => onChange({ shown_value: v ?? '' })} />}
    </Group>
  );
}

interface Props {
  sections: Section[];
  types: { value: FieldType; label: string }[];
  errors: Record<string, string>;
  update: (change: (sections: Section[]) => void) => void;
}

export function SectionsEditor({ sections, types, errors, update }: Props) {
  const setField = (si: number, fi: number, patch: Partial<FieldDef>) => update((x) => { Object.assign(x[si].fields[fi], patch); });
  const move = (si: number, fi: number, by: number) => update((x) => {
    const fields = x[si].fields;
    const [f] = fields.splice(fi, 1);
    fields.splice(Math.max(0, Math.min(fields.length, fi + by)), 0, f);
  });
  /** The choice fields before this one: what its condition may name. */
  const earlierChoices = (si: number, fi: number) => sections.flatMap((s, i) => s.fields
    .filter((f, j) => (i < si || (i === si && j < fi)) && (f.type === 'choice' || f.type === 'multi_choice'))
    .map((f) => ({ value: `${s.id}.${f.id}`, label: f.label || f.id, options: f.options ?? [] })));
  return (
    <>
        {sections.map((s, si) => (
          <Card withBorder key={si} data-testid={`template-section-${si}`}>
            <Group align="end" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={`Section ${si + 1}`} value={s.title} error={errors[`sections.${s.id}`]}
                onChange={(e) => { const v = e.currentTarget.value; update((x) => { x[si].title = v; }); }} />
              {sections.length > 1 && <Button variant="subtle" color="red" c="red.9" onClick={() => update((x) => { x.splice(si, 1); })}>Remove section</Button>}
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
                          <Select w={190} label="Type" data={types} value={f.type} allowDeselect={false}
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
                        <Condition f={f} choices={earlierChoices(si, fi)} onChange={(patch) => setField(si, fi, patch)} />
                      </Stack>
                    </Table.Td>
                    <Table.Td w={110}>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={`Move ${f.label || 'field'} up`} disabled={fi === 0} onClick={() => move(si, fi, -1)}>↑</ActionIcon>
                        <ActionIcon variant="subtle" aria-label={`Move ${f.label || 'field'} down`} disabled={fi === s.fields.length - 1} onClick={() => move(si, fi, 1)}>↓</ActionIcon>
                        <ActionIcon variant="subtle" color="red" c="red.9" aria-label={`Remove ${f.label || 'field'}`} onClick={() => update((x) => { x[si].fields.splice(fi, 1); })}>×</ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table></Table.ScrollContainer>
            <Button mt="xs" variant="light" w="fit-content" onClick={() => update((x) => {
              const taken = x[si].fields.map((f) => f.id);
              x[si].fields.push({ id: unique('new_field', taken), label: '', type: 'text', required: false });
            })}>Add a field</Button>
          </Card>
        ))}
        <Button variant="subtle" w="fit-content" onClick={() => update((x) => {
          x.push({ id: unique('section', x.map((s) => s.id)), title: '', fields: [{ id: 'text', label: '', type: 'text', required: false }] });
        })}>Add a section</Button>
    </>
  );
}
