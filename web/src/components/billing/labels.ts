// Words for billing's settings and codes, in one place for the settings table, the forms and the
// coding check.
import type { Payer } from '../../types';

export const POS_STYLE: Record<Payer['pos_style'], string> = {
  telehealth_pos: 'POS 10 at home / 02 elsewhere',
  in_person_pos: 'POS 11 with the modifier',
};
export const VIDEO_MODIFIER: Record<Payer['video_modifier'], string> = { '95': '95', GT: 'GT', none: 'None' };
export const AUDIO_MODIFIER: Record<Payer['audio_modifier'], string> = { '93': '93', FQ: 'FQ (RHC/FQHC)' };
export const UNIT_METHOD: Record<Payer['unit_method'], string> = {
  pooled_8_minute: 'Pooled 8-minute rule (Medicare)',
  per_code_midpoint: 'Each code at its midpoint',
};
export const EM_BASIS: Record<Payer['em_basis'], string> = { time: 'Total time', mdm: 'Medical decision making' };

// The claim filing indicator (837P SBR09): the kind of plan.
export const FILING_INDICATOR: Record<string, string> = {
  CI: 'Commercial insurance (CI)', BL: 'Blue Cross / Blue Shield (BL)', HM: 'HMO (HM)', '12': 'PPO (12)', '13': 'POS plan (13)',
  MB: 'Medicare Part B (MB)', '16': 'Medicare Advantage HMO (16)', MC: 'Medicaid (MC)', CH: 'TRICARE (CH)', VA: 'Veterans Affairs (VA)',
  WC: "Workers' compensation (WC)", '11': 'Other non-federal (11)',
};

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
