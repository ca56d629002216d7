// The client's own record in the portal: past visits, the documents the practice shared, their
// questionnaire results over time, and a request for their whole record (answered within 30 days).
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { fmtDate, fmtVisit } from '../lib/format';
import { useT, w } from '../lib/i18n';
import { useApi } from '../lib/useApi';
import type { PortalRecords as Records } from '../types';

const MODE: Record<string, string> = { in_person: w('In person'), video: w('Video'), audio: w('Phone') };

export function PortalRecords() {
  const t = useT();
  const records = useApi<Records>('/api/v1/portal/records', 'Your records could not be loaded.');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const r = records.data;
  if (records.error) return <Alert color="red" role="alert">{t(records.error)}</Alert>;
  if (!r) return null;
  const open = r.requests.find((x) => x.status === 'open');
  const ask = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', '/api/v1/portal/record-requests');
      records.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? t(e.detail) : t('The request was not sent. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="records">
      <Title order={2} size="h3" id="records" mb="sm">{t('Your records')}</Title>
      <Stack gap="sm">
        <Card withBorder padding="sm">
          <Text fw={700}>{t('Documents')}</Text>
          {r.documents.length === 0 ? <Text size="sm">{t('Nothing shared with you yet.')}</Text> : (
            <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {r.documents.map((d) => (
                <li key={d.id}>
                  <Anchor href={`/api/v1/portal/documents/${d.id}`} target="_blank" rel="noopener" underline="always">{d.title}</Anchor>
                  <Text span size="sm"> · {fmtDate(d.document_date ?? d.created_at)}</Text>
                </li>
              ))}
            </Stack>
          )}
        </Card>
        {r.results.length > 0 && (
          <Card withBorder padding="sm">
            <Text fw={700}>{t('Your check-ins')}</Text>
            {/* One line a result (a phone's width): the date, the check-in, the score and its band. */}
            <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('Your questionnaire results')}>
              {r.results.map((x) => (
                <Text component="li" size="sm" key={`${x.instrument}-${x.completed_at}`}>
                  {fmtDate(x.completed_at)} · {x.name} · {t('Score')} {x.total} ({t(x.band)})
                </Text>
              ))}
            </Stack>
          </Card>
        )}
        <Card withBorder padding="sm">
          <Text fw={700}>{t('Your whole record')}</Text>
          <Text size="sm">{t('You may ask for a copy of your whole record. The practice answers within 30 days; the copy appears under Documents.')}</Text>
          {problem && <Alert color="red" role="alert" mt="xs">{problem}</Alert>}
          {open ? (
            <Badge mt="xs" variant="outline" color="dark">{t('Asked for on {date} · due by {due}', { date: fmtDate(open.requested_at), due: fmtDate(open.due_at) })}</Badge>
          ) : (
            <Group mt="xs"><Button variant="default" loading={busy} onClick={ask}>{t('Ask for my whole record')}</Button></Group>
          )}
        </Card>
        <Card withBorder padding="sm">
          <Text fw={700}>{t('Past visits')}</Text>
          {r.visits.length === 0 ? <Text size="sm">{t('No past visits.')}</Text> : (
            <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {r.visits.slice(0, 50).map((v) => (
                <Text component="li" size="sm" key={v.id}>{fmtVisit(v.start)} · {t(MODE[v.mode] ?? v.mode)} · {v.clinician_name}</Text>
              ))}
            </Stack>
          )}
          {r.visits.length > 50 && <Text size="sm" mt={4}>{t('And {count} earlier visits in your whole record.', { count: r.visits.length - 50 })}</Text>}
        </Card>
      </Stack>
    </section>
  );
}
