import { Alert, Box, Button, Card, Center, Code, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError, type Me } from '../api';
import { useLoad } from '../lib/useApi';

interface Enrollment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

// Staff must set up two-step sign-in (TOTP, RFC 6238) before anything else.
export function MfaEnroll({ me, onDone, onSignOut }: { me: Me; onDone: (me: Me) => void; onSignOut: () => void }) {
  // Each start of setup makes a new secret on the server; only the last one answered is shown.
  const started = useLoad<Enrollment>('enroll', () => api<Enrollment>('POST', '/api/v1/auth/mfa/enroll'), 'Could not start setup.');
  const enrollment = started.data;
  const [code, setCode] = useState('');
  const [confirmError, setError] = useState<string | null>(null);
  const error = started.error ?? confirmError;
  const [busy, setBusy] = useState(false);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await api<Me>('POST', '/api/v1/auth/mfa/confirm', { totp: code });
      onDone({ ...me, ...updated, session: me.session });
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : 'Could not confirm the code.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" padding="xl" w="100%" maw={520}>
        <form onSubmit={confirm}>
          <Stack>
            <Title order={1} size="h2">Set up two-step sign-in</Title>
            <Text size="sm">{me.practice.name} protects client information with a second step at sign-in.</Text>
            <List type="ordered" size="sm" spacing={4}>
              <List.Item>Open an authenticator app on your phone (for example Google Authenticator, 1Password or Authy).</List.Item>
              <List.Item>Scan the code below, or type the setup key.</List.Item>
              <List.Item>Enter the 6-digit code the app shows.</List.Item>
            </List>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            {enrollment && (
              <Group align="flex-start" wrap="wrap">
                <Box w={180} h={180} dangerouslySetInnerHTML={{ __html: enrollment.qr_svg }} />
                <Stack gap={4}>
                  <Text size="sm" fw={500}>Setup key</Text>
                  <Code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>{enrollment.secret}</Code>
                </Stack>
              </Group>
            )}
            <TextInput label="Verification code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required
              value={code} onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))} />
            <Group justify="space-between">
              <Button variant="subtle" onClick={onSignOut}>Sign out</Button>
              <Button type="submit" loading={busy} disabled={!enrollment}>Turn on two-step sign-in</Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
