// A client's own page: their visits, coming and past, booking, moving and cancelling them, the way
// into a video visit when its room is open, and their bills. Phone first: one column, large targets.
import { Alert, Anchor, Badge, Button, Card, Container, Group, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type Me } from '../api';
import { fmtDay, fmtTime, fmtVisit } from '../lib/format';
import { LANGUAGES, useLanguage, useT, w } from '../lib/i18n';
import { useApi } from '../lib/useApi';

export type { PortalVisit } from '../types';
import type { PortalHome as PortalMe, PortalVisit } from '../types';
import { PortalBills } from './PortalBills';
import { BookVisit, ChangeVisit } from './PortalBooking';
import { PortalForms } from './PortalForms';
import { PortalMessages } from './PortalMessages';
import { PortalRecords } from './PortalRecords';
import { Dialog } from '../components/Dialog';
import { TwoStepSetup } from '../components/TwoStepSetup';

const MODE: Record<string, string> = { in_person: w('In person'), video: w('Video'), audio: w('Phone (audio)') };
const STATUS: Record<string, string> = {
  requested: w('Waiting for the practice to confirm'),
  booked: w('Booked'),
  checked_in: w('Checked in'),
  completed: w('Completed'),
  cancelled: w('Cancelled'),
  late_cancelled: w('Cancelled late'),
  no_show: w('Missed'),
};
const cancelled = (v: PortalVisit) => v.status === 'cancelled' || v.status === 'late_cancelled';

function VisitCard({ v, onJoin, joining, onChanged }: { v: PortalVisit; onJoin: (v: PortalVisit) => void; joining: boolean; onChanged: () => void }) {
  const t = useT();
  return (
    <Card withBorder padding="md" component="li" aria-label={t('{mode} visit, {when}', { mode: t(MODE[v.mode] ?? v.mode), when: fmtVisit(v.start) })}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={700}>{fmtDay(v.start)}</Text>
          <Text>{fmtTime(v.start)} – {fmtTime(v.end)}</Text>
          <Text>{v.service_name ? t('{service} with {clinician}', { service: v.service_name, clinician: v.clinician_name }) : t('With {clinician}', { clinician: v.clinician_name })}</Text>
          {v.location && <Text size="sm">{v.location.name}{v.location.address ? `, ${v.location.address}` : ''}</Text>}
        </Stack>
        <Stack gap={4} align="flex-end">
          <Badge variant="outline" color="dark">{t(MODE[v.mode] ?? v.mode)}</Badge>
          {v.status !== 'booked' && <Badge variant="outline" color={cancelled(v) ? 'red.9' : 'gray.8'}>{t(STATUS[v.status] ?? v.status)}</Badge>}
        </Stack>
      </Group>
      {v.room === 'open' && (
        <Button mt="md" size="md" color="teal.9" fullWidth loading={joining} onClick={() => onJoin(v)}>{t('Join the video visit')}</Button>
      )}
      {v.room === 'early' && (
        <Text mt="sm" size="sm">{t('The video room opens 30 minutes before the visit; a “Join” button appears here then.')}</Text>
      )}
      <ChangeVisit v={v} onChanged={onChanged} />
    </Card>
  );
}

export function PortalHome({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  // A room opens half an hour before a visit: look again every minute so the button appears.
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const mine = useApi<PortalMe>('/api/v1/portal/me', 'Your visits could not be loaded. Try again.', { every: 60_000 });
  const data = mine.data;
  // The account's language (chosen here or by the practice) is the pages' language.
  const accountLanguage = data?.language;
  useEffect(() => {
    if (accountLanguage) setLanguage(accountLanguage);
  }, [accountLanguage, setLanguage]);
  const [changingLanguage, setChangingLanguage] = useState(false);
  const chooseLanguage = async (code: string) => {
    setChangingLanguage(true);
    try {
      await api('PUT', '/api/v1/portal/language', { language: code });
      setLanguage(code);
      mine.reload();
    } catch (e) {
      setError(e instanceof ApiError ? t(e.detail) : t('The language could not be changed. Try again.'));
    } finally {
      setChangingLanguage(false);
    }
  };
  const [joinError, setError] = useState<string | null>(null);
  const error = joinError ?? (mine.error ? t(mine.error) : null);
  const [joining, setJoining] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();
  const [switching, setSwitching] = useState(false);
  const [securing, setSecuring] = useState(false);

  // A guardian (or a client who is also one) chooses whose pages to see; the server keeps the choice.
  const actFor = async (clientId: string) => {
    setSwitching(true);
    setNotice(null);
    try {
      await api('PUT', '/api/v1/portal/acting-for', { client_id: clientId });
      mine.reload();
    } catch (e) {
      setError(e instanceof ApiError ? t(e.detail) : t('Those pages could not be opened. Try again.'));
    } finally {
      setSwitching(false);
    }
  };
  const sees = data?.acting.sees;
  const guardian = data?.acting.relationship === 'guardian';

  const join = async (v: PortalVisit) => {
    setJoining(v.id);
    try {
      const link = await api<{ path: string }>('POST', `/api/v1/portal/appointments/${v.id}/join`);
      navigate(link.path);
    } catch (e) {
      setError(e instanceof ApiError ? t(e.detail) : t('The visit could not be opened. Try again.'));
      mine.reload();
    } finally {
      setJoining(null);
    }
  };

  return (
    <Container size="sm" py="md">
      <Stack>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={800} fz="lg">{data?.practice_name ?? 'Duet'}</Text>
          <Group gap="xs" wrap="nowrap">
            <NativeSelect aria-label={t('Language')} value={language} disabled={changingLanguage}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
              onChange={(e) => void chooseLanguage(e.currentTarget.value)} />
            <Button variant="subtle" color="dark" onClick={onSignOut}>{t('Sign out')}</Button>
          </Group>
        </Group>
        {me.user.is_demo && (
          <Text role="note" ta="center" fz="sm" fw={700} bg="yellow.3" c="dark.9" py={4}>{t('DEMO — synthetic data only.')}</Text>
        )}
        {data && data.people.length > 1 && (
          <NativeSelect label={t('Whose pages')} value={data.acting.client_id} disabled={switching}
            data={data.people.map((p) => ({ value: p.client_id, label: p.relationship === 'self' ? t('{name} (you)', { name: p.client_name }) : p.client_name }))}
            onChange={(e) => void actFor(e.currentTarget.value)} />
        )}
        <Title order={1} size="h2">{!data ? t('Your visits') : guardian ? t("{name}'s pages", { name: data.client.name }) : t('Hello, {name}', { name: data.client.name })}</Title>
        {guardian && <Text size="sm">{t("You see these pages as {name}'s guardian: what the practice shares with you.", { name: data?.client.name ?? '' })}</Text>}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {!data && !error && <Loader aria-label={t('Loading your visits')} />}
        {data && sees && (
          <div key={data.acting.client_id}>
            <Stack>
            {sees.appointments && <section aria-labelledby="upcoming">
              <Title order={2} size="h3" id="upcoming" mb="sm">{t('Coming up')}</Title>
              {notice && <Alert color="teal" role="status" mb="sm" withCloseButton closeButtonLabel={t('Dismiss')} onClose={() => setNotice(null)}>{notice}</Alert>}
              <Stack gap="sm">
                <BookVisit practiceName={data.practice_name} onBooked={(v) => {
                  setNotice(v.status === 'requested'
                    ? t('Requested: {when} with {clinician}. The practice will confirm it; you will be told by e-mail.', { when: fmtVisit(v.start), clinician: v.clinician_name })
                    : t('Booked: {when} with {clinician}.', { when: fmtVisit(v.start), clinician: v.clinician_name }));
                  mine.reload();
                }} />
                {data.upcoming.length === 0 ? (
                  <Text>{t('You have no visits booked.')}</Text>
                ) : (
                  <Stack component="ul" gap="sm" p={0} style={{ listStyle: 'none' }}>
                    {data.upcoming.map((v) => (
                      <VisitCard key={v.id} v={v} onJoin={join} joining={joining === v.id}
                        onChanged={() => { setNotice(t('Your visit was changed.')); mine.reload(); }} />
                    ))}
                  </Stack>
                )}
              </Stack>
            </section>}
            {sees.appointments && <section aria-labelledby="past">
              <Title order={2} size="h3" id="past" mb="sm">{t('Recent visits')}</Title>
              {data.past.length === 0 ? (
                <Text>{t('No visits in the last 90 days.')}</Text>
              ) : (
                <Stack component="ul" gap={4} p={0} style={{ listStyle: 'none' }}>
                  {data.past.map((v) => (
                    <Text component="li" key={v.id}>
                      {fmtVisit(v.start)} · {t(MODE[v.mode] ?? v.mode)} · {v.clinician_name}{v.status !== 'completed' ? ` · ${t(STATUS[v.status] ?? v.status)}` : ''}
                    </Text>
                  ))}
                </Stack>
              )}
            </section>}
            {sees.messages && <PortalMessages />}
            {sees.forms && <PortalForms />}
            {sees.records && <PortalRecords />}
            {sees.bills && <PortalBills />}
            <section aria-labelledby="signing-in">
              <Title order={2} size="h3" id="signing-in" mb="sm">{t('Signing in')}</Title>
              {data.two_step ? (
                <Text>{t('Two-step sign-in is on: you sign in with your password and a code from your app.')}</Text>
              ) : (
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('Add a code from an authenticator app to your password, so that no one else can sign in as you.')}</Text>
                  <Button variant="default" onClick={() => setSecuring(true)}>{t('Set up two-step sign-in')}</Button>
                </Stack>
              )}
            </section>
            <Dialog opened={securing} onClose={() => setSecuring(false)} title={t('Set up two-step sign-in')} fullScreen
              closeButtonProps={{ 'aria-label': t('Close') }}>
              <TwoStepSetup onDone={() => { setSecuring(false); mine.reload(); }} />
            </Dialog>
            <Text size="sm">
              {t('In a crisis, call or text')} <Anchor href="tel:988" underline="always">988</Anchor> {t('(Suicide & Crisis Lifeline) or call 911. This page is not watched around the clock.')}
            </Text>
            </Stack>
          </div>
        )}
      </Stack>
    </Container>
  );
}
