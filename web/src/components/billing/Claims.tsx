// Claims after the charges: the 837P files made (download, then mark sent), each claim's state with
// its lines, the payer's answer and the reasons in words, and the biller's next step (accepted or
// rejected by hand, a corrected claim, a void).
import { Alert, Badge, Button, Card, Group, List, SegmentedControl, Skeleton, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate, fmtDateTime } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { Claim, ClaimBatch, Page } from '../../types';

export const CLAIM_STATUS: Record<Claim['status'], { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray.7' },
  ready: { label: 'To send', color: 'teal.9' },
  sent: { label: 'Sent', color: 'blue.9' },
  accepted: { label: 'Accepted', color: 'blue.9' },
  rejected: { label: 'Rejected', color: 'red.9' },
  paid: { label: 'Paid', color: 'green.9' },
  partly_paid: { label: 'Partly paid', color: 'indigo.9' },
  denied: { label: 'Denied', color: 'red.9' },
  resubmitted: { label: 'Resubmitted', color: 'gray.7' },
};

const VIEWS = {
  open: { label: 'In progress', statuses: ['draft', 'ready', 'sent', 'accepted'] },
  attention: { label: 'Rejected or denied', statuses: ['rejected', 'denied', 'partly_paid'] },
  paid: { label: 'Paid', statuses: ['paid'] },
  all: { label: 'All', statuses: null },
} as const;

const code = (l: { cpt: string; modifiers: string[] }) => `${l.cpt}${l.modifiers.length ? '-' + l.modifiers.join('-') : ''}`;

/** The claim files, newest first: download each, and mark it sent once the clearinghouse has it. */
export function ClaimFiles({ canEdit, onChanged }: { canEdit: boolean; onChanged: () => void }) {
  const files = useApi<Page<ClaimBatch>>("/api/v1/claims/batches", 'Could not load the claim files.');
  const [problem, setProblem] = useState<string | null>(null);
  const sent = async (b: ClaimBatch) => {
    setProblem(null);
    try {
      await api('POST', `/api/v1/claims/batches/${b.id}/sent`, {});
      files.reload();
      onChanged();
    } catch (x) {
      setProblem(x instanceof ApiError ? x.detail : 'Could not mark the file sent.');
    }
  };
  const items = files.data?.items;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">Claim files</Title>
      {(files.error || problem) && <Alert color="red" role="alert">{files.error ?? problem}</Alert>}
      {!items && !files.error && <Skeleton h={60} />}
      {items && items.length === 0 && <Text c="dimmed">No claim files yet: choose charges that are ready to claim and make one.</Text>}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table data-testid="claim-files">
            <Table.Thead><Table.Tr><Table.Th>File</Table.Th><Table.Th>Made</Table.Th><Table.Th>Claims</Table.Th><Table.Th>Total</Table.Th><Table.Th>Sent</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td><a href={`/api/v1/claims/batches/${b.id}/x12`} download>837P {b.control_number}</a></Table.Td>
                  <Table.Td>{fmtDateTime(b.created_at)} by {b.created_by_name}</Table.Td>
                  <Table.Td>{b.claims.length}</Table.Td>
                  <Table.Td>{money(b.total)}</Table.Td>
                  <Table.Td>
                    {b.sent_at ? fmtDateTime(b.sent_at) : canEdit ? <Button size="xs" variant="light" onClick={() => sent(b)}>Mark file {b.control_number} sent</Button> : 'Not yet'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

/** Claims by where they stand; a row opens the claim. */
export function ClaimsList({ canEdit }: { canEdit: boolean }) {
  const [view, setView] = useState<keyof typeof VIEWS>('open');
  const claims = useApi<Page<Claim>>("/api/v1/claims", 'Could not load the claims.');
  const [open, setOpen] = useState<string | null>(null);
  const statuses = VIEWS[view].statuses as readonly string[] | null;
  const items = claims.data?.items.filter((c) => !statuses || statuses.includes(c.status));
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">Claims</Title>
        <SegmentedControl value={view} onChange={(v) => { setView(v as keyof typeof VIEWS); setOpen(null); }}
          data={(Object.keys(VIEWS) as (keyof typeof VIEWS)[]).map((k) => ({ value: k, label: VIEWS[k].label }))} />
      </Group>
      {claims.error && <Alert color="red" role="alert">{claims.error}</Alert>}
      {!items && !claims.error && <Skeleton h={80} />}
      {items && items.length === 0 && <Text c="dimmed">No claims {view === 'all' ? 'yet' : VIEWS[view].label.toLowerCase()}.</Text>}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped highlightOnHover data-testid="claim-list">
            <Table.Thead><Table.Tr><Table.Th>Claim</Table.Th><Table.Th>Date</Table.Th><Table.Th>Client</Table.Th><Table.Th>Payer</Table.Th>
              <Table.Th>Codes</Table.Th><Table.Th>Billed</Table.Th><Table.Th>Paid</Table.Th><Table.Th>Client owes</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} onClick={() => setOpen(open === c.id ? null : c.id)} style={{ cursor: 'pointer' }}>
                  <Table.Td>{c.number}{c.frequency !== '1' && <Text span size="xs" c="dimmed"> ({c.frequency === '7' ? 'replacement' : 'void'})</Text>}</Table.Td>
                  <Table.Td>{fmtDate(c.date_of_service)}</Table.Td>
                  <Table.Td>{c.client_name}</Table.Td>
                  <Table.Td>{c.payer_name}</Table.Td>
                  <Table.Td>{c.lines.map(code).join(', ')}</Table.Td>
                  <Table.Td>{money(c.total)}</Table.Td>
                  <Table.Td>{money(c.paid)}</Table.Td>
                  <Table.Td>{money(c.patient_responsibility)}</Table.Td>
                  <Table.Td><Badge color={CLAIM_STATUS[c.status].color}>{CLAIM_STATUS[c.status].label}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open && <ClaimDetail key={open} id={open} canEdit={canEdit} onChanged={claims.reload} />}
    </Stack>
  );
}

function ClaimDetail({ id, canEdit, onChanged }: { id: string; canEdit: boolean; onChanged: () => void }) {
  const loaded = useApi<Claim>(`/api/v1/claims/${id}`, 'Could not load the claim.');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const c = loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!c) return <Skeleton h={160} />;
  const act = async (path: string, body: object) => {
    setProblem(null);
    setError(undefined);
    try {
      await api('POST', `/api/v1/claims/${c.id}/${path}`, body);
      setReason('');
      loaded.reload();
      onChanged();
    } catch (x) {
      if (!(x instanceof ApiError)) return setProblem('Could not save.');
      const field = x.errors.find((e) => e.field === 'reason');
      if (field) setError(field.message);
      else setProblem(x.detail);
    }
  };
  const answered = ['rejected', 'denied', 'paid', 'partly_paid'].includes(c.status);
  return (
    <Card withBorder data-testid="claim-detail">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Claim {c.number} · {c.client_name} · {fmtDate(c.date_of_service)} · POS {c.detail.pos}</Text>
          <Badge color={CLAIM_STATUS[c.status].color}>{CLAIM_STATUS[c.status].label}</Badge>
        </Group>
        <Text size="sm">
          {c.payer_name} (payer id {c.detail.payer_id}), member {c.detail.subscriber.member_id}
          {c.payer_claim_number && <> · the payer's claim number {c.payer_claim_number}</>}
        </Text>
        <Text size="sm">Diagnoses: {c.detail.diagnoses.join(', ')} · <a href={`/api/v1/claims/${c.id}/cms1500.pdf`} download>CMS-1500 (PDF)</a></Text>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Units</Table.Th><Table.Th>Billed</Table.Th><Table.Th>Paid</Table.Th><Table.Th>Why this code</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {c.lines.map((l, i) => (
              <Table.Tr key={i}>
                <Table.Td>{code(l)}</Table.Td>
                <Table.Td>{l.units}</Table.Td>
                <Table.Td>{money(l.amount)}</Table.Td>
                <Table.Td>{money(l.paid)}{l.adjustments.length > 0 && <Text size="xs" c="dimmed">{l.adjustments.map((a) => `${a.group}-${a.reason} ${money(a.amount)}`).join(', ')}</Text>}</Table.Td>
                <Table.Td><Text size="sm">{l.explanation}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {c.denial_reasons.length > 0 && (
          <Alert color="orange" title="The payer's reasons">
            <List size="sm">{c.denial_reasons.map((r, i) => <List.Item key={i}>{r}</List.Item>)}</List>
          </Alert>
        )}
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        {canEdit && (c.status === 'sent' || c.status === 'accepted' || answered) && (
          <Stack gap="xs">
            <Textarea label={answered ? 'Why it is corrected or voided' : 'The clearinghouse\'s answer (a rejection\'s reason)'} minRows={2}
              value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
            <Group>
              {c.status === 'sent' && <Button variant="light" onClick={() => act('status', { status: 'accepted', reason, version: c.version })}>Accepted</Button>}
              {(c.status === 'sent' || c.status === 'accepted') && (
                <Button variant="light" color="red" onClick={() => act('status', { status: 'rejected', reason, version: c.version })}>Rejected</Button>
              )}
              {answered && <Button onClick={() => act('replace', { reason })}>{c.status === 'rejected' ? 'Send again as a new claim' : 'Make a corrected claim'}</Button>}
              {answered && c.status !== 'rejected' && <Button variant="subtle" color="red" onClick={() => act('void', { reason })}>Void the claim</Button>}
            </Group>
          </Stack>
        )}
        <List size="xs" data-testid="claim-history">
          {c.history.map((h, i) => <List.Item key={i}>{fmtDateTime(h.at)} — {h.by_name}: {CLAIM_STATUS[h.status].label}{h.note ? ` (${h.note})` : ''}</List.Item>)}
        </List>
      </Stack>
    </Card>
  );
}
