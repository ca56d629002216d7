// An intake form the practice defined, filled on a phone: one question after another, each answer saved as
// the client goes (a closed tab loses nothing), questions shown or hidden by earlier answers, and a "Send to
// the practice" that names whatever required answer is still missing.
import { Alert, Button, Checkbox, Group, Modal, NumberInput, Radio, Slider, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../lib/i18n';
import type { IntakeFilling } from '../types';

type Value = string | number | string[];
type Answers = Record<string, Value>;
type FieldDef = IntakeFilling['form']['sections'][number]['fields'][number];

function shown(f: FieldDef, answers: Answers): boolean {
  if (!f.shown_if) return true;
  const v = answers[f.shown_if];
  return Array.isArray(v) ? v.includes(f.shown_value ?? '') : v === f.shown_value;
}

/** Drops answers to questions an earlier answer now hides (in order, so hiding cascades). */
function visibleOnly(filling: IntakeFilling, answers: Answers): Answers {
  const out: Answers = { ...answers };
  for (const s of filling.form.sections)
    for (const f of s.fields) if (!shown(f, out)) delete out[`${s.id}.${f.id}`];
  return out;
}

function Question({ name, f, value, error, onChange }: { name: string; f: FieldDef; value: Value | undefined; error?: string; onChange: (v: Value | undefined) => void }) {
  const t = useT();
  // The built-in form's words are in the locale files; a practice's own forms are shown as written.
  const label = t(f.label);
  const required = f.required;
  switch (f.type) {
    case 'choice':
      return (
        <Radio.Group label={label} withAsterisk={required} value={typeof value === 'string' ? value : ''} onChange={(v) => onChange(v)} error={error}>
          <Stack gap="xs" mt="xs">{(f.options ?? []).map((o) => <Radio key={o} value={o} label={t(o)} />)}</Stack>
        </Radio.Group>
      );
    case 'multi_choice':
      return (
        <Checkbox.Group label={label} withAsterisk={required} value={Array.isArray(value) ? value : []} onChange={(v) => onChange(v.length ? v : undefined)} error={error}>
          <Stack gap="xs" mt="xs">{(f.options ?? []).map((o) => <Checkbox key={o} value={o} label={t(o)} />)}</Stack>
        </Checkbox.Group>
      );
    case 'number':
      return <NumberInput label={label} withAsterisk={required} value={typeof value === 'number' ? value : ''} error={error}
        onChange={(v) => onChange(typeof v === 'number' ? v : undefined)} />;
    case 'date':
      return <TextInput type="date" label={label} withAsterisk={required} value={typeof value === 'string' ? value : ''} error={error}
        onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
    case 'scale': {
      const min = f.min ?? 0;
      const max = f.max ?? 10;
      return (
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`${name}-label`}>{label}{required ? ' *' : ''}</Text>
          <Slider min={min} max={max} step={1} value={typeof value === 'number' ? value : Math.round((min + max) / 2)}
            marks={[{ value: min, label: String(min) }, { value: max, label: String(max) }]}
            thumbLabel={label} onChange={(v) => onChange(v)} mb="md" />
          {typeof value !== 'number' && <Text size="xs" c="dimmed">{t('Not answered yet: move the slider to answer.')}</Text>}
          {error && <Text size="sm" c="red.8">{t(error)}</Text>}
        </Stack>
      );
    }
    default:
      return <Textarea label={label} withAsterisk={required} autosize minRows={2} value={typeof value === 'string' ? value : ''} error={error}
        onChange={(e) => onChange(e.currentTarget.value || undefined)} />;
  }
}

export function IntakeForm({ filling, onClose }: { filling: IntakeFilling; onClose: (sent: boolean) => void }) {
  const t = useT();
  const [answers, setAnswers] = useState<Answers>((filling.content ?? {}) as Answers);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<'saved' | 'saving' | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(answers);
  latest.current = answers;
  const id = filling.response.id;

  const save = async () => {
    timer.current = null;
    setSaved('saving');
    try {
      await api('PUT', `/api/v1/portal/intake-responses/${id}`, { content: visibleOnly(filling, latest.current) });
      setSaved('saved');
    } catch (e) {
      setSaved(null);
      if (e instanceof ApiError && e.errors.length) setErrors(Object.fromEntries(e.errors.map((x) => [x.field, t(x.message)])));
      else setProblem(e instanceof ApiError ? t(e.detail) : t('Your answers could not be saved. Check your connection.'));
    }
  };
  // Saved as they go: a moment after the last change, and when the form closes.
  useEffect(() => () => { if (timer.current) { clearTimeout(timer.current); void save(); } }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const change = (name: string, v: Value | undefined) => {
    setAnswers((a) => {
      const next = { ...a };
      if (v === undefined) delete next[name];
      else next[name] = v;
      return next;
    });
    setErrors((e) => ({ ...e, [name]: '' }));
    setSaved(null);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), 800);
  };
  const submit = async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', `/api/v1/portal/intake-responses/${id}/submit`, { content: visibleOnly(filling, answers) });
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        setErrors(Object.fromEntries(e.errors.map((x) => [x.field, t(x.message)])));
        setProblem(t('Some answers are missing: they are marked below.'));
      } else setProblem(e instanceof ApiError ? t(e.detail) : t('The form could not be sent. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => onClose(false)} title={t(filling.form.name)} fullScreen closeButtonProps={{ 'aria-label': t('Close') }}>
      <Stack maw={640} mx="auto">
        {filling.form.description && <Text>{t(filling.form.description)}</Text>}
        {filling.form.sections.map((s) => {
          const fields = s.fields.filter((f) => shown(f, answers));
          if (!fields.length) return null;
          return (
            <Stack key={s.id} component="section" aria-label={s.title || s.id} gap="md">
              {s.title && <Title order={2} size="h4">{t(s.title)}</Title>}
              {fields.map((f) => {
                const name = `${s.id}.${f.id}`;
                return <Question key={name} name={name} f={f} value={answers[name]} error={errors[name] || undefined} onChange={(v) => change(name, v)} />;
              })}
            </Stack>
          );
        })}
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        <Group justify="space-between">
          <Text size="sm" role="status">{saved === 'saving' ? t('Saving…') : saved === 'saved' ? t('Saved') : ''}</Text>
          <Button size="md" color="teal.9" loading={busy} onClick={() => void submit()}>{t('Send to the practice')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
