import { Alert, Anchor, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { api, ApiError, type Me } from '../api';

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<Me>('POST', '/api/v1/auth/login', needCode ? { email, password, totp } : { email, password });
      onSignedIn(me);
    } catch (err) {
      if (err instanceof ApiError && err.isMfaRequired) {
        setNeedCode(true);
        setTimeout(() => codeRef.current?.focus(), 0);
      } else {
        setError(err instanceof ApiError ? err.detail : 'Sign-in failed. Try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" padding="xl" w="100%" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">Sign in to Duet</Title>
              <Text c="dimmed" size="sm">One calendar, one record and one bill for in-person and video care.</Text>
            </div>
            {notice && <Alert color="blue" role="status">{notice}</Alert>}
            {error && <Alert color="red" role="alert" title="Could not sign in">{error}</Alert>}
            <TextInput label="E-mail" type="email" autoComplete="username" required value={email}
              onChange={(e) => setEmail(e.currentTarget.value)} disabled={needCode} />
            <PasswordInput label="Password" autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.currentTarget.value)} disabled={needCode} />
            {needCode && (
              <TextInput ref={codeRef} label="Verification code" description="The 6-digit code from your authenticator app."
                inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={totp}
                onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, ''))} />
            )}
            <Button type="submit" loading={busy} fullWidth size="md">{needCode ? 'Verify and sign in' : 'Sign in'}</Button>
            {needCode && (
              <Anchor component="button" type="button" size="sm" onClick={() => { setNeedCode(false); setTotp(''); }}>
                Use a different account
              </Anchor>
            )}
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
