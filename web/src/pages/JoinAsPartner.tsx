// The page a partner invitation's e-mail link opens, for an organization not yet on this server: who invites it,
// then its practice's name and its owner's account. Joining creates the practice and connects it at once; the
// owner then signs in and sets up two-step sign-in like any owner. An organization already on Duet connects with
// the code under Settings → Partner organizations instead.
import { Alert, Button, Card, Center, Loader, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError, type Me } from '../api';
import { fmtDate } from '../lib/format';
import { useLoad } from '../lib/useApi';
import type { PartnerInvitePreview } from '../types';

export function JoinAsPartner({ me, onJoined }: { me: Me | null; onJoined: (practiceName: string) => void }) {
  const { code = '' } = useParams();
  // The code travels in the body, not in a request's URL.
  const opened = useLoad<PartnerInvitePreview>(code, () => api<PartnerInvitePreview>('POST', '/api/v1/partners/join/preview', { token: code }),
    'This invitation cannot be opened now.');
  const preview = opened.data;
  const [practiceName, setPracticeName] = useState('');
  const [ownerName, setOwnerName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== again) return setErrors({ again: 'The two passwords differ.' });
    setErrors({});
    setProblem(null);
    setBusy(true);
    try {
      await api('POST', '/api/v1/partners/join', { token: code, practice_name: practiceName.trim(), owner_name: ownerName.trim(),
        owner_email: email.trim(), password });
      onJoined(practiceName.trim());
    } catch (x) {
      if (x instanceof ApiError && x.errors.length) setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      else setProblem(x instanceof ApiError ? x.detail : 'Your practice could not be created.');
    } finally {
      setBusy(false);
    }
  }

  const error = opened.error ?? problem;
  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" padding="xl" w="100%" maw={520}>
        <Stack>
          <Title order={1} size="h2">{preview ? `Work with ${preview.practice_name} on Duet` : 'Join as a partner organization'}</Title>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          {!preview && !error && <Loader aria-label="Opening the invitation" />}
          {preview && me && (
            <Alert color="yellow" role="status">
              You are signed in to {me.practice.name}. If that is {preview.name}, its owner connects with the code under Settings → Partner
              organizations. To create a new practice here, sign out first.
            </Alert>
          )}
          {preview && !me && (
            <form onSubmit={submit} noValidate>
              <Stack>
                <Text>
                  {preview.practice_name} invites <strong>{preview.name}</strong> to connect as a partner organization: your clinicians will see
                  the records of clients who sign a release naming you, only what it covers, for as long as it lasts. Create your practice on
                  this server to connect (the invitation works once, until {fmtDate(preview.expires_at)}).
                </Text>
                <TextInput label="Your practice's name" required maxLength={200} value={practiceName} error={errors.practice_name ?? errors.name}
                  onChange={(e) => setPracticeName(e.currentTarget.value)} />
                <TextInput label="Your name" description="You will be the practice's owner: you invite your clinicians and staff." required maxLength={200}
                  value={ownerName} error={errors.owner_name} onChange={(e) => setOwnerName(e.currentTarget.value)} />
                <TextInput label="Your e-mail" type="email" autoComplete="email" required maxLength={254} value={email}
                  error={errors.owner_email ?? errors.email} onChange={(e) => setEmail(e.currentTarget.value)} />
                <PasswordInput label="Choose a password" description="At least 12 characters; a short sentence is easy to remember." autoComplete="new-password"
                  required value={password} error={errors.password ?? errors.owner_password} onChange={(e) => setPassword(e.currentTarget.value)} />
                <PasswordInput label="Type it again" autoComplete="new-password" required value={again} error={errors.again}
                  onChange={(e) => setAgain(e.currentTarget.value)} />
                <Text size="sm" c="dimmed">Next you sign in and set up two-step sign-in with an authenticator app on your phone.</Text>
                <Button type="submit" size="md" loading={busy} disabled={!practiceName.trim() || !ownerName.trim() || !email.trim() || !password}>
                  Create our practice and connect
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Card>
    </Center>
  );
}
