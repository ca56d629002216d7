// The client's side of a video visit, opened from the link in their reminder: nothing to install,
// works on a phone. They confirm their date of birth and say where they are right now (telehealth
// is lawful only where the clinician is licensed), check their camera, and wait to be let in.
import { Alert, Button, Card, Center, Checkbox, Container, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { CallView } from '../components/video/CallView';
import { DeviceCheck } from '../components/video/DeviceCheck';
import { Call, type Ticket } from '../lib/call';
import { STATE_OPTIONS } from '../lib/states';
import { fmtDay, fmtTime } from '../lib/format';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../lib/i18n';
import { useApi } from '../lib/useApi';

interface Preview {
  practice_name: string;
  clinician_name: string;
  start: string;
  end: string;
  room: 'open' | 'early' | 'closed';
  guest_name: string | null;  // an invited guest (interpreter, parent, colleague): nothing is asked
}

export function JoinVisit() {
  const t = useT();
  const { token } = useParams();
  const opened = useApi<Preview>(`/api/v1/telehealth/links/${token}`, 'This link cannot be opened.');
  const preview = opened.data;
  const [entryError, setError] = useState<string | null>(null);
  const error = opened.error ? t(opened.error) : entryError;
  const [birthDate, setBirthDate] = useState('');
  const [where, setWhere] = useState<string | null>(null);
  const [atHome, setAtHome] = useState(true);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [call, setCall] = useState<Call | null>(null);
  const [left, setLeft] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => () => call?.leave(), [call]);

  const confirm = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFieldErrors({});
    setError(null);
    try {
      const answers = preview?.guest_name ? undefined : { birth_date: birthDate, location_state: where ?? '', at_home: atHome };
      setTicket(await api<Ticket>('POST', `/api/v1/telehealth/links/${token}/enter`, answers));
    } catch (err) {
      if (err instanceof ApiError) {
        setError(t(err.detail));
        setFieldErrors(Object.fromEntries(err.errors.map((f) => [f.field, t(f.message)])));
      } else setError(t('Something went wrong; try again.'));
    } finally {
      setBusy(false);
    }
  };

  const start = (stream: MediaStream) => {
    if (!ticket) return;
    const c = new Call(ticket, stream);
    (window as unknown as { duetCall: Call }).duetCall = c;
    c.open();
    setCall(c);
  };

  const when = preview ? `${fmtDay(preview.start)}, ${fmtTime(preview.start)}` : '';
  return (
    <Container size={call ? 'xl' : 'xs'} py="xl">
      <Stack>
        <Title order={1} size="h2">{preview ? preview.practice_name : t('Video visit')}</Title>
        {left && <Alert color="blue">{t('You have left the visit. You can close this page.')}</Alert>}
        {!preview && !error && <Center><Loader aria-label={t('Opening your visit')} /></Center>}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {preview && !ticket && !left && (
          <Card withBorder padding="lg">
            <Text>{t('Video visit with {clinician}, {when}.', { clinician: preview.clinician_name, when })}</Text>
            {preview.room === 'early' && <Alert mt="md" color="blue">{t('The room opens 30 minutes before your visit. Come back then, or keep this page open and try again.')}</Alert>}
            {preview.room === 'closed' && <Alert mt="md" color="gray">{t('This visit has ended.')}</Alert>}
            {preview.room !== 'closed' && preview.guest_name && (
              <form onSubmit={confirm}>
                <Text mt="md">{t('You are invited as {name}. The clinician will let you in.', { name: preview.guest_name })}</Text>
                <Button mt="md" type="submit" loading={busy}>{t('Continue')}</Button>
              </form>
            )}
            {preview.room !== 'closed' && !preview.guest_name && (
              <form onSubmit={confirm}>
                <Stack mt="md">
                  <TextInput label={t('Your date of birth')} type="date" required value={birthDate} onChange={(e) => setBirthDate(e.currentTarget.value)} error={fieldErrors.birth_date} />
                  <Select label={t('Where are you right now?')} description={t('The US state you are in for this visit.')} placeholder={t('Choose a state')} data={STATE_OPTIONS} searchable required value={where} onChange={setWhere} error={fieldErrors.location_state} />
                  <Checkbox label={t('I am at home')} description={t('Or somewhere else: work, school, a car…')} checked={atHome} onChange={(e) => setAtHome(e.currentTarget.checked)} />
                  <Button type="submit" loading={busy}>{t('Continue')}</Button>
                </Stack>
              </form>
            )}
          </Card>
        )}
        {ticket && !call && !left && <Center><DeviceCheck joinLabel={t('Join the waiting room')} onReady={start} /></Center>}
        {call && !left && <CallView call={call} staff={false} onLeave={() => { call.leave(); setLeft(true); setCall(null); }} />}
        {!call && <LanguageSwitch />}
      </Stack>
    </Container>
  );
}
