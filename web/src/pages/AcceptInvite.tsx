// The page an invitation link opens: who invited whom as what, then a password. Accepting signs the
// person in; staff then set up two-step sign-in when the practice requires it.
import { Alert, Button, Card, Center, Loader, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type Me, roleLabels } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../lib/i18n';
import { useLoad } from '../lib/useApi';

interface Preview { practice: { name: string }; email: string; display_name: string; role: string; expires_at: string; mfa_required: boolean; guardian: boolean; existing_account: boolean }

export function AcceptInvite({ me, onAccepted }: { me: Me | null; onAccepted: (me: Me) => void }) {
  const t = useT();
  const { token = '' } = useParams();
  // The preview is a read (the token travels in the body, not the URL).
  const opened = useLoad<Preview>(token, () => api<Preview>('POST', '/api/v1/invitations/preview', { token }),
    'This invitation cannot be opened now.');
  const preview = opened.data;
  const [acceptError, setProblem] = useState<string | null>(null);
  const problem = opened.error ? t(opened.error) : acceptError;
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  // A guardian's invitation to an address that already has an account: signed in as that account, it adds the
  // client to it; signed out, it asks to sign in first and comes back here.
  const addToAccount = async () => {
    setBusy(true);
    try {
      await api('POST', '/api/v1/portal/links', { token });
      navigate('/');
    } catch (x) {
      setProblem(x instanceof ApiError ? t(x.detail) : t('The invitation could not be accepted.'));
    } finally {
      setBusy(false);
    }
  };
  const signInFirst = () => {
    sessionStorage.setItem('duet.next', `/invite/${token}`);
    navigate('/signin');
  };
  const existing = preview?.guardian && preview.existing_account;
  const sameAccount = existing && me?.user.email === preview?.email;


  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== again) return setErrors({ again: t('The two passwords differ.') });
    setErrors({});
    setBusy(true);
    try {
      onAccepted(await api<Me>('POST', '/api/v1/invitations/accept', { token, password }));
    } catch (x) {
      if (x instanceof ApiError && x.errors.length) setErrors(Object.fromEntries(x.errors.map((f) => [f.field, t(f.message)])));
      else setProblem(x instanceof ApiError ? t(x.detail) : t('The invitation could not be accepted.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={460}>
      <Card withBorder shadow="sm" padding="xl">
        <Stack>
          <Title order={1} size="h2">{preview ? t('Join {practice} on Duet', { practice: preview.practice.name }) : t('Join your practice on Duet')}</Title>
          {me && !sameAccount && <Alert color="yellow" role="status">{t('You are signed in as {email}. Sign out first to accept an invitation for someone else.', { email: me.user.email })}</Alert>}
          {preview && sameAccount && (
            <Stack>
              <Text>{t('{practice} has given your account access to the pages of someone in your care. You will choose whose pages to see at the top of your page.', { practice: preview.practice.name })}</Text>
              <Button size="md" loading={busy} onClick={() => void addToAccount()}>{t('Add to my account')}</Button>
            </Stack>
          )}
          {preview && existing && !me && (
            <Stack>
              <Text>{t('{practice} has given you access to the pages of someone in your care. {email} already has an account: sign in, and this page adds them to it.', { practice: preview.practice.name, email: preview.email })}</Text>
              <Button size="md" onClick={signInFirst}>{t('Sign in to continue')}</Button>
            </Stack>
          )}
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          {!preview && !problem && <Loader aria-label={t('Opening the invitation')} />}
          {preview && !me && !existing && (
            <form onSubmit={submit} noValidate>
              <Stack>
                {preview.guardian ? (
                  <Text>
                    {t('{practice} has given you access to the pages of someone in your care: their visits, forms and messages, as the practice allows.', { practice: preview.practice.name })}{' '}
                    {t('You will sign in with')} <strong>{preview.email}</strong>.
                  </Text>
                ) : preview.role === 'client' ? (
                  <Text>
                    {t('{practice} has set up an account for you to see your visits and join video visits.', { practice: preview.practice.name })}{' '}
                    {t('You will sign in with')} <strong>{preview.email}</strong>.
                  </Text>
                ) : (
                  <Text>
                    {preview.display_name}, you are invited as <strong>{roleLabels[preview.role] ?? preview.role}</strong>. You will sign in with{' '}
                    <strong>{preview.email}</strong>.
                  </Text>
                )}
                <PasswordInput label={t('Choose a password')} description={t('At least 12 characters; a short sentence is easy to remember.')} autoComplete="new-password"
                  required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
                <PasswordInput label={t('Type it again')} autoComplete="new-password" required value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={errors.again} />
                {preview.mfa_required && preview.role !== 'client' && <Text size="sm" c="dimmed">Next you set up two-step sign-in with an authenticator app on your phone.</Text>}
                <Button type="submit" loading={busy} size="md">{t('Accept and sign in')}</Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
      <LanguageSwitch />
      </Stack>
    </Center>
  );
}
