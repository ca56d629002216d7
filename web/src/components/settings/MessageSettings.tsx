// Settings → Services → Secure messages (owner): how soon the practice answers a client's message (clients see
// the promise where they write; staff see later ones as overdue) and the practice's own crisis wording (988 and
// 911 are always shown beside it).
import { Alert, Button, Group, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { useApi } from '../../lib/useApi';
import type { MessageSettings as Settings } from '../../types';

export function MessageSettings() {
  const loaded = useApi<Settings>('/api/v1/message-settings', 'The message settings could not be loaded.');
  const [hours, setHours] = useState<number>(48);
  const [crisis, setCrisis] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!loaded.data) return;
    setHours(loaded.data.response_target_hours);
    setCrisis(loaded.data.crisis_message ?? '');
  }, [loaded.data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    try {
      await api('PUT', '/api/v1/message-settings', { response_target_hours: hours, crisis_message: crisis });
      setNotice('Saved.');
    } catch (x) {
      if (x instanceof ApiError && x.errors.length) setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      else setNotice(x instanceof ApiError ? x.detail : 'The settings were not saved.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack component="form" onSubmit={save} maw={560}>
      <Title order={3} size="h5">Secure messages</Title>
      {loaded.error && <Alert color="red" role="alert">{loaded.error}</Alert>}
      <Text size="sm" c="dimmed">Clients see your promise where they write; the inbox marks later answers as overdue.</Text>
      <NumberInput label="We answer within (hours)" min={1} max={336} value={hours} error={errors.response_target_hours}
        onChange={(v) => setHours(typeof v === 'number' ? v : 48)} w={220} />
      <Textarea label="Your crisis wording" description="Shown where clients write, above 988 and 911 (which are always shown)." autosize minRows={2}
        maxLength={500} value={crisis} error={errors.crisis_message} onChange={(e) => setCrisis(e.currentTarget.value)} />
      <Group>
        <Button type="submit" loading={busy}>Save</Button>
        {notice && <Text role="status" size="sm">{notice}</Text>}
      </Group>
    </Stack>
  );
}
