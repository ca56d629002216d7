// A client's books in the chart's Billing tab: what they owe (with aging), what payers owe, their
// credit; taking a payment (applied to the oldest open charges, or one chosen); refunds; every entry.
import { Alert, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Skeleton, Stack, Table, Text, Textarea, TextInput,
  Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { ClientLedger, LedgerEntry, LedgerPayment } from '../../types';
import { CardOnFileActions, CardPayment, Estimates, Invoices } from './ClientMoney';

const KIND: Record<LedgerEntry['kind'], string> = {
  charge: 'Charge', payment: 'Payment', adjustment: 'Adjustment', refund: 'Refund', write_off: 'Write-off', transfer: 'Transfer',
  reversal: 'Reversal',
};
const METHOD: Record<LedgerPayment['method'], string> = {
  cash: 'Cash', check: 'Check', card_terminal: 'Card (terminal)', card_online: 'Card (online)', other: 'Other',
};

export function LedgerTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const loaded = useApi<ClientLedger>(`/api/v1/clients/${clientId}/ledger`, 'Could not load the account.');
  const [paying, setPaying] = useState(false);
  const [refunding, setRefunding] = useState<LedgerPayment | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const l = loaded.data;
  if (loaded.error) return <Alert color="red" role="alert">{loaded.error}</Alert>;
  if (!l) return <Skeleton h={160} />;
  const b = l.balance;
  return (
    <Stack data-testid="ledger">
      <Card withBorder>
        <Group justify="space-between" align="start">
          <SimpleGrid cols={{ base: 2, sm: 4 }} style={{ flex: 1 }}>
            <div><Text size="xs" c="dimmed">Client owes</Text><Text fw={700} size="lg" data-testid="client-owes">{money(b.client)}</Text></div>
            <div><Text size="xs" c="dimmed">Payers owe</Text><Text fw={700} size="lg">{money(b.payer)}</Text></div>
            <div><Text size="xs" c="dimmed">Credit on account</Text><Text fw={700} size="lg">{money(b.credit)}</Text></div>
            <div>
              <Text size="xs" c="dimmed">Owed by age (0–30 / 31–60 / 61–90 / 90+ days)</Text>
              <Text size="sm">{b.aging.map((a) => money(a)).join(' / ')}</Text>
            </div>
          </SimpleGrid>
          <Group>
            <Button variant="default" component="a" href={`/api/v1/clients/${clientId}/superbill.pdf`} download>Superbill (PDF)</Button>
            {canWrite && <CardPayment clientId={clientId} owed={Math.max(0, b.client - b.credit)} onChanged={loaded.reload} />}
            {canWrite && <Button onClick={() => { setDone(null); setPaying(true); }}>Take a payment</Button>}
          </Group>
        </Group>
        {canWrite && <CardOnFileActions clientId={clientId} owed={Math.max(0, b.client - b.credit)} onChanged={loaded.reload} />}
        {done && <Alert mt="sm" color="teal" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>{done}</Alert>}
      </Card>
      <Invoices clientId={clientId} canWrite={canWrite} />
      <Estimates clientId={clientId} canWrite={canWrite} />
      <Title order={3} size="h5">Payments</Title>
      {l.payments.length === 0 && <Text c="dimmed" size="sm">No payments yet.</Text>}
      {l.payments.length > 0 && (
        <Table.ScrollContainer minWidth={520} type="native">
          <Table fz="sm" data-testid="payments">
            <Table.Thead><Table.Tr><Table.Th>Received</Table.Th><Table.Th>Method</Table.Th><Table.Th>Amount</Table.Th><Table.Th>Refunded</Table.Th>
              <Table.Th>Taken by</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {l.payments.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{fmtDate(p.received_on)}</Table.Td>
                  <Table.Td>{METHOD[p.method]}{p.reference ? ` ${p.reference}` : ''}</Table.Td>
                  <Table.Td>{money(p.amount)}</Table.Td>
                  <Table.Td>{p.refunded ? money(p.refunded) : '—'}</Table.Td>
                  <Table.Td>{p.by_name}</Table.Td>
                  <Table.Td>{canWrite && p.refunded < p.amount && (
                    <Button size="xs" variant="subtle" onClick={() => setRefunding(p)} aria-label={`Refund the payment of ${fmtDate(p.received_on)}`}>Refund</Button>
                  )}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={3} size="h5">Entries</Title>
      {l.entries.length === 0 && <Text c="dimmed" size="sm">Nothing on the account yet: a charge is made when a visit's note is signed.</Text>}
      {l.entries.length > 0 && (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table fz="sm" striped data-testid="entries">
            <Table.Thead><Table.Tr><Table.Th>Date</Table.Th><Table.Th>What</Table.Th><Table.Th>Whose</Table.Th><Table.Th>Amount</Table.Th><Table.Th>Note</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {l.entries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{fmtDate(e.on)}</Table.Td>
                  <Table.Td><Badge color="gray.8">{KIND[e.kind]}</Badge></Table.Td>
                  <Table.Td>{e.charge_id ? (e.party === 'payer' ? 'Payer' : 'Client') : 'On account'}</Table.Td>
                  <Table.Td>{e.amount < 0 ? `−${money(-e.amount)}` : money(e.amount)}</Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PaymentDialog opened={paying} clientId={clientId} open={b.charges.filter((c) => c.client > 0)} onClose={() => setPaying(false)}
        onSaved={(p) => { setPaying(false); setDone(`Payment of ${money(p.amount)} recorded.`); loaded.reload(); }} />
      {refunding && (
        <RefundDialog payment={refunding} onClose={() => setRefunding(null)}
          onSaved={(p) => { setRefunding(null); setDone(`Refunded; ${money(p.amount - p.refunded)} of that payment is left.`); loaded.reload(); }} />
      )}
    </Stack>
  );
}

function PaymentDialog({ opened, clientId, open, onClose, onSaved }: {
  opened: boolean; clientId: string; open: ClientLedger['balance']['charges']; onClose: () => void; onSaved: (p: LedgerPayment) => void;
}) {
  const [amount, setAmount] = useState<number | string>('');
  const [method, setMethod] = useState<LedgerPayment['method']>('card_terminal');
  const [reference, setReference] = useState('');
  const [charge, setCharge] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    const cents = Math.round(Number(amount) * 100);
    try {
      const p = await api<LedgerPayment>('POST', '/api/v1/payments', { client_id: clientId, amount: cents, method, reference,
        applications: charge ? [{ charge_id: charge, amount: cents }] : [] });
      setAmount('');
      setReference('');
      setCharge(null);
      onSaved(p);
    } catch (x) {
      if (!(x instanceof ApiError)) return setProblem('Could not record the payment.');
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length) setProblem(x.detail);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Take a payment">
      <form onSubmit={submit}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <NumberInput label="Amount ($)" required min={0.01} decimalScale={2} value={amount} onChange={setAmount} error={errors.amount} />
          <Select label="Method" data={Object.entries(METHOD).filter(([k]) => k !== 'card_online').map(([value, label]) => ({ value, label }))}
            value={method} allowDeselect={false} onChange={(v) => v && setMethod(v as LedgerPayment['method'])} />
          <TextInput label="Reference" description="Check number or terminal receipt" value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          <Select label="Pay first" placeholder="The oldest open charges" clearable
            data={open.map((c) => ({ value: c.charge_id, label: `${fmtDate(c.on)} — ${money(c.client)} open` }))} value={charge} onChange={setCharge} />
          <Text size="xs" c="dimmed">What is not needed for open charges stays on the account as credit for the next charge.</Text>
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Record payment</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RefundDialog({ payment, onClose, onSaved }: { payment: LedgerPayment; onClose: () => void; onSaved: (p: LedgerPayment) => void }) {
  const left = payment.amount - payment.refunded;
  const [amount, setAmount] = useState<number | string>(left / 100);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      onSaved(await api<LedgerPayment>('POST', `/api/v1/payments/${payment.id}/refund`, { amount: Math.round(Number(amount) * 100), reason }));
    } catch (x) {
      setProblem(x instanceof ApiError ? x.detail : 'Could not refund.');
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Refund the payment of ${fmtDate(payment.received_on)}`}>
      <form onSubmit={submit}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <NumberInput label={`Amount ($, up to ${money(left)})`} required min={0.01} decimalScale={2} value={amount} onChange={setAmount} />
          <Textarea label="Why" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit" color="red">Refund</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
