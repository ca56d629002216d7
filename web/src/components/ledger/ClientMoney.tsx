// The rest of the chart's Billing tab: a card payment page for what the client owes (opened here, or
// e-mailed as a link), invoices and the statement as PDFs, and Good Faith Estimates (owed, issued,
// drafted from the bookings, printed; billed against them per provider).
import { Alert, Badge, Button, Card, Checkbox, CopyButton, Group, Modal, NumberInput, Select, Stack, Table, Text, Textarea,
  Title } from '@mantine/core';
import { DateInput } from '../../lib/dateInput';
import { type FormEvent, useState } from 'react';
import { api, ApiError } from '../../api';
import { fmtDate } from '../../lib/format';
import { money } from '../../lib/scheduling';
import { useApi } from '../../lib/useApi';
import type { CardOnFile, Checkout, EstimateList, GoodFaithEstimate, Invoice, Page, PaymentSettings } from '../../types';

export function CardPayment({ clientId, owed, onChanged }: { clientId: string; owed: number; onChanged: () => void }) {
  const settings = useApi<PaymentSettings>('/api/v1/billing/payment-processor');
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState<number | string>('');
  const [send, setSend] = useState(false);
  const [page, setPage] = useState<Checkout | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!settings.data?.connected) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      setPage(await api<Checkout>('POST', `/api/v1/clients/${clientId}/checkout`,
        { ...(amount === '' ? {} : { amount: Math.round(Number(amount) * 100) }), send }));
      onChanged();
    } catch (x) {
      setProblem(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'Could not open a payment page.');
    }
  };
  const close = () => { setOpen(false); setPage(null); setProblem(null); setAmount(''); };
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>Pay by card online</Button>
      <Modal opened={open} onClose={close} title="Card payment online" closeButtonProps={{ "aria-label": "Close" }}>
        {page ? (
          <Stack data-testid="payment-page">
            <Text size="sm">A payment page for {money(page.amount)} is ready{send && !page.mail_problem ? ' and the link was e-mailed to the client' : ''}. The payment is posted
              when the client pays.</Text>
            {page.mail_problem && <Alert color="yellow" role="alert">{page.mail_problem}</Alert>}
            <Group wrap="nowrap"><Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{page.url}</Text>
              <CopyButton value={page.url}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
            </Group>
            <Group justify="flex-end"><Button component="a" href={page.url} target="_blank" rel="noopener">Open the page</Button></Group>
          </Stack>
        ) : (
          <form onSubmit={submit}>
            <Stack>
              {problem && <Alert color="red" role="alert">{problem}</Alert>}
              <NumberInput label="Amount ($)" description={`Empty: what the client owes (${money(owed)}), or their deposit`} min={0.01}
                decimalScale={2} value={amount} onChange={setAmount} />
              <Checkbox label="E-mail the link to the client" checked={send} onChange={(e) => setSend(e.currentTarget.checked)} />
              <Group justify="flex-end"><Button variant="subtle" onClick={close}>Cancel</Button><Button type="submit">Make the payment page</Button></Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}

export function Invoices({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const listed = useApi<Page<Invoice>>(`/api/v1/clients/${clientId}/invoices`, 'Could not load the invoices.');
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [send, setSend] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [issued, setIssued] = useState<Invoice | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const inv = await api<Invoice>('POST', `/api/v1/clients/${clientId}/invoices`, { ...(from ? { from } : {}), ...(to ? { to } : {}), send });
      setOpen(false);
      setIssued(inv);
      listed.reload();
    } catch (x) {
      setProblem(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'Could not issue the invoice.');
    }
  };
  const items = listed.data?.items ?? [];
  return (
    <Card withBorder data-testid="invoices">
      <Group justify="space-between">
        <Title order={3} size="h5">Invoices and statements</Title>
        <Group>
          <Button variant="default" component="a" href={`/api/v1/clients/${clientId}/statement.pdf`} download>Statement (PDF)</Button>
          {canWrite && <Button variant="default" onClick={() => setOpen(true)}>Issue an invoice</Button>}
        </Group>
      </Group>
      {issued && (
        <Alert mt="sm" color={issued.mail_problem ? 'yellow' : 'teal'} role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setIssued(null)}>
          {`Invoice ${issued.number} issued${issued.sent_at ? ' and e-mailed' : ''}: ${money(issued.owed)} due.`}{issued.mail_problem && ` ${issued.mail_problem}`}
        </Alert>
      )}
      {listed.error && <Alert mt="sm" color="red" role="alert">{listed.error}</Alert>}
      {listed.data && items.length === 0 && <Text size="sm" c="dimmed" mt="xs">No invoices yet.</Text>}
      {items.length > 0 && (
        <Table fz="sm" mt="xs">
          <Table.Thead><Table.Tr><Table.Th>Number</Table.Th><Table.Th>Issued</Table.Th><Table.Th>Period</Table.Th><Table.Th>Due</Table.Th><Table.Th>Sent</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.number}</Table.Td><Table.Td>{fmtDate(i.issued_on)}</Table.Td>
                <Table.Td>{fmtDate(i.period_from)} – {fmtDate(i.period_to)}</Table.Td><Table.Td>{money(i.owed)} by {fmtDate(i.due_on)}</Table.Td>
                <Table.Td>{i.sent_at ? fmtDate(i.sent_at) : '—'}</Table.Td>
                <Table.Td><Button size="xs" variant="subtle" component="a" href={`/api/v1/invoices/${i.id}/pdf`} download>PDF</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Issue an invoice" closeButtonProps={{ "aria-label": "Close" }}>
        <form onSubmit={submit}>
          <Stack>
            {problem && <Alert color="red" role="alert">{problem}</Alert>}
            <Group grow>
              <DateInput label="Services from" valueFormat="YYYY-MM-DD" placeholder="30 days ago" value={from} onChange={setFrom} clearable />
              <DateInput label="to" valueFormat="YYYY-MM-DD" placeholder="Today" value={to} onChange={setTo} clearable />
            </Group>
            <Checkbox label="E-mail the client that it is ready (the e-mail names no service)" checked={send} onChange={(e) => setSend(e.currentTarget.checked)} />
            <Group justify="flex-end"><Button variant="subtle" onClick={() => setOpen(false)}>Cancel</Button><Button type="submit">Issue</Button></Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

export function Estimates({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const listed = useApi<EstimateList>(`/api/v1/good-faith-estimates?client_id=${clientId}`, 'Could not load the Good Faith Estimates.');
  const [draft, setDraft] = useState<GoodFaithEstimate | null>(null);
  const [months, setMonths] = useState<string>('12');
  const [extra, setExtra] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const body = () => ({ client_id: clientId, months: Number(months), separately_scheduled: extra });
  const preview = async () => {
    setProblem(null);
    try {
      setDraft(await api<GoodFaithEstimate>('POST', '/api/v1/good-faith-estimates?dry_run=true', body()));
    } catch (x) {
      setProblem(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'Could not draft the estimate.');
    }
  };
  const issue = async () => {
    try {
      const e = await api<GoodFaithEstimate>('POST', '/api/v1/good-faith-estimates', body());
      setDraft(null);
      setDone(`Good Faith Estimate ${e.number} issued: ${money(e.total)} over ${fmtDate(e.period_from)} – ${fmtDate(e.period_to)}. Print it or give it in the portal.`);
      listed.reload();
    } catch (x) {
      setProblem(x instanceof ApiError ? (x.errors[0]?.message ?? x.detail) : 'Could not issue the estimate.');
    }
  };
  const l = listed.data;
  return (
    <Card withBorder data-testid="estimates">
      <Group justify="space-between">
        <Title order={3} size="h5">Good Faith Estimates</Title>
        {canWrite && <Button variant="default" onClick={() => void preview()}>Draft an estimate</Button>}
      </Group>
      <Text size="xs" c="dimmed">Owed to self-pay and uninsured clients (No Surprises Act); kept six years.</Text>
      {l?.due.map((d) => (
        <Alert key={`${d.trigger}-${d.since}`} mt="xs" color={d.overdue ? 'red' : 'yellow'} role="status">
          An estimate is {d.overdue ? 'overdue' : 'due'}: {d.trigger === 'requested' ? 'the client asked' : 'visits are booked'} on {fmtDate(d.since)}, due by {fmtDate(d.due_on)}.
        </Alert>
      ))}
      {done && <Alert mt="sm" color="teal" role="status" withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>{done}</Alert>}
      {problem && <Alert mt="sm" color="red" role="alert">{problem}</Alert>}
      {l && l.estimates.length === 0 && <Text size="sm" c="dimmed" mt="xs">None issued.</Text>}
      {l && l.estimates.length > 0 && (
        <Table fz="sm" mt="xs">
          <Table.Thead><Table.Tr><Table.Th>Number</Table.Th><Table.Th>Period</Table.Th><Table.Th>Estimated</Table.Th><Table.Th>Billed so far</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {l.estimates.map((e) => {
              const billed = e.variances.reduce((n, v) => n + v.billed, 0);
              const over = e.variances.some((v) => v.dispute_eligible);
              return (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.number} {e.status === 'superseded' && <Badge color="gray.8" size="xs">replaced</Badge>}</Table.Td>
                  <Table.Td>{fmtDate(e.period_from)} – {fmtDate(e.period_to)}</Table.Td>
                  <Table.Td>{money(e.total)}</Table.Td>
                  <Table.Td>{money(billed)} {over && <Badge color="red.9" size="xs">$400+ over for a provider</Badge>}</Table.Td>
                  <Table.Td><Button size="xs" variant="subtle" component="a" href={`/api/v1/good-faith-estimates/${e.id}/pdf`} download>PDF</Button></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={!!draft} onClose={() => setDraft(null)} title="Good Faith Estimate (draft)" size="lg" closeButtonProps={{ "aria-label": "Close" }}>
        {draft && (
          <Stack>
            <Text size="sm">For {draft.client_name} · born {draft.client_birth_date} · {draft.diagnoses_withheld ? 'diagnosis codes as on the chart (printed on the estimate)' : draft.diagnoses.join('; ') || 'no diagnosis yet'}</Text>
            <Select label="Period" data={[{ value: '3', label: '3 months' }, { value: '6', label: '6 months' }, { value: '12', label: '12 months' }]}
              value={months} allowDeselect={false} onChange={(v) => { if (v) { setMonths(v); } }} w={200} />
            <Table fz="sm">
              <Table.Thead><Table.Tr><Table.Th>Service</Table.Th><Table.Th>Provider</Table.Th><Table.Th>Visits</Table.Th><Table.Th>Fee</Table.Th><Table.Th>Total</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {draft.items.map((i) => (
                  <Table.Tr key={`${i.clinician_id}-${i.service_id}-${i.mode}`}>
                    <Table.Td>{i.description}</Table.Td><Table.Td>{i.provider_name} · NPI {i.npi}</Table.Td><Table.Td>{i.quantity}</Table.Td>
                    <Table.Td>{money(i.unit_fee)}</Table.Td><Table.Td>{money(i.total)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text fw={600}>Total estimated: {money(draft.total)}</Text>
            <Textarea label="Items to be scheduled separately" value={extra} onChange={(e) => setExtra(e.currentTarget.value)} autosize minRows={2} />
            <Text size="xs" c="dimmed">Drafted from the client's booked visits and the practice's fees (and sliding scale). The PDF carries every required notice.</Text>
            <Group justify="flex-end">
              <Button variant="subtle" onClick={() => void preview()}>Draft again</Button>
              <Button onClick={() => void issue()}>Issue the estimate</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

// A card kept at the processor with the client's consent: the page to save it (opened here or sent to the
// client), charging what they owe to it, and forgetting it when they withdraw consent.
export function CardOnFileActions({ clientId, owed, onChanged }: { clientId: string; owed: number; onChanged: () => void }) {
  const settings = useApi<PaymentSettings>('/api/v1/billing/payment-processor');
  const card = useApi<CardOnFile>(settings.data?.connected ? `/api/v1/clients/${clientId}/card-on-file` : null);
  const [page, setPage] = useState<Checkout | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!settings.data?.connected || !card.data) return null;
  const act = async (call: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ ok: true, text: await call() });
      card.reload();
      onChanged();
    } catch (x) {
      setMessage({ ok: false, text: x instanceof ApiError ? x.detail : 'Could not do that.' });
    }
  };
  return (
    <Stack gap={4} data-testid="card-on-file">
      <Group gap="xs">
        {card.data.on_file ? (
          <>
            <Badge color="teal.9">Card on file since {fmtDate(card.data.consented_at ?? '')}</Badge>
            {owed > 0 && <Button size="xs" onClick={() => void act(async () => {
              const p = await api<{ amount: number }>('POST', `/api/v1/clients/${clientId}/card-on-file/charge`, {});
              return `Charged ${money(p.amount)} to the card on file.`;
            })}>Charge {money(owed)} to the card on file</Button>}
            <Button size="xs" variant="subtle" color="red" onClick={() => void act(async () => {
              await api('DELETE', `/api/v1/clients/${clientId}/card-on-file`);
              return 'The card was forgotten.';
            })}>Forget the card</Button>
          </>
        ) : (
          <Button size="xs" variant="default" onClick={() => void act(async () => {
            const p = await api<Checkout>('POST', `/api/v1/clients/${clientId}/card-on-file`);
            setPage(p);
            return 'Give the client this page to save a card; they see the words they consent to there.';
          })}>Keep a card on file</Button>
        )}
      </Group>
      {message && <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'} withCloseButton closeButtonLabel="Dismiss" onClose={() => setMessage(null)}>{message.text}</Alert>}
      {page && (
        <Group wrap="nowrap"><Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{page.url}</Text>
          <CopyButton value={page.url}>{({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Group>
      )}
    </Stack>
  );
}
