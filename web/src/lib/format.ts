// Every date and time the app shows goes through these, so the whole app reads one way: the
// practice's locale (US English; a client's pages: their language, set by lib/i18n), in the viewer's
// own time zone unless a zone is given.
let LOCALE = 'en-US';
/** The locale dates and times are written in from now on ("en-US", "es-US"). */
export function setFormatLocale(locale: string) {
  if (locale === LOCALE) return;
  LOCALE = locale;
  cache.clear();
}

type When = string | number | Date;
const toDate = (w: When) => (w instanceof Date ? w : new Date(w));

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE, options);
    cache.set(key, f);
  }
  return f;
}

/** "Mar 14, 2026". A bare YYYY-MM-DD is a calendar date, shown as is (no zone shift). */
export function fmtDate(w: When): string {
  if (typeof w === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(w)) return formatter({ dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${w}T00:00:00Z`));
  return formatter({ dateStyle: 'medium' }).format(toDate(w));
}
/** "3:05 PM" (with the zone's abbreviation when `zone` is given: "3:05 PM MST"). */
export function fmtTime(w: When, zone?: string): string {
  return formatter(zone ? { hour: 'numeric', minute: '2-digit', timeZone: zone, timeZoneName: 'short' } : { hour: 'numeric', minute: '2-digit' }).format(toDate(w));
}
/** "Mar 14, 2026, 3:05 PM". */
export function fmtDateTime(w: When): string {
  return formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(toDate(w));
}
/** "Thursday, March 14". */
export function fmtDay(w: When): string {
  return formatter({ weekday: 'long', month: 'long', day: 'numeric' }).format(toDate(w));
}
/** "Thu, Mar 14, 3:05 PM": a visit in a list. */
export function fmtVisit(w: When): string {
  return formatter({ weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(toDate(w));
}
/** "Mar 14": a point on a chart. */
export function fmtShortDate(w: When): string {
  return formatter({ month: 'short', day: 'numeric' }).format(toDate(w));
}
/** "March 2026": a month heading. */
export function fmtMonth(w: When): string {
  return formatter({ month: 'long', year: 'numeric' }).format(toDate(w));
}
/** "2026-03-14" in the viewer's zone: the value of a date field. */
export function isoDate(w: When): string {
  return toDate(w).toLocaleDateString('en-CA');
}

/** Cents as dollars: "$125.00" ("—" for none). */
export function money(cents: number | null | undefined) {
  if (cents == null) return '—';
  return (cents / 100).toLocaleString(undefined, { style: 'currency', currency: 'USD' });
}
