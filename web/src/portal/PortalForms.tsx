// What the client has to sign or fill: the practice's consents, read in full and signed with their typed
// name (kept in the chart as a PDF with the time and address), and the questionnaires their care team sent.
import { Alert, Badge, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Dialog } from '../components/Dialog';
import { api, ApiError } from '../api';
import { fmtDate } from '../lib/format';
import { useT } from '../lib/i18n';
import { useApi } from '../lib/useApi';
import type { ConsentToSign, IntakeFilling, PortalForms as Forms } from '../types';
// The form itself (its sliders, number and choice inputs) loads when a client opens one.
const IntakeForm = lazy(() => import('./IntakeForm').then((m) => ({ default: m.IntakeForm })));

function SignConsent({ c, onSigned }: { c: ConsentToSign; onSigned: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [agree, setAgree] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sign = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', `/api/v1/portal/consents/${c.kind}/sign`, { signed_name: name, version: c.version, language: c.language });
      setOpen(false);
      onSigned();
    } catch (e) {
      setProblem(e instanceof ApiError ? t(e.detail) : t('It was not signed. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant={c.signed_at ? 'default' : 'filled'} color="teal.9" onClick={() => setOpen(true)}>
        {c.signed_at ? t('Read') : t('Read and sign')}
      </Button>
      <Dialog opened={open} onClose={() => setOpen(false)} title={c.title} fullScreen closeButtonProps={{ 'aria-label': t('Close') }}>
        <Stack>
          <Text size="sm">{t('Version {version}', { version: c.version })}</Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <TextInput label={t('Type your full name to sign')} value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="name" />
          <Checkbox checked={agree} onChange={(e) => setAgree(e.currentTarget.checked)} label={t('I have read this and I agree to it')} />
          <Button size="md" color="teal.9" loading={busy} disabled={!agree || !name.trim()} onClick={sign}>{t('Sign')}</Button>
        </Stack>
      </Dialog>
    </>
  );
}

export function PortalForms() {
  const t = useT();
  const forms = useApi<Forms>('/api/v1/portal/forms', 'Your forms could not be loaded.');
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string | null>(null);
  const [filling, setFilling] = useState<IntakeFilling | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const f = forms.data;
  if (forms.error) return <Alert color="red" role="alert">{t(forms.error)}</Alert>;
  if (!f) return null;
  const fill = async (id: string) => {
    try {
      const link = await api<{ path: string }>('POST', `/api/v1/portal/questionnaires/${id}/link`);
      navigate(link.path);
    } catch (e) {
      setProblem(e instanceof ApiError ? t(e.detail) : t('The questionnaire could not be opened.'));
      forms.reload();
    }
  };
  const openIntake = async (key: string, responseId?: string | null) => {
    setProblem(null);
    setSent(null);
    try {
      setFilling(responseId
        ? await api<IntakeFilling>('GET', `/api/v1/portal/intake-responses/${responseId}`)
        : await api<IntakeFilling>('POST', `/api/v1/portal/intake-forms/${key}/start`));
    } catch (e) {
      setProblem(e instanceof ApiError ? t(e.detail) : t('The form could not be opened.'));
    }
  };
  return (
    <section aria-labelledby="forms">
      <Title order={2} size="h3" id="forms" mb="sm">{t('Forms')}</Title>
      <Stack gap="xs">
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        {sent && <Alert color="teal" role="status" withCloseButton closeButtonLabel={t('Dismiss')} onClose={() => setSent(null)}>{sent}</Alert>}
        {f.intake.map((i) => (
          <Card key={i.form_key} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Text fw={700}>{t(i.form_name)}</Text>
                {i.status === 'submitted'
                  ? <Badge variant="outline" color="teal.9">{t('Sent {date}', { date: fmtDate(i.submitted_at ?? '') })}</Badge>
                  : <Text size="sm">{i.status === 'draft' ? t('Started: your answers are saved') : t('Not started')}</Text>}
              </Stack>
              {i.status !== 'submitted' && (
                <Button color="teal.9" onClick={() => void openIntake(i.form_key, i.response_id)}>{i.status === 'draft' ? t('Continue') : t('Start')}</Button>
              )}
            </Group>
          </Card>
        ))}
        {filling && <Suspense fallback={null}><IntakeForm filling={filling} onClose={(done) => {
          if (done) setSent(t('{form}: sent to the practice. A copy is in your records.', { form: t(filling.form.name) }));
          setFilling(null);
          forms.reload();
        }} /></Suspense>}
        {f.questionnaires.map((q) => (
          <Card key={q.id} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0}>
                <Text fw={700}>{t('{name} check-in', { name: q.name })}</Text>
                <Text size="sm">{t('Sent {date} · about two minutes', { date: fmtDate(q.sent_at) })}</Text>
              </Stack>
              <Button color="teal.9" onClick={() => void fill(q.id)}>{t('Fill it in')}</Button>
            </Group>
          </Card>
        ))}
        {f.consents.map((c) => (
          <Card key={c.kind} withBorder padding="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Text fw={700}>{c.title}</Text>
                {c.signed_at ? <Badge variant="outline" color="teal.9">{t('Signed {date}', { date: fmtDate(c.signed_at) })}</Badge> : <Text size="sm">{t('Not signed yet')}</Text>}
              </Stack>
              <SignConsent c={c} onSigned={forms.reload} />
            </Group>
          </Card>
        ))}
      </Stack>
    </section>
  );
}
