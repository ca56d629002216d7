import type { DateSelectArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import interactionPlugin, { type EventResizeDoneArg } from '@fullcalendar/interaction';
import FullCalendar from '@fullcalendar/react';
import timeGridPlugin from '@fullcalendar/timegrid';
import { Alert, Box, Button, Group, List, Modal, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, type Me, can } from '../api';
import { AppointmentPanel } from '../components/AppointmentPanel';
import { BookingDialog, type BookingStart } from '../components/BookingDialog';
import { WaitlistDrawer } from '../components/WaitlistDrawer';
import { fmtDate, fmtDay, fmtTime, fmtVisit } from '../lib/format';
import { type Appointment, appointmentEvents, type Availability, blockEvents, CLOSED, dayjs, type Location, MODE_ICON, MODE_LABEL,
  type Service, type VisitMode, type Warning } from '../lib/scheduling';
import { modeColors } from '../theme';
import type { Clinician } from './Clinicians';
import { useLoad } from '../lib/useApi';
import type { Page, PartnerVisit } from '../types';

type View = 'timeGridDay' | 'timeGridWeek' | 'team';
// On a phone a week is shown three days at a time.
type GridView = 'timeGridDay' | 'timeGridWeek' | 'timeGridThreeDay';

/** Whether a clinician works on `day`: a block on that weekday not wholly taken by time off, or a visit booked. */
function worksOn(day: dayjs.Dayjs, availability: Availability | undefined, booked: boolean) {
  if (booked) return true;
  if (!availability) return false;
  const weekday = ((day.day() + 6) % 7) + 1; // 1 = Monday
  const date = day.format('YYYY-MM-DD');
  const offAllDay = availability.exceptions.some((e) => e.date === date && e.kind === 'time_off' && e.start_time <= '00:00' && e.end_time >= '23:59');
  return !offAllDay && availability.blocks.some((b) => b.weekday === weekday);
}

interface Notice {
  color: 'red' | 'yellow' | 'teal';
  title: string;
  lines: string[];
}

const calendarOptions = {
  plugins: [timeGridPlugin, interactionPlugin],
  views: { timeGridThreeDay: { type: 'timeGrid', duration: { days: 3 }, buttonText: '3 days' } },
  headerToolbar: false as const,
  allDaySlot: false,
  slotMinTime: '06:00:00',
  slotMaxTime: '21:00:00',
  slotDuration: '00:15:00',
  slotLabelInterval: '01:00',
  scrollTime: '08:00:00',
  nowIndicator: true,
  height: 'auto' as const,
  selectable: true,
  selectMirror: true,
  unselectAuto: false,
  editable: true,
  eventDurationEditable: true,
  firstDay: 1,
  // The app's one time format (lib/format.ts): 12-hour, as US practices read it.
  slotLabelFormat: { hour: 'numeric' as const, meridiem: 'short' as const },
  eventTimeFormat: { hour: 'numeric' as const, minute: '2-digit' as const, meridiem: 'short' as const },
};

// One calendar for two modes: the week of one clinician, or the team's day side by side, with
// mode blocks as tinted background, visits coloured by mode, drag and resize to reschedule (the
// same rules as booking), and a booking dialog that checks every rule before saving.
const NO_CLINICIANS: Clinician[] = [];
const NO_SERVICES: Service[] = [];
const NO_LOCATIONS: Location[] = [];

export function Calendar({ me }: { me: Me }) {
  const basics = useLoad(`calendar:${me.user.id}`, () => Promise.all([
    api<Page<Clinician>>('GET', '/api/v1/clinicians'),
    api<Page<Service>>('GET', '/api/v1/services'),
    api<Page<Location>>('GET', '/api/v1/locations'),
  ]), 'Reload the page to try again.');
  const clinicians = useMemo(() => basics.data?.[0].items.filter((c) => c.active) ?? NO_CLINICIANS, [basics.data]);
  // The viewer's own clinician record, if they have one.
  const ownId = useMemo(() => clinicians.find((c) => c.user_id === me.user.id)?.id, [clinicians, me.user.id]);
  const services = basics.data?.[1].items ?? NO_SERVICES;
  const locations = basics.data?.[2].items ?? NO_LOCATIONS;
  const [selected, setSelected] = useState<string[]>([]);
  // The front desk and the owner run the practice's day: they open on the team's day.
  const runsTheDay = can(me, 'waitlist.manage') || !can(me, 'scheduling.write');
  const [view, setView] = useState<View>('timeGridWeek');
  const [pickedByHand, setPickedByHand] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const gridView: GridView = view === 'timeGridWeek' && phone ? 'timeGridThreeDay' : view === 'team' ? 'timeGridDay' : view;
  // ?date=YYYY-MM-DD opens on that day (a link to a visit); else today.
  const [date, setDate] = useState(() => {
    const asked = new URLSearchParams(window.location.search).get('date');
    return asked && dayjs(asked).isValid() ? dayjs(asked).startOf('day') : dayjs().startOf('day');
  });
  const [appointments, setAppointments] = useState<Record<string, Appointment[]>>({});
  const [availability, setAvailability] = useState<Record<string, Availability>>({});
  const [booking, setBooking] = useState<BookingStart | null>(null);
  const [open, setOpen] = useState<Appointment | null>(null);
  // Visits of practices the viewer's organization works with that the viewer joins by video (a partner's clinician).
  const [partnerVisits, setPartnerVisits] = useState<PartnerVisit[]>([]);
  const [openPartner, setOpenPartner] = useState<PartnerVisit | null>(null);
  const navigate = useNavigate();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [waitlistOpen, setWaitlistOpen] = useState(false);
  const keepsWaitlist = can(me, 'waitlist.manage');
  const mainRef = useRef<FullCalendar>(null);
  const canBook = can(me, 'scheduling.write');

  // Who the calendar opens on, once the clinicians are known (React's "adjust state while
  // rendering": decided in the same paint as the list arrives).
  const [openedWith, setOpenedWith] = useState<typeof basics.data>(undefined);
  // A referral's "Book the first visit" opens the booking dialog with its clinician and client (?book=&client=).
  const [params, setParams] = useSearchParams();
  if (basics.data && openedWith !== basics.data) {
    setOpenedWith(basics.data);
    const referred = params.get('book');
    if (referred && canBook && clinicians.some((c) => c.id === referred)) {
      setSelected([referred]);
      setBooking({ clinicianId: referred, clientId: params.get('client') ?? undefined });
      setParams({}, { replace: true });
    } else if (ownId) setSelected([ownId]);
    else if (runsTheDay && clinicians.length > 0) setView('team');  // who works today is chosen below
    else setSelected(clinicians.slice(0, 1).map((c) => c.id));
  }

  // The team's day opens with everyone who works that day (a block that weekday or a visit booked),
  // until someone picks clinicians by hand.
  useEffect(() => {
    if (view !== 'team' || pickedByHand || clinicians.length === 0) return;
    let stale = false;
    (async () => {
      const from = date, to = date.add(1, 'day');
      const [day, blocks] = await Promise.all([
        api<{ items: Appointment[] }>('GET', `/api/v1/appointments?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`),
        Promise.all(clinicians.map((k) => availability[k.id] ? Promise.resolve(availability[k.id]) : api<Availability>('GET', `/api/v1/clinicians/${k.id}/availability`))),
      ]);
      if (stale) return;
      const bookedIds = new Set(day.items.filter((a) => !CLOSED.includes(a.status)).map((a) => a.clinician_id));
      setAvailability((old) => ({ ...old, ...Object.fromEntries(clinicians.map((k, i) => [k.id, blocks[i]])) }));
      const working = clinicians.filter((k, i) => worksOn(date, blocks[i], bookedIds.has(k.id))).map((k) => k.id);
      setSelected(working.length > 0 ? working : clinicians.slice(0, 1).map((k) => k.id));
    })().catch(() => setNotice({ color: 'red', title: 'Could not find who works today', lines: ['Choose clinicians by hand.'] }));
    return () => { stale = true; };
    // availability is a cache filled here; re-running on its change would loop
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, date, clinicians, pickedByHand]);

  const range = useMemo(() => {
    if (gridView === 'timeGridThreeDay') return { from: date, to: date.add(3, 'day') };
    if (view === 'timeGridWeek') {
      const monday = date.subtract((date.day() + 6) % 7, 'day');
      return { from: monday, to: monday.add(7, 'day') };
    }
    return { from: date, to: date.add(1, 'day') };
  }, [date, view, gridView]);

  // Each load is numbered: a reply that arrives after the viewer moved on (another week, other
  // clinicians) is dropped rather than painted over the newer one.
  const loadSeq = useRef(0);
  const load = useCallback(async () => {
    if (selected.length === 0) return;
    const seq = ++loadSeq.current;
    try {
      const q = (id: string) => `clinician_id=${id}&from=${encodeURIComponent(range.from.toISOString())}&to=${encodeURIComponent(range.to.toISOString())}`;
      const lists = await Promise.all(selected.map((id) => api<{ items: Appointment[] }>('GET', `/api/v1/appointments?${q(id)}`)));
      const blocks = await Promise.all(selected.map((id) => availability[id] ? Promise.resolve(availability[id])
        : api<Availability>('GET', `/api/v1/clinicians/${id}/availability`)));
      // The viewer's own calendar also shows the visits they join for partner practices (each look is a disclosure
      // in those clients' accounting, so only for their own calendar).
      const joins = ownId && selected.includes(ownId) && can(me, 'partners.records')
        ? (await api<Page<PartnerVisit>>('GET', `/api/v1/partners/visits?from=${encodeURIComponent(range.from.toISOString())}&to=${encodeURIComponent(range.to.toISOString())}`)).items
        : [];
      if (seq !== loadSeq.current) return;
      setPartnerVisits(joins);
      setAppointments(Object.fromEntries(selected.map((id, i) => [id, lists[i].items])));
      setAvailability((old) => ({ ...old, ...Object.fromEntries(selected.map((id, i) => [id, blocks[i]])) }));
    } catch (e) {
      if (seq !== loadSeq.current) return;
      setNotice({ color: 'red', title: 'Could not load visits', lines: [e instanceof ApiError ? e.detail : 'Try again.'] });
    }
    // availability is cached per clinician; loading it again on every change is not needed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, range, ownId]);
  useEffect(() => {
    load();
  }, [load]);

  useEffect(() => {
    const api = mainRef.current?.getApi();
    if (!api || view === 'team') return;
    if (api.view.type !== gridView) api.changeView(gridView, date.toDate());
    else if (!dayjs(api.getDate()).isSame(date, 'day')) api.gotoDate(date.toDate());
  }, [view, gridView, date]);

  const stepDays = gridView === 'timeGridWeek' ? 7 : gridView === 'timeGridThreeDay' ? 3 : 1;
  // n: new appointment; ← and →: previous and next day or week (UX.md keyboard conventions).
  useHotkeys([
    ['n', () => canBook && setBooking({ clinicianId: selected[0] })],
    ['ArrowLeft', () => setDate((d) => d.subtract(stepDays, 'day'))],
    ['ArrowRight', () => setDate((d) => d.add(stepDays, 'day'))],
  ]);

  const nameOf = useCallback((id: string) => {
    const k = clinicians.find((c) => c.id === id);
    return k ? `${k.given_name} ${k.family_name}` : '';
  }, [clinicians]);
  const initialsOf = useCallback((id: string) => {
    const k = clinicians.find((c) => c.id === id);
    return k ? `${k.given_name[0]}.${k.family_name[0]}.` : '';
  }, [clinicians]);

  const eventsFor = useCallback((ids: string[], withBlocks: boolean): EventInput[] => {
    const out: EventInput[] = [];
    const seen = new Set<string>();  // a joint visit is on both clinicians' lists: drawn once
    for (const id of ids) {
      const fresh = (appointments[id] ?? []).filter((a) => !seen.has(a.id ?? '') && Boolean(seen.add(a.id ?? '')));
      out.push(...appointmentEvents(fresh, initialsOf, ids.length > 1));
      const k = clinicians.find((c) => c.id === id);
      if (withBlocks && k && availability[id]) out.push(...blockEvents(availability[id], k.time_zone, range.from.toDate(), range.to.toDate(), id));
    }
    if (ownId && ids.includes(ownId))
      for (const v of partnerVisits)
        out.push({
          id: `partner-${v.appointment_id}`,
          title: `${MODE_ICON.video} Joint visit: ${v.client_names.join(', ')} · ${v.practice_name}${v.status === 'booked' ? '' : ` (${v.status.replace('_', ' ')})`}`,
          start: v.start,
          end: v.end,
          backgroundColor: modeColors.video,
          borderColor: modeColors.video,
          textColor: '#ffffff',
          editable: false,
          classNames: ['partner-visit'],
          extendedProps: { partnerVisit: v },
        });
    return out;
  }, [appointments, availability, clinicians, initialsOf, range, partnerVisits, ownId]);

  // Event arrays change only when visits, blocks or the range do, so FullCalendar redraws only then.
  const mainEvents = useMemo(() => eventsFor(selected, selected.length === 1), [eventsFor, selected]);
  const teamEvents = useMemo(() => Object.fromEntries(selected.map((id) => [id, eventsFor([id], true)])), [eventsFor, selected]);

  function showWarnings(warnings: Warning[], title: string) {
    setNotice(warnings.length
      ? { color: 'yellow', title, lines: warnings.map((w) => w.message) }
      : { color: 'teal', title, lines: [] });
  }

  async function move(info: EventDropArg | EventResizeDoneArg) {
    const a = info.event.extendedProps.appointment as Appointment;
    try {
      const moved = await api<Appointment>('PATCH', `/api/v1/appointments/${a.id}`, {
        start: info.event.start!.toISOString(), end: info.event.end!.toISOString(), version: a.version,
      });
      showWarnings(moved.warnings, `Moved to ${fmtVisit(moved.start)}`);
      load();
    } catch (e) {
      info.revert();
      setNotice({ color: 'red', title: 'The visit was not moved', lines: [e instanceof ApiError ? e.detail : 'Try again.'] });
    }
  }

  // The grid shows 06:00–21:00, widened so that a visit booked outside those hours is never hidden.
  const hours = useMemo(() => {
    let first = 6;
    let last = 21;
    for (const list of [...Object.values(appointments), partnerVisits])
      for (const a of list) {
        const s = dayjs(a.start);
        const e = dayjs(a.end);
        first = Math.min(first, s.hour());
        last = Math.max(last, e.isSame(s, 'day') ? e.hour() + (e.minute() > 0 ? 1 : 0) : 24);
      }
    const two = (h: number) => `${String(h).padStart(2, '0')}:00:00`;
    return { slotMinTime: two(first), slotMaxTime: two(Math.min(24, last)) };
  }, [appointments, partnerVisits]);

  const common = (clinicianId?: string) => ({
    ...calendarOptions,
    ...hours,
    selectable: canBook,
    editable: canBook,
    select: (sel: DateSelectArg) => {
      sel.view.calendar.unselect();
      setBooking({ start: sel.start, clinicianId: clinicianId ?? selected[0] });
    },
    eventClick: (c: EventClickArg) => {
      const a = c.event.extendedProps.appointment as Appointment | undefined;
      if (a && !a.busy) setOpen(a);
      const p = c.event.extendedProps.partnerVisit as PartnerVisit | undefined;
      if (p) setOpenPartner(p);
    },
    eventDrop: move,
    eventResize: move,
  });

  const title = gridView !== 'timeGridDay'
    ? `${fmtDate(range.from.toDate())} – ${fmtDate(range.to.subtract(1, 'day').toDate())}`
    : fmtDay(date.toDate());
  const step = gridView === 'timeGridWeek' ? 'week' : gridView === 'timeGridThreeDay' ? '3 days' : 'day';

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">Calendar</Title>
        <Group gap="xs">
          {keepsWaitlist && <Button variant="default" onClick={() => setWaitlistOpen(true)}>Waitlist</Button>}
          {canBook && <Button onClick={() => setBooking({ clinicianId: selected[0] })}>New appointment (n)</Button>}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Button.Group>
          <Button variant="default" aria-label={`Previous ${step}`} onClick={() => setDate((d) => d.subtract(stepDays, 'day'))}>‹</Button>
          <Button variant="default" onClick={() => setDate(dayjs().startOf('day'))}>Today</Button>
          <Button variant="default" aria-label={`Next ${step}`} onClick={() => setDate((d) => d.add(stepDays, 'day'))}>›</Button>
        </Button.Group>
        <Text fw={600} data-testid="calendar-title" aria-live="polite">{title}</Text>
        <SegmentedControl aria-label="Calendar view" value={view} onChange={(v) => setView(v as View)}
          data={[{ value: 'timeGridDay', label: 'Day' }, { value: 'timeGridWeek', label: phone ? '3 days' : 'Week' }, { value: 'team', label: 'Team day' }]} />
        <MultiSelect label="Clinicians" w={{ base: '100%', sm: 360 }} data={clinicians.map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))}
          value={selected} onChange={(ids) => { setPickedByHand(true); setSelected(ids); }} searchable clearable={false} maxValues={view === 'team' ? 16 : 4} />
      </Group>
      <Group gap="md" aria-label="Legend">
        {(['in_person', 'video', 'audio'] as VisitMode[]).map((m) => (
          <Group key={m} gap={6}>
            <Box w={14} h={14} style={{ background: modeColors[m], borderRadius: 3 }} aria-hidden />
            <Text size="sm">{MODE_ICON[m]} {MODE_LABEL[m]}</Text>
          </Group>
        ))}
        <Text size="sm" c="dimmed">Tinted background: the clinician's in-person (blue) and telehealth (green) blocks.</Text>
      </Group>
      {basics.error && <Alert color="red" title="Could not load the calendar" role="alert">{basics.error}</Alert>}
      {notice && (
        // Floating, so that the calendar below never shifts under the pointer when a notice appears.
        <Box pos="fixed" bottom={16} right={16} maw={440} style={{ zIndex: 300 }}>
          <Alert color={notice.color} title={notice.title} withCloseButton closeButtonLabel="Dismiss" onClose={() => setNotice(null)}
            role={notice.color === 'red' ? 'alert' : 'status'} data-testid="calendar-notice" variant="outline" bg="white" style={{ boxShadow: 'var(--mantine-shadow-md)' }}>
            {notice.lines.length > 0 && <List size="sm">{notice.lines.map((l) => <List.Item key={l}>{l}</List.Item>)}</List>}
          </Alert>
        </Box>
      )}
      {selected.length === 0 && <Text>Choose one or more clinicians to see their calendar.</Text>}
      {view !== 'team' && selected.length > 0 && (
        <Box data-testid="calendar-main">
          <FullCalendar ref={mainRef} {...common(selected.length === 1 ? selected[0] : undefined)} initialView={gridView}
            initialDate={date.toDate()} events={mainEvents} />
        </Box>
      )}
      {view === 'team' && (
        // As many columns as clinicians, each at least 200 px wide: more than fit scroll sideways.
        <Box data-testid="calendar-team" style={{ display: 'grid', gridTemplateColumns: `repeat(${selected.length}, minmax(200px, 1fr))`, gap: 'var(--mantine-spacing-sm)', overflowX: 'auto' }}
          tabIndex={0} aria-label="The team's day, one column per clinician">
          {selected.map((id) => (
            <Box key={`${id}-${date.valueOf()}`} data-testid={`team-column-${id}`}>
              <Text fw={600} ta="center">{nameOf(id)}</Text>
              <FullCalendar {...common(id)} initialView="timeGridDay" initialDate={date.toDate()} events={teamEvents[id]} />
            </Box>
          ))}
        </Box>
      )}
      <BookingDialog opened={booking !== null} initial={booking ?? {}} clinicians={clinicians} services={services} locations={locations}
        onClose={() => setBooking(null)}
        onBooked={(a, warnings) => {
          setBooking(null);
          showWarnings(warnings, `Booked ${fmtVisit(a.start)}`);
          if (!selected.includes(a.clinician_id)) setSelected((s) => [...s, a.clinician_id]);
          setDate(dayjs(a.start).startOf('day'));
          load();
        }} />
      {keepsWaitlist && <WaitlistDrawer opened={waitlistOpen} onClose={() => setWaitlistOpen(false)} services={services} clinicians={clinicians} />}
      <Modal opened={openPartner !== null} onClose={() => setOpenPartner(null)} title="Joint visit at a partner practice"
        closeButtonProps={{ 'aria-label': 'Close joint visit' }}>
        {openPartner && (
          <Stack gap="xs" data-testid="partner-visit">
            <Text>{openPartner.client_names.join(', ')} with {openPartner.clinician_name}, in person at {openPartner.practice_name}</Text>
            <Text>{fmtVisit(openPartner.start)} – {fmtTime(openPartner.end)}</Text>
            <Text size="sm" c="dimmed">You join by video. {openPartner.practice_name} keeps the client's record; your note and billing stay with your organization.</Text>
            <Group>
              <Button color="teal" onClick={() => navigate(`/partner-visit/${openPartner.appointment_id}`)}>Join by video</Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <AppointmentPanel me={me} appointment={open} services={services} locations={locations} clinicianName={nameOf}
        clinicians={clinicians}
        onClose={() => setOpen(null)} onChanged={load}
        onBookFromWaitlist={(b) => { setOpen(null); setBooking(b); }} />
    </Stack>
  );
}
