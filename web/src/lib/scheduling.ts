// Scheduling types as the server sends them, and the few helpers every calendar view shares.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { modeColors } from '../theme';
import { fmtTime, fmtVisit } from './format';

dayjs.extend(utc);
dayjs.extend(timezone);

export type { Appointment, Availability, Block, BookingAnswer, HealthWeek, Location, Service, Slot, VisitMode, Warning } from '../types';
import type { Appointment, Availability, Service, VisitMode } from '../types';

export const MODE_LABEL: Record<VisitMode, string> = { in_person: 'In person', video: 'Video', audio: 'Audio only' };
// A glyph beside every colour, so mode never rests on colour alone.
export const MODE_ICON: Record<VisitMode, string> = { in_person: '●', video: '▶', audio: '☎' };

// Dollars are written in lib/format.ts (no dayjs there, so a client's pages load without it).
export { money } from './format';

export const CLOSED = ['cancelled', 'late_cancelled', 'no_show'];

/** The services a clinician joining an in-person visit by video (a joint visit) may code their part as: offered by
 *  video and open to their discipline, those of their own discipline first. */
export function servicesToJoin(services: Service[], discipline: Service['disciplines'][number] | undefined): Service[] {
  if (!discipline) return [];
  const fits = services.filter((s) => s.modes.includes('video') && !s.in_person_required &&
    (s.disciplines.length === 0 || s.disciplines.includes(discipline)));
  return [...fits.filter((s) => s.disciplines.includes(discipline)), ...fits.filter((s) => !s.disciplines.includes(discipline))];
}

// FullCalendar events for a clinician's appointments: colour by mode, faded when closed.
export function appointmentEvents(items: Appointment[], clinicianName: (id: string) => string, showClinician: boolean) {
  return items.map((a) => {
    const closed = CLOSED.includes(a.status);
    // Another clinician's visit shows only that the time is taken.
    const who = a.busy ? 'Busy' : `${a.kind === 'conference' ? 'Case conference: ' : ''}${(a.client_names ?? []).join(', ') || 'Client'}`;
    return {
      id: a.id ?? '',
      title: `${MODE_ICON[a.mode]} ${who}${showClinician ? ` · ${clinicianName(a.clinician_id)}` : ''}${a.joint_clinician_id && !a.busy ? ` + ${MODE_ICON.video} ${clinicianName(a.joint_clinician_id)}` : ''}${a.status === 'booked' ? '' : ` (${a.status.replace('_', ' ')})`}`,
      start: a.start,
      end: a.end,
      backgroundColor: closed ? '#ffffff' : modeColors[a.mode],
      borderColor: modeColors[a.mode],
      // Checked in or in session: a dark outline, so the front desk sees who has arrived.
      ...(a.status === 'checked_in' || a.status === 'in_session' ? { borderColor: '#212529' } : {}),
      textColor: closed ? '#343a40' : '#ffffff',
      editable: !closed && !a.busy,
      classNames: [`mode-${a.mode}`, `status-${a.status}`],
      extendedProps: { appointment: a },
    };
  });
}

// Background events for a clinician's mode blocks over a range of days, in the viewer's zone.
export function blockEvents(availability: Availability, zone: string, from: Date, to: Date, clinicianId: string) {
  const out: { start: string; end: string; display: 'background'; backgroundColor: string; classNames: string[]; groupId: string }[] = [];
  let day = dayjs(from).tz(zone).startOf('day');
  const last = dayjs(to).tz(zone);
  while (day.isBefore(last)) {
    const date = day.format('YYYY-MM-DD');
    const weekday = ((day.day() + 6) % 7) + 1; // 1 = Monday
    const off = availability.exceptions.filter((e) => e.date === date && e.kind === 'time_off');
    for (const b of availability.blocks.filter((x) => x.weekday === weekday)) {
      if (off.some((e) => e.start_time <= b.start_time && e.end_time >= b.end_time)) continue;
      const change = availability.exceptions.find((e) => e.date === date && e.kind === 'mode_change' && e.start_time < b.end_time && b.start_time < e.end_time);
      const mode = (change?.mode ?? b.mode) as 'in_person' | 'telehealth';
      out.push({
        start: dayjs.tz(`${date} ${b.start_time}`, 'YYYY-MM-DD HH:mm', zone).toISOString(),
        end: dayjs.tz(`${date} ${b.end_time === '24:00' ? '23:59' : b.end_time}`, 'YYYY-MM-DD HH:mm', zone).toISOString(),
        display: 'background',
        backgroundColor: mode === 'in_person' ? modeColors.in_person : modeColors.video,
        classNames: [`block-${mode}`],
        groupId: `blocks-${clinicianId}`,
      });
    }
    day = day.add(1, 'day');
  }
  return out;
}

// "10:00 MT · 12:00 ET for the client": the viewer's time, and the other zone when it differs.
export function timeWithZone(iso: string, otherZone?: string) {
  const local = dayjs(iso);
  const mine = fmtVisit(iso);
  const viewerZone = dayjs.tz.guess();
  if (!otherZone || otherZone === viewerZone) return mine;
  const theirs = local.tz(otherZone);
  if (theirs.format('HH:mm') === local.format('HH:mm')) return mine;
  return `${mine} · ${fmtTime(iso, otherZone)} for the client`;
}

export { dayjs };

/** Today's date in the viewer's own zone (not UTC: in the evening UTC is already tomorrow). */
export function localToday(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** The end of the viewer's day, RFC 3339 with their offset. */
export function endOfToday(): string {
  return dayjs().endOf('day').format();
}

/** The start of the viewer's day, RFC 3339 with their offset. */
export function startOfToday(): string {
  return dayjs().startOf('day').format();
}
