// US states and DC on a tile grid (one square per state, roughly where it sits on the map).
export const STATE_NAMES: Record<string, string> = {
  AK: 'Alaska', AL: 'Alabama', AR: 'Arkansas', AZ: 'Arizona', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DC: 'District of Columbia', DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', IA: 'Iowa', ID: 'Idaho',
  IL: 'Illinois', IN: 'Indiana', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', MA: 'Massachusetts', MD: 'Maryland',
  ME: 'Maine', MI: 'Michigan', MN: 'Minnesota', MO: 'Missouri', MS: 'Mississippi', MT: 'Montana', NC: 'North Carolina',
  ND: 'North Dakota', NE: 'Nebraska', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NV: 'Nevada', NY: 'New York',
  OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VA: 'Virginia', VT: 'Vermont', WA: 'Washington', WI: 'Wisconsin',
  WV: 'West Virginia', WY: 'Wyoming', PR: 'Puerto Rico', GU: 'Guam', VI: 'U.S. Virgin Islands', MP: 'Northern Mariana Islands',
  AS: 'American Samoa',
};

const GRID = [
  'AK .. .. .. .. .. .. .. .. .. ME',
  '.. .. .. .. .. .. .. .. .. VT NH',
  'WA ID MT ND MN IL WI MI NY RI MA',
  'OR NV WY SD IA IN OH PA NJ CT ..',
  'CA UT CO NE MO KY WV VA MD DE ..',
  '.. AZ NM KS AR TN NC SC DC .. ..',
  '.. .. .. OK LA MS AL GA .. .. ..',
  'HI .. .. TX .. .. .. .. FL .. ..',
];

export const TILES: { state: string; row: number; col: number }[] = GRID.flatMap((line, row) =>
  line.split(' ').flatMap((code, col) => (code === '..' ? [] : [{ state: code, row, col }])),
);

export const STATE_OPTIONS = Object.entries(STATE_NAMES)
  .map(([value, name]) => ({ value, label: `${name} (${value})` }))
  .sort((a, b) => a.label.localeCompare(b.label));

export const TIME_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'America/Adak', 'Pacific/Honolulu', 'America/Detroit', 'America/Indiana/Indianapolis', 'America/Boise', 'America/Puerto_Rico',
  'Pacific/Guam', 'America/St_Thomas', 'Pacific/Pago_Pago', 'Pacific/Saipan',
];

export const DISCIPLINES: Record<string, string> = {
  counseling: 'Counseling', social_work: 'Social work', mft: 'Marriage and family therapy', psychology: 'Psychology',
  psychiatry: 'Psychiatry (MD/DO)', psychiatric_np: 'Psychiatric nurse practitioner', occupational_therapy: 'Occupational therapy',
  physical_therapy: 'Physical therapy', speech_language_pathology: 'Speech-language pathology',
};

export const COMPACTS: Record<string, string> = {
  PSYPACT: 'PSYPACT', COUNSELING: 'Counseling Compact', OT: 'OT Compact', PT: 'PT Compact', ASLP: 'ASLP-IC',
  NLC: 'Nurse Licensure Compact', APRN: 'APRN Compact', IMLC: 'IMLC', SOCIAL_WORK: 'Social Work Compact',
};
