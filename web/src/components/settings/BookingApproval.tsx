// Settings → Services → Client bookings (owner): clients' own bookings (portal and public page) are confirmed at
// once — the default, no approval queue — or held as requests until the front desk approves them on Today.
import { Alert, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { useApi } from '../../lib/useApi';

export function BookingApproval() {
  const loaded = useApi<{ booking_approval: boolean }>('/api/v1/portal-settings', 'The booking setting could not be loaded.');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = async (on: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      await api('PUT', '/api/v1/portal-settings', { booking_approval: on });
      loaded.reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'The setting was not saved.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack maw={560}>
      <Title order={3} size="h5">Client bookings</Title>
      {(loaded.error || problem) && <Alert color="red" role="alert">{loaded.error ?? problem}</Alert>}
      {loaded.data && (
        <Switch label="Confirm clients' own bookings before they count" checked={loaded.data.booking_approval} disabled={busy}
          onChange={(e) => void set(e.currentTarget.checked)} />
      )}
      <Text size="sm" c="dimmed">Off: a client's booking is confirmed at once under every rule. On: it waits, its time held, until someone approves it on Today; the client is told either way.</Text>
    </Stack>
  );
}
