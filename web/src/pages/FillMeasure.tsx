// The client's questionnaire, opened from the link in their e-mail: large tap targets for a phone,
// one question at a time on screen, nothing to sign in to. The score is not shown to the client.
import { Alert, Button, Card, Container, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../lib/i18n';
import { useApi } from '../lib/useApi';

interface Wording {
  key: string;
  title: string;
  stem: string;
  options: string[];
  items: string[];
  functional: string;
  functional_options: string[];
  attribution: string;
}

export function FillMeasure() {
  const t = useT();
  const { token } = useParams();
  const opened = useApi<{ practice_name: string; instrument: Wording; completed: boolean; expired: boolean }>(`/api/v1/measures/links/${token}`,
    'This link cannot be opened.');
  const form = opened.data;
  const [given, setAnswers] = useState<(number | null)[] | null>(null);
  const answers = given ?? form?.instrument.items.map(() => null) ?? [];
  const [functional, setFunctional] = useState<number | null>(null);
  const [sendError, setError] = useState<string | null>(null);
  const error = opened.error ? t(opened.error) : sendError;
  const [done, setDone] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (answers.some((a) => a === null)) return setError(t('Please answer every question.'));
    try {
      await api('POST', `/api/v1/measures/links/${token}`, { answers, ...(functional !== null && { functional }) });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? t(err.detail) : t('It could not be sent; try again.'));
    }
  };

  if (error && !form) return <Container size="xs" py="xl"><Alert color="red" role="alert">{error}</Alert></Container>;
  if (!form) return <Container size="xs" py="xl"><Loader aria-label={t('Loading')} /></Container>;
  const w = form.instrument;
  return (
    <Container size="sm" py="lg">
      <Stack>
        <Title order={1} size="h3">{form.practice_name}: {t(w.title)}</Title>
        {done || form.completed ? (
          <Alert color="teal" title={t('Thank you')}>{t('Your answers were sent to your care team. If you are in crisis or thinking of harming yourself, call or text 988 (Suicide & Crisis Lifeline) or 911 now.')}</Alert>
        ) : form.expired ? (
          <Alert color="gray">{t('This link has expired. Ask your practice for a new one.')}</Alert>
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Text fw={500}>{t(w.stem)}</Text>
              {w.items.map((item, i) => (
                <Card withBorder key={i} padding="sm">
                  <Radio.Group label={`${i + 1}. ${t(item)}`} value={answers[i] === null ? null : String(answers[i])}
                    onChange={(v) => setAnswers(answers.map((a, j) => (j === i ? Number(v) : a)))} required>
                    <Stack gap={6} mt="xs">
                      {w.options.map((o, v) => <Radio key={o} value={String(v)} label={t(o)} />)}
                    </Stack>
                  </Radio.Group>
                </Card>
              ))}
              <Card withBorder padding="sm">
                <Radio.Group label={t(w.functional)} value={functional === null ? null : String(functional)} onChange={(v) => setFunctional(Number(v))}>
                  <Stack gap={6} mt="xs">{w.functional_options.map((o, v) => <Radio key={o} value={String(v)} label={t(o)} />)}</Stack>
                </Radio.Group>
              </Card>
              {error && <Alert color="red" role="alert">{error}</Alert>}
              <Button type="submit" size="md">{t('Send my answers')}</Button>
              <Text size="xs" c="dimmed">{t(w.attribution)}</Text>
            </Stack>
          </form>
        )}
        <LanguageSwitch />
      </Stack>
    </Container>
  );
}
