// Settings → Payers, the money side: the card processor (keys pasted once, kept sealed, never shown
// again; the webhook address to give the processor), the deposit new clients pay, and the practice's
// business calendar (Good Faith Estimate deadlines and payout weeks are counted in it).
import { Alert, Badge, Button, Card, Checkbox, Chip, Group, NumberInput, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput,
  Title } from '@mantine/core';
import { DateInput } from '../../lib/dateInput';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { TIME_ZONES } from '../../lib/states';
import { useApi } from '../../lib/useApi';
import type { BusinessCalendar, PaymentSettings } from '../../types';

type Message = { ok: boolean; text: string } | null;

export function ProcessorSettings({ canEdit }: { canEdit: boolean }) {
  const loaded = useApi<PaymentSettings>('/api/v1/billing/payment-processor', 'Could not load the card processor settings.');
  const [secret, setSecret] = useState('');
  const [webhook, setWebhook] = useState('');
  const [deposit, setDeposit] = useState<number | string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message>(null);
  const s = loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!s) return null;
  const save = async (processor: '' | 'stripe') => {
    setErrors({});
    setMessage(null);
    try {
      const next = await api<PaymentSettings>('PUT', '/api/v1/billing/payment-processor', {
        processor, secret_key: secret, webhook_secret: webhook,
        new_client_deposit: deposit === null ? s.new_client_deposit : Math.round(Number(deposit || 0) * 100) });
      loaded.set(next);
      setSecret('');
      setWebhook('');
      setDeposit(null);
      setMessage({ ok: true, text: processor ? 'Saved. Card payments online are on.' : 'Saved. Payments are recorded by hand.' });
    } catch (x) {
      if (!(x instanceof ApiError)) return setMessage({ ok: false, text: 'Could not save.' });
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length) setMessage({ ok: false, text: x.detail });
    }
  };
  const submit = (e: FormEvent) => { e.preventDefault(); void save('stripe'); };
  return (
    <Card withBorder data-testid="processor-settings">
      <form onSubmit={submit}>
        <Group justify="space-between" mb={4}>
          <Title order={2} size="h4">Card payments online</Title>
          <Badge color={s.connected ? 'teal.9' : 'gray.8'}>{s.connected ? `Stripe connected · key …${s.key_hint}` : 'Not connected'}</Badge>
        </Group>
        <Text size="sm" c="dimmed" mb="sm">
          Clients pay on the processor's own page: card numbers never reach Duet. Without a processor, the front desk records cash,
          checks and card-terminal payments by hand.
        </Text>
        {message && <Alert mb="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
        <Stack gap="xs" maw={560}>
          <TextInput label="Webhook address" description="Add this address as a webhook endpoint for checkout.session.completed in the processor's dashboard"
            readOnly value={s.webhook_url} />
          {canEdit && (
            <>
              <PasswordInput label="Secret key" description={s.connected ? 'Leave empty to keep the saved key' : 'Starts with sk_ (or rk_ for a restricted key)'}
                value={secret} onChange={(e) => setSecret(e.currentTarget.value)} error={errors.secret_key} autoComplete="off" />
              <PasswordInput label="Webhook signing secret" description={s.connected ? 'Leave empty to keep the saved secret' : 'Starts with whsec_'}
                value={webhook} onChange={(e) => setWebhook(e.currentTarget.value)} error={errors.webhook_secret} autoComplete="off" />
            </>
          )}
          <NumberInput label="Deposit for new clients ($)" description="Asked once, before the first visit; it stays on account as credit" min={0}
            decimalScale={2} readOnly={!canEdit} value={deposit ?? s.new_client_deposit / 100} onChange={setDeposit} error={errors.new_client_deposit} maw={260} />
          {canEdit && (
            <Group>
              <Button type="submit">{s.connected ? 'Save' : 'Connect Stripe'}</Button>
              {s.connected && <Button variant="default" color="red" onClick={() => void save('')}>Disconnect</Button>}
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function CalendarSettings({ canEdit }: { canEdit: boolean }) {
  const loaded = useApi<BusinessCalendar>('/api/v1/billing/business-calendar', 'Could not load the business calendar.');
  const [draft, setDraft] = useState<BusinessCalendar | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const c = draft ?? loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!c) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      loaded.set(await api<BusinessCalendar>('PUT', '/api/v1/billing/business-calendar', c));
      setDraft(null);
      setMessage({ ok: true, text: 'Saved the business calendar.' });
    } catch (x) {
      setMessage({ ok: false, text: x instanceof ApiError ? x.detail : 'Could not save.' });
    }
  };
  return (
    <Card withBorder data-testid="business-calendar">
      <form onSubmit={save}>
        <Title order={2} size="h4" mb={4}>Business days</Title>
        <Text size="sm" c="dimmed" mb="sm">Good Faith Estimate deadlines count business days; payout weeks run Monday to Sunday in this zone.</Text>
        {message && <Alert mb="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
          <Select label="Time zone" data={TIME_ZONES} searchable value={c.time_zone} readOnly={!canEdit} allowDeselect={false}
            onChange={(v) => v && setDraft({ ...c, time_zone: v })} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>Open on</Text>
            <Chip.Group multiple value={c.open_weekdays.map(String)} onChange={(v) => canEdit && setDraft({ ...c, open_weekdays: v.map(Number).sort() })}>
              <Group gap={4}>{DAYS.map((d, i) => <Chip key={d} value={String(i + 1)} size="xs">{d}</Chip>)}</Group>
            </Chip.Group>
          </Stack>
        </SimpleGrid>
        <Checkbox mt="sm" label="Closed on federal holidays" checked={c.federal_holidays} disabled={!canEdit}
          onChange={(e) => setDraft({ ...c, federal_holidays: e.currentTarget.checked })} />
        <Group mt="sm" align="end">
          <Text size="sm">Closed days: {c.closed_dates.length ? c.closed_dates.join(', ') : 'none'}</Text>
          {canEdit && (
            <>
              <DateInput label="Add a closed day" valueFormat="YYYY-MM-DD" value={closing} onChange={setClosing} clearable w={180} />
              <Button variant="default" disabled={!closing} onClick={() => {
                if (closing) setDraft({ ...c, closed_dates: [...c.closed_dates, closing.slice(0, 10)].sort() });
                setClosing(null);
              }}>Add</Button>
              {c.closed_dates.length > 0 && <Button variant="subtle" onClick={() => setDraft({ ...c, closed_dates: [] })}>Clear</Button>}
            </>
          )}
        </Group>
        {canEdit && <Button mt="sm" type="submit" disabled={!draft}>Save business days</Button>}
      </form>
    </Card>
  );
}
