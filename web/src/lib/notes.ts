import { api, ApiError } from '../api';
import { fmtDateTime } from './format';
// Notes in the web app: the shapes the server sends, and which template a new visit note starts with.
export type { FieldDef, FieldType, NoteMeta, Signature, Template } from '../types';
import type { components } from '../api-schema';

export type FieldValue = string | number | string[] | string[][];

/** A note as the server sends it, with its content read as the template's field values. */
export type Note = Omit<components['schemas']['Note'], 'content' | 'visit'> & {
  content: Record<string, FieldValue>;
  visit: Record<string, string | number | boolean | null>;
};

/** The template a visit note starts with, by the clinician's discipline. */
export function defaultTemplateFor(discipline: string | undefined): string {
  if (discipline === 'psychiatry' || discipline === 'psychiatric_np') return 'med_management';
  if (discipline === 'occupational_therapy' || discipline === 'physical_therapy' || discipline === 'speech_language_pathology') return 'daily_treatment';
  return 'soap';
}

export const when = (iso: string) => fmtDateTime(iso);

/**
 * The progress note of a visit: a new draft from the clinician's usual template, or the one the
 * visit already has. Resolves to the note's id.
 */
export async function noteForVisit(visit: { id: string | null; clinician_id: string; joint_clinician_id?: string | null; client_ids: string[] }): Promise<string> {
  // In a joint visit the clinician who joined by video writes the note of their own part, from their template.
  let clinicianId = visit.clinician_id;
  let joint = false;
  if (visit.joint_clinician_id) {
    const [me, joiner] = await Promise.all([api<{ user: { id: string } }>('GET', '/api/v1/me'),
      api<{ user_id: string | null }>('GET', `/api/v1/clinicians/${visit.joint_clinician_id}`)]);
    if (joiner.user_id === me.user.id) {
      clinicianId = visit.joint_clinician_id;
      joint = true;
    }
  }
  try {
    const clinician = await api<{ discipline: string }>('GET', `/api/v1/clinicians/${clinicianId}`);
    const note = await api<{ id: string }>('POST', '/api/v1/notes', {
      client_id: visit.client_ids[0], appointment_id: visit.id, template_key: defaultTemplateFor(clinician.discipline) });
    return note.id;
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      const list = await api<{ items: { id: string; appointment_id: string | null; kind: string; joint?: boolean }[] }>('GET', `/api/v1/notes?client_id=${visit.client_ids[0]}`);
      // A joint visit has a note for each clinician's part.
      const existing = list.items.find((n) => n.appointment_id === visit.id && n.kind === 'progress' && Boolean(n.joint) === joint);
      if (existing) return existing.id;
    }
    throw e;
  }
}
