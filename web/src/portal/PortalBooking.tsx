// Booking, moving and cancelling one's own visits, phone first: a service and a mode with its fee,
// where the client will be (video), then a time from the clinician's open times, a week at a time.
// The server decides everything (the same rules as the front desk's); this page only asks.
import { Alert, Button, Checkbox, Group, Loader, NativeSelect, Radio, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { api, ApiError } from '../api';
import { fmtDay, fmtTime, fmtVisit, money } from '../lib/format';
import { type Translate, useT, w } from '../lib/i18n';
import { STATE_NAMES } from '../lib/states';
import { useApi } from '../lib/useApi';
import type { Page, PortalBookingOptions, PortalService, PortalSlot, PortalVisit } from '../types';

const MODE_WORDS: Record<string, string> = { in_person: w('In person'), video: w('Video'), audio: w('Phone') };
const DAY = 86_400_000;
const STATES = Object.entries(STATE_NAMES).map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));

const feeOf = (s: PortalService, mode: string) =>
  mode === 'in_person' ? s.fee_in_person : mode === 'video' ? s.fee_video : s.fee_audio;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const problemOf = (t: Translate, e: unknown, fallback: string) => (e instanceof ApiError ? t(e.detail) : t(fallback));

/** Open times for a service and mode, a week at a time, grouped by day; `onPick` gets the one chosen. */
function SlotPicker({ serviceId, mode, state, clinicianId, onPick }: {
  serviceId: string; mode: string; state: string; clinicianId?: string; onPick: (s: PortalSlot) => void;
}) {
  const t = useT();
  const [week, setWeek] = useState(0);
  const from = useMemo(() => Date.now() + week * 7 * DAY, [week]);
  const query = new URLSearchParams({ service_id: serviceId, mode, from: iso(from), to: iso(from + 7 * DAY), ...(state ? { state } : {}) });
  const slots = useApi<Page<PortalSlot>>(`/api/v1/portal/slots?${query}`, 'The open times could not be loaded.');
  const byDay = new Map<string, PortalSlot[]>();
  for (const s of (slots.data?.items ?? []).filter((x) => !clinicianId || x.clinician_id === clinicianId)) {
    const day = fmtDay(s.start);
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Button variant="default" disabled={week === 0} onClick={() => setWeek(week - 1)}>{t('Earlier')}</Button>
        <Text fw={600} aria-live="polite">{week === 0 ? t('The next 7 days') : t('From {day}', { day: fmtDay(from) })}</Text>
        <Button variant="default" disabled={week >= 8} onClick={() => setWeek(week + 1)}>{t('Later')}</Button>
      </Group>
      {slots.error && <Alert color="red" role="alert">{t(slots.error)}</Alert>}
      {!slots.data && !slots.error && <Loader aria-label={t('Loading open times')} />}
      {slots.data && byDay.size === 0 && (
        <Text>{mode !== 'in_person' && state
          ? t('No open times this week for a visit from {state}. Try a later week.', { state: STATE_NAMES[state] ?? state })
          : t('No open times this week. Try a later week.')}</Text>
      )}
      {[...byDay.entries()].map(([day, list]) => (
        <Stack key={day} gap={6} component="section" aria-label={day}>
          <Text fw={700}>{day}</Text>
          <Group gap="xs">
            {list.map((s) => (
              <Button key={`${s.clinician_id}-${s.start}`} variant="outline" color="teal.9" size="md" onClick={() => onPick(s)}
                aria-label={s.location_name
                  ? t('{when} with {clinician} at {place}', { when: fmtVisit(s.start), clinician: s.clinician_name, place: s.location_name })
                  : t('{when} with {clinician}', { when: fmtVisit(s.start), clinician: s.clinician_name })}>
                {fmtTime(s.start)}
              </Button>
            ))}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}

/** "Book a visit": a full-screen dialog on a phone. */
export function BookVisit({ practiceName, onBooked }: { practiceName: string; onBooked: (v: PortalVisit) => void }) {
  const t = useT();
  const options = useApi<PortalBookingOptions>('/api/v1/portal/booking');
  const [open, setOpen] = useState(false);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [mode, setMode] = useState<string>('');
  const [state, setState] = useState<string>('');
  const [slot, setSlot] = useState<PortalSlot | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const o = options.data;
  const service = o?.services.find((s) => s.id === serviceId) ?? null;
  useEffect(() => {
    if (o && !state) setState(o.state);
  }, [o, state]);
  if (!o) return null;
  if (o.services.length === 0) return <Text>{t('To book a visit, contact {practice}.', { practice: practiceName })}</Text>; // the practice books its visits itself

  const start = () => {
    setServiceId(o.services.length === 1 ? o.services[0].id : null);
    setMode(o.services.length === 1 ? o.services[0].modes[0] : '');
    setSlot(null);
    setProblem(null);
    setOpen(true);
  };
  const book = async () => {
    if (!service || !slot) return;
    setBusy(true);
    setProblem(null);
    try {
      const v = await api<PortalVisit>('POST', '/api/v1/portal/appointments', {
        service_id: service.id, mode, clinician_id: slot.clinician_id, start: slot.start, ...(mode !== 'in_person' ? { state } : {}),
      });
      setOpen(false);
      onBooked(v);
    } catch (e) {
      setProblem(problemOf(t, e, 'The visit could not be booked. Try again.'));
      setSlot(null); // the time may have been taken meanwhile: pick again
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="md" color="teal.9" fullWidth onClick={start}>{t('Book a visit')}</Button>
      <Dialog opened={open} onClose={() => setOpen(false)} title={t('Book a visit')} fullScreen closeButtonProps={{ 'aria-label': t('Close') }}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <Radio.Group label={t('What for')} value={serviceId ?? ''} onChange={(id) => { setServiceId(id); setMode(o.services.find((s) => s.id === id)?.modes[0] ?? ''); setSlot(null); }}>
            <Stack gap="xs" mt="xs">
              {o.services.map((s) => <Radio key={s.id} value={s.id} label={`${s.name} (${s.duration_minutes} min)`} />)}
            </Stack>
          </Radio.Group>
          {service && (
            <Radio.Group label={t('How')} value={mode} onChange={(m) => { setMode(m); setSlot(null); }}>
              <Stack gap="xs" mt="xs">
                {service.modes.map((m) => <Radio key={m} value={m} label={`${t(MODE_WORDS[m] ?? m)} · ${money(feeOf(service, m))}`} />)}
              </Stack>
            </Radio.Group>
          )}
          {service && mode !== 'in_person' && (
            <NativeSelect label={t('Where you will be during the visit')} description={t('Your clinician must be licensed in that state.')} data={STATES}
              value={state} onChange={(e) => { setState(e.currentTarget.value); setSlot(null); }} />
          )}
          {service && mode && !slot && (
            <SlotPicker serviceId={service.id} mode={mode} state={mode !== 'in_person' ? state : ''} onPick={setSlot} />
          )}
          {service && slot && (
            <Stack gap="xs" role="group" aria-label={t('Your visit')}>
              <Title order={2} size="h4">{fmtDay(slot.start)}, {fmtTime(slot.start)}</Title>
              <Text>{service.name} · {t(MODE_WORDS[mode] ?? mode)} · {t('with {clinician}', { clinician: slot.clinician_name })}</Text>
              {slot.location_name && <Text>{t('At {place}', { place: slot.location_name })}</Text>}
              <Text>{t('Fee: {amount}', { amount: money(feeOf(service, mode)) })}</Text>
              <Group grow>
                <Button variant="default" size="md" onClick={() => setSlot(null)}>{t('Another time')}</Button>
                <Button size="md" color="teal.9" loading={busy} onClick={book}>{t('Book it')}</Button>
              </Group>
            </Stack>
          )}
        </Stack>
      </Dialog>
    </>
  );
}

/** Cancel (the late fee shown and accepted first) and move, for one upcoming visit. */
export function ChangeVisit({ v, onChanged }: { v: PortalVisit; onChanged: () => void }) {
  const t = useT();
  const [action, setAction] = useState<'cancel' | 'move' | null>(null);
  const [accept, setAccept] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const late = Date.now() >= Date.parse(v.late_from);
  const fee = late && v.late_cancel_fee ? v.late_cancel_fee : 0;
  if (!v.may_cancel) return null;

  const close = () => { setAction(null); setProblem(null); setAccept(false); };
  const run = async (path: string, body: object) => {
    setBusy(true);
    setProblem(null);
    try {
      await api('POST', path, body);
      close();
      onChanged();
    } catch (e) {
      setProblem(problemOf(t, e, 'That did not work. Try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Group grow mt="sm">
        {v.may_reschedule && <Button variant="default" size="md" onClick={() => setAction('move')}>{t('Reschedule')}</Button>}
        <Button variant="default" size="md" color="red.9" onClick={() => setAction('cancel')}>{t('Cancel visit')}</Button>
      </Group>
      <Dialog opened={action === 'cancel'} onClose={close} title={t('Cancel this visit?')} closeButtonProps={{ 'aria-label': t('Close') }}>
        <Stack>
          <Text>{t('{when} with {clinician}', { when: fmtVisit(v.start), clinician: v.clinician_name })}</Text>
          {fee > 0 ? (
            <>
              <Alert color="orange" role="note">{t('It is less than a day before the visit: cancelling now is late, and the practice charges {amount}.', { amount: money(fee) })}</Alert>
              <Checkbox checked={accept} onChange={(e) => setAccept(e.currentTarget.checked)} label={t('I accept the {amount} late-cancellation fee', { amount: money(fee) })} />
            </>
          ) : (
            <Text size="sm">{t('There is no fee for cancelling now.')}</Text>
          )}
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <Group grow>
            <Button variant="default" onClick={close}>{t('Keep the visit')}</Button>
            <Button color="red.9" loading={busy} disabled={fee > 0 && !accept}
              onClick={() => run(`/api/v1/portal/appointments/${v.id}/cancel`, { accept_fee: fee > 0 && accept })}>{t('Cancel it')}</Button>
          </Group>
        </Stack>
      </Dialog>
      <Dialog opened={action === 'move'} onClose={close} title={t('Choose a new time')} fullScreen closeButtonProps={{ 'aria-label': t('Close') }}>
        <Stack>
          <Text>{t('Now: {when} with {clinician}', { when: fmtVisit(v.start), clinician: v.clinician_name })}</Text>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          {v.service_id && action === 'move' && (
            <SlotPicker serviceId={v.service_id} mode={v.mode} state="" clinicianId={v.clinician_id}
              onPick={(s) => { if (!busy) void run(`/api/v1/portal/appointments/${v.id}/reschedule`, { start: s.start }); }} />
          )}
        </Stack>
      </Dialog>
    </>
  );
}
