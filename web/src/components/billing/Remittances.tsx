// Payments from payers: the biller opens an 835 (ERA) file, sees what it would post claim by claim,
// then posts it. The same file twice posts nothing; a malformed file names its segment.
import { Alert, Badge, Button, FileInput, Group, List, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { Page, Remittance } from '../../types';
import { CLAIM_STATUS } from './Claims';

// A posted claim's new state, as the claims list shows it, or why it was not posted.
const POSTED: Record<string, { label: string; color: string }> = {
  ...CLAIM_STATUS,
  unmatched: { label: 'No such claim', color: 'red.9' },
  already_posted: { label: 'Posted before', color: 'gray.7' },
  review: { label: 'Post by hand', color: 'red.9' },
};

function Posting({ r }: { r: Remittance }) {
  return (
    <Table.ScrollContainer minWidth={560} type="native">
      <Table data-testid="era-claims">
        <Table.Thead><Table.Tr><Table.Th>Claim</Table.Th><Table.Th>Client</Table.Th><Table.Th>Billed</Table.Th><Table.Th>Paid</Table.Th>
          <Table.Th>Client owes</Table.Th><Table.Th>What happens</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {r.claims.map((c, i) => (
            <Table.Tr key={i}>
              <Table.Td>{c.claim_number}</Table.Td>
              <Table.Td>{c.client_name ?? '—'}</Table.Td>
              <Table.Td>{money(c.charged)}</Table.Td>
              <Table.Td>{money(c.paid)}</Table.Td>
              <Table.Td>{money(c.patient_responsibility)}</Table.Td>
              <Table.Td>
                <Badge color={(POSTED[c.status] ?? POSTED.review).color}>{(POSTED[c.status] ?? POSTED.review).label}</Badge>
                {[...c.adjustments, ...c.problems].length > 0 && (
                  <List size="xs" mt={4}>{[...c.adjustments, ...c.problems].map((a, j) => <List.Item key={j}>{a}</List.Item>)}</List>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function Remittances({ canEdit, onPosted }: { canEdit: boolean; onPosted: () => void }) {
  const past = useApi<Page<Remittance>>("/api/v1/remittances", 'Could not load the remittances.');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<Remittance | null>(null);
  const [posted, setPosted] = useState<Remittance | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (dry: boolean, body = text) => {
    if (!body) return;
    setProblem(null);
    try {
      const r = await api<Remittance>('POST', `/api/v1/remittances${dry ? '?dry_run=true' : ''}`, body, { contentType: 'application/edi-x12' });
      if (dry) setPreview(r);
      else {
        setPosted(r);
        setPreview(null);
        setFile(null);
        setText(null);
        past.reload();
        onPosted();
      }
    } catch (x) {
      setPreview(null);
      setProblem(x instanceof ApiError ? x.detail : 'Could not read the file.');
    }
  };
  const choose = async (f: File | null) => {
    setFile(f);
    setPosted(null);
    setPreview(null);
    if (!f) return setText(null);
    const body = await f.text();
    setText(body);
    await send(true, body);
  };
  const items = past.data?.items;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">Payments from payers (ERA)</Title>
      {canEdit && (
        <Group align="end">
          <FileInput label="An 835 remittance file" description="From your clearinghouse: what it would post is shown before anything is posted" value={file} onChange={choose} clearable w={360} />
        </Group>
      )}
      {problem && <Alert color="red" role="alert">{problem}</Alert>}
      {preview && (
        <Stack gap="xs" data-testid="era-preview">
          <Text size="sm">
            {preview.duplicate ? 'This file was posted before: posting it again changes nothing.'
              : `${preview.payer_name}, payment ${preview.trace_number}${preview.paid_on ? ` of ${fmtDate(preview.paid_on)}` : ''}: ${money(preview.total_paid)} — ${preview.posted} to post, ${preview.unmatched} to review.`}
          </Text>
          <Posting r={preview} />
          {!preview.duplicate && <Group><Button onClick={() => send(false)}>Post {preview.posted} {preview.posted === 1 ? 'payment' : 'payments'}</Button></Group>}
        </Stack>
      )}
      {posted && (
        <Alert color="teal" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setPosted(null)}>
          {posted.duplicate ? 'This file was posted before: nothing changed.' : `Posted ${posted.posted} ${posted.posted === 1 ? 'payment' : 'payments'} from ${posted.payer_name}; ${posted.unmatched} left to review.`}
        </Alert>
      )}
      {past.error && <Alert color="red" role="alert">{past.error}</Alert>}
      {!items && !past.error && <Skeleton h={40} />}
      {items && items.length === 0 && <Text c="dimmed" size="sm">No remittances posted yet.</Text>}
      {items && items.length > 0 && (
        <List size="sm" data-testid="era-history">
          {items.map((r) => (
            <List.Item key={r.id}>{fmtDateTime(r.created_at)} — {r.payer_name}, payment {r.trace_number}: {money(r.total_paid)}, {r.posted} posted, {r.unmatched} to review</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
