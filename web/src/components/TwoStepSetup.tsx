// Setting up two-step sign-in (TOTP, RFC 6238): scan the code (or type the key) into an authenticator app,
// then confirm with the code it shows. Staff must do it when the practice requires it (pages/MfaEnroll);
// a client may, from their own page. In the page's language.
import { Alert, Box, Button, Code, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { api, ApiError, type Me, setCsrf } from '../api';
import { useT } from '../lib/i18n';
import { useLoad } from '../lib/useApi';

interface Enrollment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export function TwoStepSetup({ onDone, extra }: { onDone: (me: Me) => void; extra?: ReactNode }) {
  const t = useT();
  // Each start of setup makes a new secret on the server; only the last one answered is shown.
  const started = useLoad<Enrollment>('enroll', () => api<Enrollment>('POST', '/api/v1/auth/mfa/enroll'), 'Could not start setup.');
  const enrollment = started.data;
  const [code, setCode] = useState('');
  const [confirmError, setError] = useState<string | null>(null);
  const error = started.error ? t(started.error) : confirmError;
  const [busy, setBusy] = useState(false);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // Turning it on renews the session: later requests carry the new token.
      const updated = await api<Me>('POST', '/api/v1/auth/mfa/confirm', { totp: code });
      if (updated.csrf_token) setCsrf(updated.csrf_token);
      onDone(updated);
    } catch (err) {
      setError(err instanceof ApiError ? t(err.detail) : t('Could not confirm the code.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={confirm}>
      <Stack>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('Open an authenticator app on your phone (for example Google Authenticator, 1Password or Authy).')}</List.Item>
          <List.Item>{t('Scan the code below, or type the setup key.')}</List.Item>
          <List.Item>{t('Enter the 6-digit code the app shows.')}</List.Item>
        </List>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {enrollment && (
          <Group align="flex-start" wrap="wrap">
            <Box w={180} h={180} dangerouslySetInnerHTML={{ __html: enrollment.qr_svg }} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('Setup key')}</Text>
              <Code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>{enrollment.secret}</Code>
            </Stack>
          </Group>
        )}
        <TextInput label={t('Verification code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required
          value={code} onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))} />
        <Group justify="space-between">
          {extra ?? <span />}
          <Button type="submit" loading={busy} disabled={!enrollment}>{t('Turn on two-step sign-in')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
