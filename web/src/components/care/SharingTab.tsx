// The chart's sharing: releases of information the client signed (who receives which parts of the
// record, why, until when), preparing a release package to send, revoking a release, and the
// client's accounting of disclosures. Psychotherapy notes are never part of any package.
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { when } from '../../lib/notes';
import { fmtDate } from '../../lib/format';
import { downloadFile } from '../../lib/files';
import { useApi } from '../../lib/useApi';
import type { Page, Partner } from '../../types';

interface Release {
  id: string;
  recipient_name: string;
  recipient_organization: string | null;
  recipient_contact: string | null;
  purpose: string;
  scope: string[];
  effective_on: string;
  expires_on: string;
  signed: { name: string; at: string };
  state: 'active' | 'not_yet_effective' | 'expired' | 'revoked';
}
interface Disclosure { id: string; recipient: string; purpose: string; scope: string[]; disclosed_by: string; disclosed_at: string; part2: boolean }

const PARTS: Record<string, string> = {
  demographics: 'Name, date of birth and contacts', diagnoses: 'Diagnoses', visits: 'Visits', notes: 'Progress notes',
  plan: 'Plan of care', measures: 'Measures', documents: 'Documents and consents',
  part2: 'Substance use disorder records (42 CFR Part 2), within the parts chosen',
};
const STATE: Record<Release['state'], { label: string; color: string }> = {
  active: { label: 'in effect', color: 'teal.9' }, not_yet_effective: { label: 'not yet in effect', color: 'blue.9' },
  expired: { label: 'expired', color: 'gray.8' }, revoked: { label: 'revoked', color: 'red.9' },
};
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toLocaleDateString('en-CA');

function NewRelease({ clientId, clientName, onClose, onSaved }: { clientId: string; clientName: string; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState({ recipient_name: '', recipient_organization: '', recipient_contact: '', purpose: '', signed_name: clientName,
    effective_on: inDays(0), expires_on: inDays(365) });
  const [scope, setScope] = useState<string[]>(['diagnoses', 'plan']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A connected partner organization: its clinicians open what the release covers, in Duet, while it is in effect.
  const partners = (useApi<Page<Partner>>('/api/v1/partners').data?.items ?? []).filter((p) => p.direction === 'ours' && p.status === 'connected');
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [k]: v })); };
  const save = async () => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/releases`, { ...form, scope, recipient_organization: form.recipient_organization || undefined,
        recipient_contact: form.recipient_contact || undefined, ...(partnerId ? { partner_id: partnerId } : {}) });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.errors.map((f) => [f.field, f.message])));
    }
  };
  return (
    <Modal opened onClose={onClose} title="New release of information" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack component="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Text size="sm" c="dimmed">The client reads and signs this in session; you are recorded as the witness.</Text>
        {partners.length > 0 && (
          <Select label="To a partner organization (optional)" placeholder="Someone outside Duet" clearable value={partnerId} onChange={setPartnerId}
            data={partners.map((p) => ({ value: p.id, label: p.name }))} error={errors.partner_id}
            description="Its clinicians then open what the release covers in Duet until it expires or is revoked; each time is recorded." />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Released to" placeholder={partnerId ? 'The organization (or a named clinician)' : 'Dr. Sam Patel'} value={form.recipient_name}
            onChange={set('recipient_name')} error={errors.recipient_name} />
          {!partnerId && <TextInput label="Organization" value={form.recipient_organization} onChange={set('recipient_organization')} />}
        </SimpleGrid>
        <TextInput label="How to reach them" placeholder="fax, address or e-mail" value={form.recipient_contact} onChange={set('recipient_contact')} />
        <TextInput label="Purpose" placeholder="Coordination of care" value={form.purpose} onChange={set('purpose')} error={errors.purpose} />
        <Checkbox.Group label="What may be shared" value={scope} onChange={setScope} error={errors.scope}
          description="Psychotherapy notes are never shared.">
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {Object.entries(PARTS).map(([value, label]) => <Checkbox key={value} value={value} label={label} />)}
          </SimpleGrid>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput type="date" label="In effect from" value={form.effective_on} onChange={set('effective_on')} error={errors.effective_on} />
          <TextInput type="date" label="Until" value={form.expires_on} onChange={set('expires_on')} error={errors.expires_on} />
        </SimpleGrid>
        <TextInput label="Signed by" description="The client, or a guardian who may consent" value={form.signed_name} onChange={set('signed_name')} error={errors.signed_name} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit">Record the signed release</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function SharingTab({ clientId, clientName, csrf }: { clientId: string; clientName: string; csrf: string }) {
  const given = useApi<Page<Release>>(`/api/v1/clients/${clientId}/releases`, 'Releases could not be loaded.');
  const releases = given.data?.items ?? null;
  const told = useApi<Page<Disclosure>>(`/api/v1/clients/${clientId}/disclosures`);
  const disclosures = told.data?.items ?? [];
  const load = () => { given.reload(); told.reload(); };
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);

  const prepare = async (r: Release) => {
    try {
      // A package is a disclosure: made on a POST, never by following a link.
      await downloadFile(`/api/v1/clients/${clientId}/releases/${r.id}/package`, 'release.pdf', { csrf });
      setMessage({ color: 'teal', text: `Package for ${r.recipient_name} prepared and recorded as a disclosure.` });
      load();
    } catch (e) {
      setMessage({ color: 'red', text: e instanceof ApiError ? e.detail : 'The package could not be prepared.' });
    }
  };
  const revoke = async (r: Release) => {
    if (!window.confirm(`Revoke the release to ${r.recipient_name}? Nothing more will be shared under it; what was already shared stays recorded.`)) return;
    try {
      await api('POST', `/api/v1/clients/${clientId}/releases/${r.id}/revoke`);
      load();
    } catch (e) {
      setMessage({ color: 'red', text: e instanceof ApiError ? e.detail : 'It could not be revoked.' });
    }
  };

  return (
    <Stack data-testid="sharing">
      <Group justify="space-between">
        <Title order={3} size="h4">Releases of information</Title>
        <Button onClick={() => setAdding(true)}>New release</Button>
      </Group>
      {message && <Alert color={message.color} role="status">{message.text}</Alert>}
      {releases && releases.length === 0 && <Text c="dimmed">No releases yet. Record one when the client agrees to share part of their record with someone outside the practice.</Text>}
      {(releases ?? []).map((r) => (
        <Card withBorder key={r.id} data-testid="release">
          <Group justify="space-between" align="start">
            <div>
              <Text fw={600}>{r.recipient_name}{r.recipient_organization ? `, ${r.recipient_organization}` : ''}</Text>
              <Text size="sm">{r.purpose}</Text>
              <Text size="xs" c="dimmed">{r.scope.map((s) => PARTS[s] ?? s).join(' · ')} · {fmtDate(r.effective_on)} to {fmtDate(r.expires_on)} · signed by {r.signed.name} {when(r.signed.at)}</Text>
            </div>
            <Badge color={STATE[r.state].color}>{STATE[r.state].label}</Badge>
          </Group>
          {r.state === 'active' && (
            <Group mt="sm">
              <Button size="xs" onClick={() => prepare(r)}>Prepare package (PDF)</Button>
              <Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => revoke(r)}>Revoke</Button>
            </Group>
          )}
          {r.state === 'not_yet_effective' && <Group mt="sm"><Button size="xs" variant="subtle" color="red" c="red.9" onClick={() => revoke(r)}>Revoke</Button></Group>}
        </Card>
      ))}
      <Title order={3} size="h4" mt="md">Accounting of disclosures</Title>
      {disclosures.some((d) => d.part2) && (
        <Text size="sm" data-testid="part2-disclosures">
          {disclosures.filter((d) => d.part2).length} of these included substance use disorder records (42 CFR Part 2), each sent with the redisclosure notice.
        </Text>
      )}
      {disclosures.length === 0 ? <Text c="dimmed" size="sm">Nothing has been shared outside the practice.</Text> : (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped aria-label="Accounting of disclosures">
          <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>To</Table.Th><Table.Th>Purpose</Table.Th><Table.Th>What</Table.Th><Table.Th>By</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {disclosures.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{when(d.disclosed_at)}</Table.Td><Table.Td>{d.recipient}</Table.Td><Table.Td>{d.purpose}</Table.Td>
                <Table.Td>{d.scope.filter((s) => s !== 'part2').map((s) => PARTS[s] ?? s).join(', ')}{d.part2 && <Badge ml={6} color="grape.9">Part 2</Badge>}</Table.Td><Table.Td>{d.disclosed_by}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {adding && <NewRelease clientId={clientId} clientName={clientName} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); load(); }} />}
    </Stack>
  );
}
