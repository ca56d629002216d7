// The chart's documents: PDFs and images kept encrypted, and consents the client signs in session.
import { Alert, Badge, Button, FileInput, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import type { Page } from '../../types';
import { toBase64 } from '../../lib/files';

interface Doc {
  id: string;
  kind: string;
  category: string | null;
  title: string;
  content_type: string;
  size: number;
  document_date: string | null;
  created_at: string;
  signed: { name: string; witnessed_by: string; at: string } | null;
  shared_with_client: boolean;
  part2: boolean;
}

export const DOCUMENT_CATEGORIES: Record<string, string> = {
  referral: 'Referral', evaluation_report: 'Evaluation report', school_record: 'School record (IEP, 504)', lab_result: 'Lab result',
  imaging: 'Imaging', insurance_card: 'Insurance card', identification: 'Identification', correspondence: 'Correspondence',
  outside_records: 'Records from elsewhere', intake_form: 'Intake form', other: 'Other',
};

const CONSENTS = [
  { value: 'telehealth_consent', label: 'Consent to telehealth' },
  { value: 'treatment_consent', label: 'Consent to treatment' },
  { value: 'financial_policy', label: 'Financial policy' },
];

export function DocumentsTab({ clientId }: { clientId: string }) {
  const listed = useApi<Page<Doc>>(`/api/v1/clients/${clientId}/documents`);
  const docs = listed.error ? [] : listed.data?.items ?? null;
  const load = listed.reload;
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<string | null>('referral');
  const [date, setDate] = useState('');
  const [consent, setConsent] = useState<string | null>('telehealth_consent');
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);

  const fail = (e: unknown) => setMessage({ color: 'red', text: e instanceof ApiError ? e.detail : 'That did not work.' });
  const share = async (id: string, shared: boolean) => {
    try {
      await api('PUT', `/api/v1/documents/${id}/sharing`, { shared });
      setMessage({ color: 'teal', text: shared ? 'The client now sees it in their portal.' : 'The client no longer sees it.' });
      load();
    } catch (e) {
      fail(e);
    }
  };
  const markPart2 = async (id: string, part2: boolean) => {
    try {
      await api('PUT', `/api/v1/documents/${id}/part2`, { part2 });
      setMessage({ color: 'teal', text: part2 ? 'Marked as a Part 2 record: released only under a consent that names Part 2.' : 'No longer marked Part 2.' });
      load();
    } catch (e) {
      fail(e);
    }
  };
  const upload = async () => {
    if (!file) return;
    try {
      await api('POST', `/api/v1/clients/${clientId}/documents`, { title: title || file.name, category: category ?? 'other',
        ...(date ? { document_date: date } : {}), data: await toBase64(file) });
      setMessage({ color: 'teal', text: 'Kept in the chart (encrypted).' });
      setFile(null);
      setTitle('');
      setDate('');
      load();
    } catch (e) {
      fail(e);
    }
  };
  const sign = async () => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/consents`, { kind: consent });
      setMessage({ color: 'teal', text: 'Consent recorded as signed by the client, witnessed by you.' });
      load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Stack>
      <Group align="end">
        <FileInput label="Add a PDF or image" accept="application/pdf,image/png,image/jpeg" value={file} onChange={setFile} w={260} clearable />
        <TextInput label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} w={220} />
        <Select label="What it is" data={Object.entries(DOCUMENT_CATEGORIES).map(([value, label]) => ({ value, label }))} value={category}
          onChange={setCategory} allowDeselect={false} w={220} />
        <TextInput type="date" label="Dated" value={date} onChange={(e) => setDate(e.currentTarget.value)} w={160} />
        <Button onClick={upload} disabled={!file}>Upload</Button>
      </Group>
      <Group align="end">
        <Select label="Consent signed in session" data={CONSENTS} value={consent} onChange={setConsent} allowDeselect={false} w={260} />
        <Button variant="light" onClick={sign}>Record signature</Button>
      </Group>
      {message && <Alert color={message.color}>{message.text}</Alert>}
      {docs && docs.length === 0 && <Text c="dimmed">No documents yet.</Text>}
      {docs && docs.length > 0 && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped aria-label="Documents and consents">
          <Table.Thead><Table.Tr><Table.Th>Document</Table.Th><Table.Th>What it is</Table.Th><Table.Th>Size or signature</Table.Th><Table.Th>Date</Table.Th><Table.Th>Client sees it</Table.Th><Table.Th>Part 2</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {docs.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td><a href={`/api/v1/documents/${d.id}/content`}>{d.title}</a></Table.Td>
                <Table.Td>{d.category ? DOCUMENT_CATEGORIES[d.category] ?? d.category : 'Consent'}</Table.Td>
                <Table.Td>{d.signed ? <Badge color="teal.9">signed by {d.signed.name}</Badge> : `${Math.ceil(d.size / 1024)} KB`}</Table.Td>
                <Table.Td>{fmtDate(d.document_date ?? d.created_at)}</Table.Td>
                <Table.Td>
                  <Switch checked={d.shared_with_client} aria-label={`Share ${d.title} with the client`}
                    onChange={(e) => void share(d.id, e.currentTarget.checked)} />
                </Table.Td>
                <Table.Td>
                  <Switch checked={d.part2} aria-label={`${d.title} is a substance use disorder record (42 CFR Part 2)`}
                    onChange={(e) => void markPart2(d.id, e.currentTarget.checked)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
    </Stack>
  );
}
