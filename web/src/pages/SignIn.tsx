import { Alert, Anchor, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type Me } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../lib/i18n';

/** The sign-in pages' card, centred on the screen. */
function Frame({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420}>
        <Card withBorder shadow="sm" padding="xl">{children}</Card>
        <LanguageSwitch />
      </Stack>
    </Center>
  );
}

/** A client who prefers not to type a password asks for a link by e-mail (the answer is the same for any address). */
function EmailLink({ email, onBack }: { email: string; onBack: () => void }) {
  const t = useT();
  const [address, setAddress] = useState(email);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/auth/sign-in-link', { email: address });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? t(err.errors[0]?.message ?? err.detail) : t('The link could not be sent. Try again.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={1} size="h2">{t('Sign in with an e-mailed link')}</Title>
        {sent ? (
          <Alert color="teal" role="status">{t('If {address} has a client account, a sign-in link is on its way. It works once, for 15 minutes.', { address })}</Alert>
        ) : (
          <>
            <Text size="sm">{t('For clients: we e-mail you a link that signs you in once. Staff sign in with their password.')}</Text>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label={t('E-mail')} type="email" autoComplete="username" required value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
            <Button type="submit" loading={busy} fullWidth size="md">{t('E-mail me a link')}</Button>
          </>
        )}
        <Anchor component="button" type="button" size="sm" onClick={onBack}>{t('Sign in with a password')}</Anchor>
      </Stack>
    </form>
  );
}

/** The page an e-mailed link opens: one button signs in (a mail scanner opening the link does not use it). */
export function SignInWithLink({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const t = useT();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function go() {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Me>('POST', '/api/v1/auth/sign-in-link/redeem', { token }));
    } catch (err) {
      setError(err instanceof ApiError ? t(err.detail) : t('Sign-in failed. Try again.'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Frame>
      <Stack>
        <Title order={1} size="h2">{t('Sign in to Duet')}</Title>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <Button size="md" loading={busy} onClick={() => void go()}>{t('Sign in')}</Button>
        <Anchor component="button" type="button" size="sm" onClick={() => navigate('/signin')}>{t('Sign in another way')}</Anchor>
      </Stack>
    </Frame>
  );
}

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (me: Me) => void }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const [byLink, setByLink] = useState(false);

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
        setError(err instanceof ApiError ? t(err.detail) : t('Sign-in failed. Try again.'));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Frame>
        {byLink ? <EmailLink email={email} onBack={() => setByLink(false)} /> : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2">{t('Sign in to Duet')}</Title>
              <Text c="dimmed" size="sm">{t('One calendar, one record and one bill for in-person and video care.')}</Text>
            </div>
            {notice && <Alert color="blue" role="status">{t(notice)}</Alert>}
            {error && <Alert color="red" role="alert" title={t('Could not sign in')}>{error}</Alert>}
            <TextInput label={t('E-mail')} type="email" autoComplete="username" required value={email}
              onChange={(e) => setEmail(e.currentTarget.value)} disabled={needCode} />
            <PasswordInput label={t('Password')} autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.currentTarget.value)} disabled={needCode} />
            {needCode && (
              <TextInput ref={codeRef} label={t('Verification code')} description={t('The 6-digit code from your authenticator app.')}
                inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={totp}
                onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, ''))} />
            )}
            <Button type="submit" loading={busy} fullWidth size="md">{needCode ? t('Verify and sign in') : t('Sign in')}</Button>
            {needCode && (
              <Anchor component="button" type="button" size="sm" onClick={() => { setNeedCode(false); setTotp(''); }}>
                {t('Use a different account')}
              </Anchor>
            )}
            {!needCode && (
              <Anchor component="button" type="button" size="sm" onClick={() => setByLink(true)}>
                {t('Client? E-mail me a sign-in link instead')}
              </Anchor>
            )}
          </Stack>
        </form>
        )}
    </Frame>
  );
}
