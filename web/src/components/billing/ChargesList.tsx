// Visits' charges, made when their notes are signed: what to review first (the problems say why),
// what is ready to claim, and what the client pays themself. Each line keeps its reason.
import { Alert, Badge, Button, Card, Checkbox, Group, List, NumberInput, SegmentedControl, Skeleton, Stack, Table, TagsInput, Text, Textarea, TextInput, VisuallyHidden,
  Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { Charge, ChargeLine, ClaimBatch, Page } from '../../types';
import { CodingResult } from './CodingCheck';

const STATUS: Record<Charge['status'], { label: string; color: string }> = {
  review: { label: 'To review', color: 'red.9' },
  ready: { label: 'Ready to claim', color: 'teal.9' },
  self_pay: { label: 'Self-pay', color: 'gray.7' },
  void: { label: 'Void', color: 'gray.6' },
  claimed: { label: 'Claimed', color: 'blue.9' },
};

export function ChargesList({ canEdit, onClaimed }: { canEdit: boolean; onClaimed?: () => void }) {
  const [status, setStatus] = useState<Charge['status']>('review');
  const listed = useApi<Page<Charge>>(`/api/v1/charges?status=${status}`, 'Could not load the charges.');
  const [open, setOpen] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [claimProblem, setClaimProblem] = useState<string | null>(null);
  const [made, setMade] = useState<ClaimBatch | null>(null);
  const items = listed.data?.items;
  const choosing = canEdit && status === 'ready';
  const claim = async () => {
    setClaimProblem(null);
    try {
      const batch = await api<ClaimBatch>('POST', '/api/v1/claims/batches', { charge_ids: chosen });
      setMade(batch);
      setChosen([]);
      listed.reload();
      onClaimed?.();
    } catch (x) {
      setClaimProblem(x instanceof ApiError ? x.detail : 'Could not make the claim file.');
    }
  };
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4">Charges</Title>
        <SegmentedControl value={status} onChange={(v) => { setStatus(v as Charge['status']); setOpen(null); setChosen([]); }}
          data={(['review', 'ready', 'claimed', 'self_pay'] as const).map((s) => ({ value: s, label: STATUS[s].label }))} />
      </Group>
      {made && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setMade(null)} closeButtonLabel="Dismiss">
          Claim file {made.control_number} made with {made.claims.length} {made.claims.length === 1 ? 'claim' : 'claims'} ({money(made.total)}).{' '}
          <a href={`/api/v1/claims/batches/${made.id}/x12`} download>Download the 837P file</a>, send it to your clearinghouse, then mark it sent under Claim files.
        </Alert>
      )}
      {claimProblem && <Alert color="red" role="alert">{claimProblem}</Alert>}
      {choosing && items && items.length > 0 && (
        <Group>
          <Button disabled={chosen.length === 0} onClick={claim}>
            {chosen.length ? `Claim ${chosen.length} selected` : 'Select charges to claim'}
          </Button>
          <Button variant="subtle" onClick={() => setChosen(chosen.length === items.length ? [] : items.map((c) => c.id))}>
            {chosen.length === items.length ? 'Clear the selection' : 'Select all'}
          </Button>
        </Group>
      )}
      <Text size="sm" c="dimmed">A visit's charge is made when its progress note is signed, coded from what happened at the visit.</Text>
      {listed.error && <Alert color="red" role="alert">{listed.error}</Alert>}
      {!items && !listed.error && <Skeleton h={120} />}
      {items && items.length === 0 && (
        <Text c="dimmed">{status === 'review' ? 'Nothing to review: every signed visit codes cleanly.' : `No charges ${STATUS[status].label.toLowerCase()}.`}</Text>
      )}
      {items && items.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped highlightOnHover data-testid="charge-list">
            <Table.Thead><Table.Tr>{choosing && <Table.Th><VisuallyHidden>Claim</VisuallyHidden></Table.Th>}<Table.Th>Date</Table.Th><Table.Th>Client</Table.Th><Table.Th>Payer</Table.Th><Table.Th>Codes</Table.Th>
              <Table.Th>Fee</Table.Th><Table.Th>Client pays</Table.Th><Table.Th>Status</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} onClick={() => setOpen(open === c.id ? null : c.id)} style={{ cursor: 'pointer' }}>
                  {choosing && (
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox aria-label={`Claim ${c.client_name} on ${fmtDate(c.date_of_service)}`} checked={chosen.includes(c.id)}
                        onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} />
                    </Table.Td>
                  )}
                  <Table.Td>{fmtDate(c.date_of_service)}</Table.Td>
                  <Table.Td>{c.client_name}</Table.Td>
                  <Table.Td>{c.payer_name ?? 'Self-pay'}</Table.Td>
                  <Table.Td>{c.lines.map((l) => `${l.cpt}${l.modifiers.length ? '-' + l.modifiers.join('-') : ''}`).join(', ') || '—'}</Table.Td>
                  <Table.Td>{money(c.fee)}</Table.Td>
                  <Table.Td>{money(c.client_share)}</Table.Td>
                  <Table.Td><Badge color={STATUS[c.status].color}>{STATUS[c.status].label}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open && items?.find((c) => c.id === open) && (
        <Card withBorder data-testid="charge-detail">
          <CodingResult coding={items.find((c) => c.id === open)!} />
          {canEdit && <ChargeEditor key={open} charge={items.find((c) => c.id === open)!} onSaved={() => listed.reload()} />}
        </Card>
      )}
    </Stack>
  );
}

// The biller's corrections before a claim: codes, units, modifiers and place per line, then ready or
// void — always with the reason, kept on the charge with who and when.
function ChargeEditor({ charge, onSaved }: { charge: Charge; onSaved: () => void }) {
  const [lines, setLines] = useState<ChargeLine[]>(charge.lines);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (i: number, patch: Partial<ChargeLine>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const changed = JSON.stringify(lines) !== JSON.stringify(charge.lines);
  const save = async (status?: Charge['status']) => {
    setErrors({});
    setProblem(null);
    try {
      await api('PATCH', `/api/v1/charges/${charge.id}`, { version: charge.version, reason, ...(changed ? { lines } : {}), ...(status ? { status } : {}) });
      onSaved();
    } catch (x) {
      if (!(x instanceof ApiError)) return setProblem('Could not save the charge.');
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length || x.status === 409) setProblem(x.detail);
    }
  };
  if (charge.status === 'void' || charge.status === 'claimed') return null;
  return (
    <Stack mt="md" gap="xs">
      <Text fw={600} size="sm">Correct before claiming</Text>
      {problem && <Alert color="red" role="alert">{problem}</Alert>}
      {lines.map((l, i) => (
        <Group key={i} align="end" wrap="wrap">
          <TextInput label="Code" w={90} value={l.cpt} onChange={(e) => set(i, { cpt: e.currentTarget.value.toUpperCase() })} error={errors[`lines[${i}].cpt`]} />
          <NumberInput label="Units" w={80} min={1} max={99} value={l.units} onChange={(v) => set(i, { units: Number(v) || 0 })} error={errors[`lines[${i}].units`]} />
          <TagsInput label="Modifiers" w={220} value={l.modifiers} onChange={(v) => set(i, { modifiers: v.map((m) => m.toUpperCase()) })} error={errors[`lines[${i}].modifiers`]} />
          <TextInput label="POS" w={70} value={l.pos} onChange={(e) => set(i, { pos: e.currentTarget.value })} error={errors[`lines[${i}].pos`]} />
        </Group>
      ))}
      <Textarea label="Why" required minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
      <Group>
        {changed && <Button onClick={() => save()}>Save corrections</Button>}
        {charge.status !== 'ready' && <Button variant="light" onClick={() => save('ready')}>{changed ? 'Save and mark ready' : 'Mark ready to claim'}</Button>}
        <Button variant="subtle" color="red" onClick={() => save('void')}>Void this charge</Button>
      </Group>
      {charge.history.length > 0 && (
        <List size="xs" data-testid="charge-history">
          {charge.history.map((h, i) => <List.Item key={i}>{fmtDate(h.at)} — {h.by_name}: {h.what} ({h.reason})</List.Item>)}
        </List>
      )}
    </Stack>
  );
}
