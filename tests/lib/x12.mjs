// X12 in tests: the 837P files Duet writes are read back with an independent parser (node-x12, strict:
// it checks SE01, GE01 and IEA01 and the control numbers) and checked against the 005010X222A1
// implementation guide's structure; 835 files are built here the way payers write them.
import assert from 'node:assert/strict';
import x12 from 'node-x12';

const { X12Parser } = x12;

const values = (segment) => [segment.tag, ...segment.elements.map((e) => e.value)];

/** Parses an 837P and checks its structure; returns the claims as plain objects for further checks. */
export function check837P(text) {
  const interchange = new X12Parser(true).parse(text);
  // node-x12 reads ISA13 as a number: the fixed-width header and the trailer are checked as written.
  const isa = text.trimStart().slice(0, 105).split(text.trimStart()[3]);
  const iea = text.trim().replace(/~$/, '').split('~').at(-1).trim().split('*');
  assert.equal(isa[0], 'ISA');
  assert.equal(isa.length, 17, 'ISA has 16 elements in 105 characters before its terminator');
  assert.deepEqual(isa.slice(1).map((e) => e.length), [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1], 'ISA elements have their fixed widths');
  assert.equal(iea[0], 'IEA');
  assert.equal(iea[2], isa[13], 'IEA02 = ISA13');
  assert.match(isa[13], /^\d{9}$/, 'ISA13 is nine digits');
  assert.equal(Number(iea[1]), interchange.functionalGroups.length, 'IEA01 counts the groups');
  assert.equal(interchange.functionalGroups.length, 1);
  const group = interchange.functionalGroups[0];
  const gs = values(group.header);
  const ge = values(group.trailer);
  assert.equal(gs[1], 'HC');
  assert.equal(gs[8], '005010X222A1');
  assert.equal(ge[2], gs[6], 'GE02 = GS06');
  assert.equal(Number(ge[1]), group.transactions.length, 'GE01 counts the transaction sets');
  const claims = [];
  for (const t of group.transactions) {
    const st = values(t.header);
    const se = values(t.trailer);
    assert.equal(st[1], '837');
    assert.equal(st[3], '005010X222A1');
    assert.equal(se[2], st[2], 'SE02 = ST02');
    assert.equal(Number(se[1]), t.segments.length + 2, 'SE01 counts ST through SE');
    const segs = t.segments.map(values);
    assert.equal(segs[0][0], 'BHT');
    assert.deepEqual([segs[0][1], segs[0][6]], ['0019', 'CH']);
    const find = (pred, what) => {
      const s = segs.find(pred);
      assert.ok(s, `missing ${what}`);
      return s;
    };
    find((s) => s[0] === 'NM1' && s[1] === '41', 'submitter (1000A NM1*41)');
    find((s) => s[0] === 'PER' && s[1] === 'IC', 'submitter contact (PER*IC)');
    find((s) => s[0] === 'NM1' && s[1] === '40', 'receiver (1000B NM1*40)');

    // The HL hierarchy: ids 1..n in order, each parent an earlier HL of the level above.
    const hls = new Map();
    let current = { id: 'header', level: 'header', segs: [] }; // 1000A/1000B come before the first HL
    let claim = null;
    let lx = 0;
    let expected = 1;
    for (const s of segs) {
      if (s[0] === 'HL') {
        assert.equal(Number(s[1]), expected++, 'HL01 numbers the levels in order');
        const level = s[3];
        if (level === '20') assert.equal(s[2] ?? '', '', 'the billing provider has no parent');
        else {
          const parent = hls.get(s[2]);
          assert.ok(parent, `HL ${s[1]} names a parent that came before`);
          assert.equal(parent.level, level === '22' ? '20' : '22', `HL ${s[1]}'s parent is one level up`);
          parent.children += 1;
        }
        current = { id: s[1], level, childFlag: s[4], children: 0, segs: [] };
        hls.set(s[1], current);
        continue;
      }
      current.segs.push(s);
      if (s[0] === 'CLM') {
        claim = { number: s[1], total: s[2], pos: s[5].split(':')[0], frequency: s[5].split(':')[2], diagnoses: [], lines: [], subscriberLevel: current.level };
        claims.push(claim);
        lx = 0;
      } else if (s[0] === 'HI' && claim) {
        claim.diagnoses = s.slice(1).map((c) => c.split(':'));
      } else if (s[0] === 'REF' && s[1] === 'F8' && claim) {
        claim.original = s[2];
      } else if (s[0] === 'NM1' && s[1] === '82' && claim) {
        claim.renderingNpi = s[9];
      } else if (s[0] === 'LX') {
        assert.equal(Number(s[1]), ++lx, 'LX numbers the lines from 1');
      } else if (s[0] === 'SV1') {
        const [qualifier, cpt, ...modifiers] = s[1].split(':');
        claim.lines.push({ qualifier, cpt, modifiers, amount: s[2], unit: s[3], units: Number(s[4]), pos: s[5] || null, pointers: (s[7] ?? '').split(':').filter(Boolean).map(Number) });
      } else if (s[0] === 'DTP' && s[1] === '472') {
        claim.lines.at(-1).date = s[3];
      }
    }
    assert.ok(hls.size >= 2, 'a billing provider level and at least one subscriber level');
    for (const hl of hls.values()) {
      assert.equal(hl.childFlag, hl.children > 0 ? '1' : '0', `HL ${hl.id}'s child flag says whether levels follow`);
      if (hl.level === '20') {
        assert.ok(hl.segs.some((s) => s[0] === 'NM1' && s[1] === '85' && s[8] === 'XX' && /^\d{10}$/.test(s[9])), 'billing provider NM1*85 with an NPI');
        assert.ok(hl.segs.some((s) => s[0] === 'N3'), 'billing provider N3');
        assert.ok(hl.segs.some((s) => s[0] === 'N4' && /^\d{9}$/.test(s[3])), 'billing provider N4 with a 9-digit ZIP');
        assert.ok(hl.segs.some((s) => s[0] === 'REF' && s[1] === 'EI' && /^\d{9}$/.test(s[2])), 'billing provider REF*EI');
      }
      if (hl.level === '22') {
        const sbr = hl.segs.find((s) => s[0] === 'SBR');
        assert.ok(sbr, 'subscriber SBR');
        assert.match(sbr[1], /^[PST]$/);
        assert.equal(sbr[2] === '18', hl.children === 0, 'SBR02 = 18 exactly when no patient level follows');
        assert.ok(sbr[9], 'SBR09 claim filing indicator');
        assert.ok(hl.segs.some((s) => s[0] === 'NM1' && s[1] === 'IL' && s[8] === 'MI' && s[9]), 'subscriber NM1*IL with a member id');
        assert.ok(hl.segs.some((s) => s[0] === 'NM1' && s[1] === 'PR' && s[8] === 'PI' && s[9]), 'payer NM1*PR with a payer id');
      }
      if (hl.level === '23') {
        assert.ok(hl.segs.some((s) => s[0] === 'PAT'), 'patient PAT');
        assert.ok(hl.segs.some((s) => s[0] === 'NM1' && s[1] === 'QC'), 'patient NM1*QC');
      }
    }
    for (const c of claims) {
      assert.ok(c.diagnoses.length >= 1 && c.diagnoses.length <= 12, `claim ${c.number} has 1–12 diagnoses`);
      assert.equal(c.diagnoses[0][0], 'ABK', 'the principal diagnosis is ABK');
      for (const d of c.diagnoses.slice(1)) assert.equal(d[0], 'ABF');
      for (const d of c.diagnoses) assert.doesNotMatch(d[1], /\./, 'ICD-10 codes without the decimal point');
      assert.ok(c.renderingNpi, 'rendering provider NM1*82');
      assert.ok(c.lines.length >= 1 && c.lines.length <= 50);
      const sum = c.lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
      assert.equal(Math.round(Number(c.total) * 100), sum, `claim ${c.number}: CLM02 = the sum of SV102`);
      for (const l of c.lines) {
        assert.equal(l.qualifier, 'HC');
        assert.equal(l.unit, 'UN');
        assert.ok(l.date, 'each line has DTP*472');
        assert.ok(l.pointers.length >= 1 && l.pointers.every((p) => p >= 1 && p <= c.diagnoses.length), 'pointers within HI');
      }
    }
  }
  return { control: isa[13], test: isa[15] === 'T', claims };
}

const amount = (cents) => (cents / 100).toFixed(2);

/** An 835 as a payer writes it: `claims` [{number, status, charged, paid, patient, payerClaim, adjustments, lines: [{cpt, modifiers, charged, paid, ref, adjustments: [[group, reason, cents]]}]}]. */
export function era({ trace = 'EFT-1', payer = 'AETNA', control = 900, claims }) {
  const body = [];
  const paidTotal = claims.reduce((s, c) => s + c.paid, 0);
  body.push(`BPR*I*${amount(paidTotal)}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261210`);
  body.push(`TRN*1*${trace}*1512345678`, 'DTM*405*20261210', `N1*PR*${payer}`, 'N1*PE*HARBOR*XX*1234567893', 'LX*1');
  for (const c of claims) {
    body.push(`CLP*${c.number}*${c.status ?? '1'}*${amount(c.charged)}*${amount(c.paid)}*${amount(c.patient ?? 0)}*12*${c.payerClaim ?? 'PCN'}`);
    body.push('NM1*QC*1*RIVERA*ALEX');
    for (const [g, r, a] of c.adjustments ?? []) body.push(`CAS*${g}*${r}*${amount(a)}`);
    for (const l of c.lines ?? []) {
      body.push(`SVC*HC:${[l.cpt, ...(l.modifiers ?? [])].join(':')}*${amount(l.charged)}*${amount(l.paid)}`);
      body.push('DTM*472*20261203');
      for (const [g, r, a] of l.adjustments ?? []) body.push(`CAS*${g}*${r}*${amount(a)}`);
      if (l.ref) body.push(`REF*6R*${l.ref}`);
    }
  }
  const set = ['ST*835*0001', ...body];
  set.push(`SE*${set.length + 1}*0001`);
  const isa = `ISA*00*          *00*          *ZZ*${payer.padEnd(15)}*ZZ*${'SUBMITTER'.padEnd(15)}*261210*1200*^*00501*${String(control).padStart(9, '0')}*0*P*:`;
  return [isa, `GS*HP*${payer}*SUBMITTER*20261210*1200*${control}*X*005010X221A1`, ...set, `GE*1*${control}`, `IEA*1*${String(control).padStart(9, '0')}`]
    .map((s) => `${s}~`).join('\n') + '\n';
}
