import { fmtDate } from './format';

export type { ClientRecord, Diagnosis, Guardian, Insurance } from '../types';
import type { ClientRecord } from '../types';

export function ageOn(birth: string, on = new Date()) {
  const b = new Date(birth + 'T00:00:00');
  let age = on.getFullYear() - b.getFullYear();
  if (on.getMonth() < b.getMonth() || (on.getMonth() === b.getMonth() && on.getDate() < b.getDate())) age--;
  return age;
}

export function displayName(c: Pick<ClientRecord, 'given_name' | 'family_name' | 'preferred_name'>) {
  return c.preferred_name && c.preferred_name !== c.given_name
    ? `${c.given_name} “${c.preferred_name}” ${c.family_name}`
    : `${c.given_name} ${c.family_name}`;
}

/** A client in a pick list: every name they go by, birth date and state, so two of one name differ. */
export function clientOption(c: ClientRecord) {
  return { value: c.id, label: `${displayName(c)} · born ${fmtDate(c.birth_date)} · ${c.location_state}` };
}
/** Pick lists of clients show what the server found: it matches legal and preferred names, birth date and phone. */
export const serverFiltered = ({ options }: { options: unknown[] }) => options as never;

export function formatPhone(p: string) {
  const m = p.match(/^\+1(\d{3})(\d{3})(\d{4})$/);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : p;
}
