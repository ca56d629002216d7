// Safety alerts on the clinician's home page (a PHQ-9 item 9 answer above zero): shown at once —
// the server pushes "alert.new" over /api/v1/live — until someone acknowledges them.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import { fmtDateTime } from '../../lib/format';
import { useApi } from '../../lib/useApi';
import { useLive } from '../../lib/useLive';
import type { Page } from '../../types';

interface ClinicalAlert {
  id: string;
  client_id: string;
  client_name: string;
  kind: string;
  created_at: string;
}

const LABEL: Record<string, string> = {
  phq9_item9: 'answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm) above "not at all"',
  intake_safety: 'gave an answer on an intake form that the practice asked to be alerted to (see the form in Documents)',
};

/** Open safety alerts: all the viewer's clients (home page), or one client's (`clientId`, the chart header). */
export function ClinicalAlerts({ clientId }: { clientId?: string } = {}) {
  const open = useApi<Page<ClinicalAlert>>('/api/v1/alerts');
  const load = open.reload;
  useLive('alert.new', load);
  const alerts = (open.data?.items ?? []).filter((a) => !clientId || a.client_id === clientId);
  if (alerts.length === 0) return null;
  return (
    <Alert color="red" variant="outline" title="Needs your attention now" role="alert" data-testid="clinical-alerts">
      <Stack gap="xs">
        {alerts.map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap">
            <Text size="sm">
              {clientId ? a.client_name : <Link to={`/clients/${a.client_id}`}>{a.client_name}</Link>} {LABEL[a.kind] ?? a.kind} — {fmtDateTime(a.created_at)}
            </Text>
            <Button size="xs" variant="outline" color="red.9" onClick={() => api('POST', `/api/v1/alerts/${a.id}/acknowledge`).then(load, load)}>Acknowledge</Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
