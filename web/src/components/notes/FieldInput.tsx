// One template field, rendered by its type. The same component shows a signed note read-only.
import { ActionIcon, Button, Chip, Group, MultiSelect, NumberInput, Select, Slider, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import type { FieldDef, FieldValue } from '../../lib/notes';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';

interface Props {
  field: FieldDef;
  name: string;
  clientId: string;
  value: FieldValue | undefined;
  error?: string;
  readOnly: boolean;
  onChange: (v: FieldValue | undefined) => void;
}

interface MeasureResult { id: string; instrument: string; total: number; band: string; completed_at: string }
const INSTRUMENT_NAMES: Record<string, string> = { phq9: 'PHQ-9', gad7: 'GAD-7' };

/** A measure embed: pick the client's questionnaire results to carry into the note (score and band shown). */
function MeasurePicker({ field: f, clientId, value, error, readOnly, onChange, common }: Props & { common: Record<string, unknown> }) {
  const loaded = useApi<Page<MeasureResult>>(`/api/v1/clients/${clientId}/measures`);
  const results = loaded.error ? [] : loaded.data?.items ?? null;
  const label = (r: MeasureResult) =>
    `${INSTRUMENT_NAMES[r.instrument] ?? r.instrument} ${r.total} (${r.band}), ${fmtDate(r.completed_at)}`;
  const allowed = (results ?? []).filter((r) => !f.instruments?.length || f.instruments.includes(r.instrument)).reverse();
  return (
    <MultiSelect {...common} data={allowed.map((r) => ({ value: r.id, label: label(r) }))} value={(value as string[]) ?? []} readOnly={readOnly}
      error={error} placeholder={results && !allowed.length ? 'No results yet: send or enter one from the Measures tab' : undefined}
      description={results === null ? 'Loading results…' : undefined} onChange={(v) => onChange(v.length ? v : undefined)} />
  );
}

export function FieldInput(props: Props) {
  const { field: f, name, value, error, readOnly, onChange } = props;
  const label = f.label;
  const common = { label, error, required: f.required, id: `field-${name}` };
  switch (f.type) {
    case 'text':
      return <Textarea {...common} autosize minRows={2} value={(value as string) ?? ''} readOnly={readOnly} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
    case 'choice':
      return <Select {...common} data={f.options ?? []} value={(value as string) ?? null} readOnly={readOnly} clearable={!readOnly} onChange={(v) => onChange(v ?? undefined)} />;
    case 'multi_choice':
      return <MultiSelect {...common} data={f.options ?? []} value={(value as string[]) ?? []} readOnly={readOnly} onChange={(v) => onChange(v.length ? v : undefined)} />;
    case 'number':
      return <NumberInput {...common} value={(value as number) ?? ''} readOnly={readOnly} onChange={(v) => onChange(typeof v === 'number' ? v : undefined)} />;
    case 'date':
      return <TextInput {...common} type="date" value={(value as string) ?? ''} readOnly={readOnly} onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
    case 'scale':
      return (
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`label-${name}`}>{label}{value !== undefined ? `: ${value}` : ''}</Text>
          <Slider thumbLabel={label} min={f.min ?? 0} max={f.max ?? 10} step={1} value={(value as number) ?? f.min ?? 0} disabled={readOnly}
            onChange={(v) => onChange(v)} marks={[{ value: f.min ?? 0, label: String(f.min ?? 0) }, { value: f.max ?? 10, label: String(f.max ?? 10) }]} />
          {error && <Text size="xs" c="red">{error}</Text>}
        </Stack>
      );
    case 'diagnosis':
      return <TagsInput {...common} description="ICD-10-CM codes, e.g. F41.1" value={(value as string[]) ?? []} readOnly={readOnly}
        onChange={(v) => onChange(v.length ? v.map((c) => c.toUpperCase()) : undefined)} />;
    case 'measure':
      return <MeasurePicker {...props} common={common} />;
    case 'table': {
      const rows = (value as string[][]) ?? [];
      const cols = f.columns ?? [];
      const set = (r: number, c: number, text: string) => onChange(rows.map((row, i) => (i === r ? row.map((cell, j) => (j === c ? text : cell)) : row)));
      return (
        <Stack gap={4}>
          <Text size="sm" fw={500}>{label}</Text>
          {rows.map((row, r) => (
            <Group key={r} gap={4} wrap="nowrap">
              {cols.map((col, c) => (
                <TextInput key={c} size="xs" aria-label={`${label}, row ${r + 1}, ${col}`} placeholder={col} value={row[c] ?? ''} readOnly={readOnly}
                  onChange={(e) => set(r, c, e.currentTarget.value)} style={{ flex: 1 }} />
              ))}
              {!readOnly && <ActionIcon variant="subtle" color="red" c="red.9" aria-label={`Remove row ${r + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== r))}>×</ActionIcon>}
            </Group>
          ))}
          {!readOnly && <Button size="xs" variant="light" w="fit-content" onClick={() => onChange([...rows, cols.map(() => '')])}>Add a row</Button>}
          {error && <Text size="xs" c="red">{error}</Text>}
        </Stack>
      );
    }
  }
  return <Chip>{f.type}</Chip>;
}
