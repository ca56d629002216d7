// The client's bills in the portal: what they owe (or a deposit due), paying by card on the
// processor's page, their invoices and statement as PDFs.
import { Alert, Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { fmtDate, money } from '../lib/format';
import { useT } from '../lib/i18n';
import { useApi } from '../lib/useApi';
import type { Bills, Checkout, GoodFaithEstimate, Page } from '../types';

export function PortalBills() {
  const t = useT();
  const bills = useApi<Bills>('/api/v1/portal/bills', 'Your bills could not be loaded.');
  const estimates = useApi<Page<GoodFaithEstimate>>('/api/v1/portal/estimates');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const paid = new URLSearchParams(window.location.search).get('paid') === '1';
  const b = bills.data;
  if (bills.error) return <Alert color="red" role="alert">{t(bills.error)}</Alert>;
  if (!b) return null;
  const owed = Math.max(0, b.balance.client - b.balance.credit);
  const pay = async () => {
    setProblem(null);
    setBusy(true);
    try {
      const page = await api<Checkout>('POST', '/api/v1/portal/checkout', {});
      window.location.assign(page.url);
    } catch (x) {
      setProblem(x instanceof ApiError ? t(x.detail) : t('The payment page could not be opened.'));
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="bills">
      <Title order={2} size="h3" id="bills" mb="sm">{t('Your bills')}</Title>
      <Card withBorder>
        <Stack gap="xs">
          {paid && <Alert color="teal" role="status">{t('Thank you: your payment is being recorded.')}</Alert>}
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <Text fw={700} size="lg" data-testid="portal-owed">{owed > 0 ? t('You owe {amount}', { amount: money(owed) }) : b.deposit_due > 0 ? t('Deposit due: {amount}', { amount: money(b.deposit_due) }) : t('You owe nothing.')}</Text>
          {b.balance.credit > 0 && <Text size="sm">{t('Credit on your account: {amount}', { amount: money(b.balance.credit) })}</Text>}
          {b.balance.payer > 0 && <Text size="sm">{t('Waiting on your insurance: {amount}', { amount: money(b.balance.payer) })}</Text>}
          <Group>
            {b.can_pay_online && (owed > 0 || b.deposit_due > 0) && <Button loading={busy} onClick={() => void pay()}>{t('Pay by card')}</Button>}
            <Button variant="default" component="a" href="/api/v1/portal/statement.pdf" download>{t('Statement (PDF)')}</Button>
            {b.can_pay_online && !b.card_on_file && (
              <Button variant="default" onClick={() => void api<Checkout>('POST', '/api/v1/portal/card-on-file').then((p) => window.location.assign(p.url))
                .catch((x: unknown) => setProblem(x instanceof ApiError ? t(x.detail) : t('The page could not be opened.')))}>{t('Keep a card on file')}</Button>
            )}
            {b.card_on_file && (
              <Button variant="subtle" color="red" onClick={() => void api('DELETE', '/api/v1/portal/card-on-file').then(() => bills.reload())
                .catch((x: unknown) => setProblem(x instanceof ApiError ? t(x.detail) : t('The card could not be removed.')))}>{t('Remove my card on file')}</Button>
            )}
          </Group>
          {(estimates.data?.items ?? []).map((e) => (
            <Text size="sm" key={e.id}>
              <Anchor href={`/api/v1/portal/estimates/${e.id}/pdf`} underline="always">{t('Good Faith Estimate {number}', { number: e.number })}</Anchor> · {t('{amount} expected from {from} to {to}', { amount: money(e.total), from: fmtDate(e.period_from), to: fmtDate(e.period_to) })}
            </Text>
          ))}
          {b.invoices.length > 0 && (
            <Stack gap={2} component="ul" p={0} style={{ listStyle: 'none' }}>
              {b.invoices.map((i) => (
                <Text component="li" size="sm" key={i.id}>
                  <Anchor href={`/api/v1/portal/invoices/${i.id}/pdf`} underline="always">{t('Invoice {number}', { number: i.number })}</Anchor> · {fmtDate(i.issued_on)} · {t('{amount} due by {date}', { amount: money(i.owed), date: fmtDate(i.due_on) })}
                </Text>
              ))}
            </Stack>
          )}
        </Stack>
      </Card>
    </section>
  );
}
