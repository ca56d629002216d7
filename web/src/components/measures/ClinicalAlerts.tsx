// Safety alerts on the clinician's home page (a PHQ-9 item 9 answer above zero): shown at once —
// the server pushes "alert.new" over /api/v1/live — until someone acknowledges them.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import { fmtDateTime } from '../../lib/format';

interface ClinicalAlert {
  id: string;
  client_id: string;
  client_name: string;
  kind: string;
  created_at: string;
}

const LABEL: Record<string, string> = {
  phq9_item9: 'answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm) above "not at all"',
};

/** Open safety alerts: all the viewer's clients (home page), or one client's (`clientId`, the chart header). */
export function ClinicalAlerts({ clientId }: { clientId?: string } = {}) {
  const [alerts, setAlerts] = useState<ClinicalAlert[]>([]);
  const load = useCallback(() => {
    api<{ items: ClinicalAlert[] }>('GET', '/api/v1/alerts')
      .then((r) => setAlerts(clientId ? r.items.filter((a) => a.client_id === clientId) : r.items))
      .catch(() => undefined);
  }, [clientId]);
  useEffect(() => {
    load();
    const url = new URL('/api/v1/live', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.onmessage = (e) => {
      if (JSON.parse(e.data).type === 'alert.new') load();
    };
    return () => ws.close();
  }, [load]);
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
