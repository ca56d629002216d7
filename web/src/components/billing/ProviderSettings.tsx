// The practice as the billing provider on its claims: legal name, NPI, tax id, taxonomy and the
// address payments go to (Settings → Payers). Each field is checked on the server as it is saved.
import { Alert, Button, Card, Checkbox, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { useApi } from '../../lib/useApi';
import type { BillingProvider } from '../../types';

export function ProviderSettings({ canEdit }: { canEdit: boolean }) {
  const loaded = useApi<BillingProvider>('/api/v1/billing/provider', 'Could not load the billing provider.');
  const [draft, setDraft] = useState<BillingProvider | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const p = draft ?? loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!p) return null;
  const set = (k: keyof BillingProvider, v: string | boolean) => setDraft({ ...p, [k]: v });
  async function save(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { updated_at, ...body } = p!;
      loaded.set(await api<BillingProvider>('PUT', '/api/v1/billing/provider', body));
      setDraft(null);
      setMessage({ ok: true, text: 'Saved.' });
    } catch (x) {
      if (!(x instanceof ApiError)) return setMessage({ ok: false, text: 'Could not save.' });
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length) setMessage({ ok: false, text: x.detail });
    }
  }
  const field = (k: keyof BillingProvider, label: string, description?: string) => (
    <TextInput label={label} description={description} value={String(p[k] ?? '')} readOnly={!canEdit} error={errors[k]}
      onChange={(e) => set(k, e.currentTarget.value)} />
  );
  return (
    <Card withBorder>
      <form onSubmit={save}>
        <Title order={2} size="h4" mb={4}>Billing provider</Title>
        <Text size="sm" c="dimmed" mb="sm">How the practice appears on its claims and where payments go.</Text>
        {message && <Alert mb="sm" color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>{message.text}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          {field('name', 'Legal name')}
          {field('npi', 'NPI', 'Type 2, or the solo clinician’s')}
          {field('tax_id', 'Tax id (EIN)')}
          {field('taxonomy', 'Taxonomy code', 'e.g. 101YP2500X')}
          {field('address_line', 'Pay-to address')}
          {field('city', 'City')}
          {field('state', 'State')}
          {field('postal_code', 'ZIP code', 'ZIP+4 (9 digits) on claims')}
          {field('phone', 'Billing phone', 'On claim files')}
        </SimpleGrid>
        <Title order={3} size="h5" mt="md" mb={4}>Clearinghouse</Title>
        <Text size="sm" c="dimmed" mb="sm">Where the practice sends its 837P claim files, as the clearinghouse's enrollment names them.</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          {field('receiver_name', 'Clearinghouse name')}
          {field('receiver_id', 'Receiver id')}
          {field('submitter_id', 'Your submitter id', 'The tax id when empty')}
          <Checkbox mt="lg" label="Test files (not production)" checked={p.test_files} disabled={!canEdit}
            onChange={(e) => set('test_files', e.currentTarget.checked)} />
        </SimpleGrid>
        {canEdit && <Button mt="sm" type="submit" disabled={!draft}>Save billing provider</Button>}
      </form>
    </Card>
  );
}
