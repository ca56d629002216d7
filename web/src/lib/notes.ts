// Notes in the web app: the shapes the server sends, and which template a new visit note starts with.
export type FieldType = 'text' | 'choice' | 'multi_choice' | 'number' | 'date' | 'scale' | 'table' | 'diagnosis' | 'measure';

export interface FieldDef {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  columns?: string[];
  instruments?: string[];
  min?: number;
  max?: number;
}

export interface Template {
  key: string;
  version: number;
  kind: 'progress' | 'psychotherapy';
  name: string;
  disciplines: string[];
  sections: { id: string; title: string; fields: FieldDef[] }[];
  built_in: boolean;
}

export type FieldValue = string | number | string[] | string[][];

export interface Signature {
  user_id: string;
  name: string;
  at: string;
  hash: string;
}

export interface NoteMeta {
  id: string;
  client_id: string;
  appointment_id: string | null;
  author: { user_id: string; name: string };
  kind: 'progress' | 'psychotherapy';
  template: { key: string; version: number };
  status: 'draft' | 'signed';
  created_at: string;
  updated_at: string;
  version: number;
  signature: Signature | null;
  cosign_required: boolean;
  cosignature: Signature | null;
}

export interface Note extends NoteMeta {
  content: Record<string, FieldValue>;
  visit: Record<string, string | number | boolean | null>;
  addenda: { id: string; author: { name: string }; text: string; created_at: string; hash: string }[];
  can: { edit: boolean; sign: boolean; addend: boolean; cosign: boolean };
}

/** The template a visit note starts with, by the clinician's discipline. */
export function defaultTemplateFor(discipline: string | undefined): string {
  if (discipline === 'psychiatry' || discipline === 'psychiatric_np') return 'med_management';
  if (discipline === 'occupational_therapy' || discipline === 'physical_therapy' || discipline === 'speech_language_pathology') return 'daily_treatment';
  return 'soap';
}

export const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
