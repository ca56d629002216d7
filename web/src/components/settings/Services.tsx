// Settings → Services (owner): what the practice offers, with its length, the modes it is offered in and
// the fee in each, and whether clients may book it themselves in their portal (instantly confirmed,
// under every booking rule; a practice that books every visit itself leaves it off).
import { Alert, Anchor, Badge, Button, Checkbox, Code, Group, Modal, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { Page, PublicPageSettings, Service } from '../../types';
import { BookingApproval } from './BookingApproval';
import { MessageSettings } from './MessageSettings';

const MODES = [
  { value: 'in_person', label: 'In person' },
  { value: 'video', label: 'Video' },
  { value: 'audio', label: 'Phone (audio)' },
] as const;
type Mode = (typeof MODES)[number]['value'];

const emptyForm = {
  name: '', cpt_code: '', duration_minutes: 50, modes: ['in_person', 'video'] as Mode[], in_person_required: false,
  fees: { in_person: 150, video: 150, audio: 150 } as Record<Mode, number>, client_bookable: false,
};

export function Services() {
  const listed = useApi<Page<Service>>('/api/v1/services', 'Could not load the services.');
  const [problem, setProblem] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState(emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const toggle = async (s: Service, on: boolean, newClients?: boolean) => {
    setProblem(null);
    try {
      await api('PUT', `/api/v1/services/${s.id}/client-booking`, { client_bookable: on, ...(newClients !== undefined ? { new_clients: newClients } : {}) });
      listed.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'The change was not saved.');
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const modes = form.in_person_required ? (['in_person'] as Mode[]) : form.modes;
    const fees = Object.fromEntries(modes.map((m) => [m, Math.round(form.fees[m] * 100)]));
    try {
      await api('POST', '/api/v1/services', { name: form.name, cpt_code: form.cpt_code, duration_minutes: form.duration_minutes, modes,
        in_person_required: form.in_person_required, fees, client_bookable: form.client_bookable });
      setAdding(false);
      setForm(emptyForm);
      listed.reload();
    } catch (err) {
      if (err instanceof ApiError)
        setErrors(Object.fromEntries((err.errors.length ? err.errors : [{ field: 'name', message: err.detail }]).map((f) => [f.field, f.message])));
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h4">Services</Title>
        <Button onClick={() => setAdding(true)}>Add a service</Button>
      </Group>
      <Text size="sm">Clients book a service themselves in their portal only when “Clients may book” is on. Their bookings keep every rule:
        working hours and blocks, licensure in the state they will be in, and no double booking.</Text>
      {(problem ?? listed.error) && <Alert color="red" role="alert">{problem ?? listed.error}</Alert>}
      <Table striped>
        <Table.Thead>
          <Table.Tr><Table.Th>Service</Table.Th><Table.Th>Length</Table.Th><Table.Th>Fees</Table.Th><Table.Th>Clients may book</Table.Th><Table.Th>First visit on the public page</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(listed.data?.items ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.name}{s.cpt_code ? <Text span c="dimmed" size="sm"> · {s.cpt_code}</Text> : null}
                {s.in_person_required && <Badge ml="xs" variant="outline" color="dark">in person only</Badge>}</Table.Td>
              <Table.Td>{s.duration_minutes} min</Table.Td>
              <Table.Td>{MODES.filter((m) => s.modes.includes(m.value)).map((m) => `${m.label} ${money(s.fees[m.value])}`).join(' · ')}</Table.Td>
              <Table.Td>
                <Switch checked={s.client_bookable} onChange={(e) => void toggle(s, e.currentTarget.checked)}
                  aria-label={`Clients may book ${s.name} themselves`} disabled={(s.group_size ?? 1) > 1} />
              </Table.Td>
              <Table.Td>
                <Switch checked={s.new_clients} onChange={(e) => void toggle(s, s.client_bookable, e.currentTarget.checked)}
                  aria-label={`New clients may book ${s.name} as a first visit`} disabled={(s.group_size ?? 1) > 1} />
              </Table.Td>
            </Table.Tr>
          ))}
          {listed.data?.items.length === 0 && (
            <Table.Tr><Table.Td colSpan={5}><Text>No services yet. Add the first one: its fees feed booking, estimates and billing.</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <PublicPageCard />
      <BookingApproval />
      <MessageSettings />
      <Modal opened={adding} onClose={() => setAdding(false)} title="Add a service" closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={add}>
          <Stack>
            <TextInput label="Name" required value={form.name} error={errors.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            <TextInput label="CPT code" value={form.cpt_code} error={errors.cpt_code} onChange={(e) => setForm({ ...form, cpt_code: e.currentTarget.value })} />
            <NumberInput label="Length (minutes)" min={5} max={480} value={form.duration_minutes} error={errors.duration_minutes}
              onChange={(v) => setForm({ ...form, duration_minutes: Number(v) || 0 })} />
            <Checkbox label="Always in person (an intake, exposure work)" checked={form.in_person_required}
              onChange={(e) => setForm({ ...form, in_person_required: e.currentTarget.checked })} />
            {!form.in_person_required && (
              <Checkbox.Group label="Offered" value={form.modes} error={errors.modes} onChange={(v) => setForm({ ...form, modes: v as Mode[] })}>
                <Group mt="xs">{MODES.map((m) => <Checkbox key={m.value} value={m.value} label={m.label} />)}</Group>
              </Checkbox.Group>
            )}
            {MODES.filter((m) => (form.in_person_required ? m.value === 'in_person' : form.modes.includes(m.value))).map((m) => (
              <NumberInput key={m.value} label={`Fee, ${m.label.toLowerCase()} ($)`} min={0} decimalScale={2} prefix="$" value={form.fees[m.value]}
                error={errors[`fees.${m.value}`]} onChange={(v) => setForm({ ...form, fees: { ...form.fees, [m.value]: Number(v) || 0 } })} />
            ))}
            <Switch label="Clients may book it themselves in their portal" checked={form.client_bookable}
              onChange={(e) => setForm({ ...form, client_bookable: e.currentTarget.checked })} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>Cancel</Button>
              <Button type="submit">Add</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

// The practice's public page: its address, whether it takes first visits, and the snippet that embeds it.
function PublicPageCard() {
  const saved = useApi<PublicPageSettings>('/api/v1/public-page');
  const [draft, setDraft] = useState<PublicPageSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const page = draft ?? saved.data ?? { slug: '', intake_open: false };
  const save = async () => {
    setError(null);
    setNotice(null);
    try {
      const r = await api<PublicPageSettings>('PUT', '/api/v1/public-page', page);
      setDraft(null);
      saved.reload();
      setNotice(r.intake_open ? 'Saved: new clients can book a first visit on the page.' : 'Saved.');
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'Not saved.');
    }
  };
  const url = `${window.location.origin}/p/${saved.data?.slug ?? ''}`;
  return (
    <Stack gap="xs" mt="lg">
      <Title order={2} size="h4">Public page</Title>
      <Text size="sm">A page anyone can open, without signing in: your clinicians with the states where each sees clients by video, your
        services and fees, and first visits for new clients (the services marked above), booked under the same rules.</Text>
      {notice && <Alert color="teal" role="status">{notice}</Alert>}
      <Group align="flex-end">
        <TextInput label="Address" description="/p/ and then this" value={page.slug} error={error}
          onChange={(e) => setDraft({ ...page, slug: e.currentTarget.value })} w={260} />
        <Switch label="New clients may book a first visit" checked={page.intake_open}
          onChange={(e) => setDraft({ ...page, intake_open: e.currentTarget.checked })} />
        <Button onClick={save}>Save</Button>
      </Group>
      {saved.data?.slug && (
        <>
          <Text size="sm">The page: <Anchor href={url} target="_blank" rel="noopener" underline="always">{url}</Anchor></Text>
          <Text size="sm">To show it on your own website, paste:</Text>
          <Code block>{`<iframe src="${url}" title="Book a first visit" style="width:100%;height:1200px;border:0"></iframe>`}</Code>
        </>
      )}
    </Stack>
  );
}
