// The practice's payers and the claim settings that differ between them (Settings → Payers): how
// telehealth's place of service is written, which modifiers, how rehab units are counted, how soon
// claims must be filed, and dated telehealth rules. Defaults come with the practice; the owner and
// the biller adapt them.
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Skeleton, Stack, Table, Text,
  TextInput, Title } from '@mantine/core';
import { DateInput } from '../../lib/dateInput';
import { type FormEvent, useState } from 'react';
import { api, ApiError, type Me, can } from '../../api';
import { useApi } from '../../lib/useApi';
import type { Page, Payer, TelehealthWindow } from '../../types';
import { ProviderSettings } from './ProviderSettings';
import { CalendarSettings, ProcessorSettings } from '../ledger/MoneySettings';
import { ChargeTimingSettings, VisitFeesSettings } from './VisitFeesSettings';
import { AUDIO_MODIFIER, EM_BASIS, FILING_INDICATOR, options, POS_STYLE, UNIT_METHOD, VIDEO_MODIFIER } from './labels';

const BLANK: Payer = {
  id: '', name: '', payer_id: '', address_line: '', city: '', state: '', postal_code: '', pos_style: 'telehealth_pos',
  video_modifier: '95', audio_modifier: '93', unit_method: 'pooled_8_minute', em_basis: 'time', timely_filing_days: 90, filing_indicator: 'CI', therapy_threshold: 0, fee_schedule: [],
  telehealth_windows: [], active: true, version: 1, updated_at: '',
};

export function PayersSettings({ me }: { me: Me }) {
  const listed = useApi<Page<Payer>>('/api/v1/payers', 'Could not load the payers.');
  const [editing, setEditing] = useState<Payer | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const edits = can(me, 'payers.write');
  const payers = listed.data?.items;
  return (
    <Stack>
      <ProviderSettings canEdit={edits} />
      <ChargeTimingSettings canEdit={edits} />
      <VisitFeesSettings canEdit={edits} />
      <ProcessorSettings canEdit={can(me, 'practice.update')} />
      <CalendarSettings canEdit={edits} />
      <Group justify="space-between">
        <Title order={2} size="h4">Payers</Title>
        {edits && <Button onClick={() => setEditing({ ...BLANK })}>Add payer</Button>}
      </Group>
      <Text size="sm" c="dimmed">What each insurer wants on a claim. Check the electronic payer ids against your clearinghouse's list.</Text>
      {listed.error && <Alert color="red" role="alert">{listed.error}</Alert>}
      {saved && <Alert color="teal" role="status">{saved}</Alert>}
      {!payers && !listed.error && <Skeleton h={160} />}
      {payers && (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table striped data-testid="payer-table">
            <Table.Thead>
              <Table.Tr><Table.Th>Payer</Table.Th><Table.Th>Payer id</Table.Th><Table.Th>Telehealth</Table.Th><Table.Th>Video / audio</Table.Th>
                <Table.Th>Rehab units</Table.Th><Table.Th>Filing limit</Table.Th>{edits && <Table.Th />}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payers.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name} {!p.active && <Badge color="gray.7" size="sm">inactive</Badge>}</Table.Td>
                  <Table.Td>{p.payer_id}</Table.Td>
                  <Table.Td>{POS_STYLE[p.pos_style]}</Table.Td>
                  <Table.Td>{VIDEO_MODIFIER[p.video_modifier]} / {p.audio_modifier}</Table.Td>
                  <Table.Td>{UNIT_METHOD[p.unit_method]}</Table.Td>
                  <Table.Td>{p.timely_filing_days} days</Table.Td>
                  {edits && <Table.Td><Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>Edit</Button></Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <PayerForm start={editing} onClose={() => setEditing(null)}
          onSaved={(p) => { setEditing(null); setSaved(`Saved ${p.name}.`); listed.reload(); }} />
      )}
    </Stack>
  );
}

function PayerForm({ start, onClose, onSaved }: { start: Payer; onClose: () => void; onSaved: (p: Payer) => void }) {
  const [p, setP] = useState<Payer>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const isNew = start.id === '';
  const set = <K extends keyof Payer>(k: K, v: Payer[K]) => setP((x) => ({ ...x, [k]: v }));
  const setWindow = (i: number, patch: Partial<TelehealthWindow>) =>
    set('telehealth_windows', p.telehealth_windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setProblem(null);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { id, updated_at, ...body } = p;
    try {
      onSaved(isNew ? await api<Payer>('POST', '/api/v1/payers', body) : await api<Payer>('PATCH', `/api/v1/payers/${start.id}`, body));
    } catch (x) {
      if (!(x instanceof ApiError)) return setProblem('Could not save the payer.');
      setErrors(Object.fromEntries(x.errors.map((f) => [f.field, f.message])));
      if (!x.errors.length || x.status === 409) setProblem(x.detail);
    }
  }
  return (
    <Modal opened onClose={onClose} size="lg" title={isNew ? 'Add a payer' : `Edit ${start.name}`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack>
          {problem && <Alert color="red" role="alert">{problem}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required value={p.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
            <TextInput label="Electronic payer id" required value={p.payer_id} onChange={(e) => set('payer_id', e.currentTarget.value)} error={errors.payer_id} />
            <TextInput label="Claims address" value={p.address_line} onChange={(e) => set('address_line', e.currentTarget.value)} error={errors.address_line} />
            <TextInput label="City" value={p.city} onChange={(e) => set('city', e.currentTarget.value)} error={errors.city} />
            <TextInput label="State" maxLength={2} value={p.state} onChange={(e) => set('state', e.currentTarget.value.toUpperCase())} error={errors.state} />
            <TextInput label="ZIP code" value={p.postal_code} onChange={(e) => set('postal_code', e.currentTarget.value)} error={errors.postal_code} />
            <Select label="Telehealth place of service" data={options(POS_STYLE)} value={p.pos_style} allowDeselect={false}
              onChange={(v) => v && set('pos_style', v as Payer['pos_style'])} error={errors.pos_style} />
            <Select label="Video modifier" data={options(VIDEO_MODIFIER)} value={p.video_modifier} allowDeselect={false}
              onChange={(v) => v && set('video_modifier', v as Payer['video_modifier'])} error={errors.video_modifier} />
            <Select label="Audio-only modifier" data={options(AUDIO_MODIFIER)} value={p.audio_modifier} allowDeselect={false}
              onChange={(v) => v && set('audio_modifier', v as Payer['audio_modifier'])} error={errors.audio_modifier} />
            <Select label="Timed rehab units" data={options(UNIT_METHOD)} value={p.unit_method} allowDeselect={false}
              onChange={(v) => v && set('unit_method', v as Payer['unit_method'])} error={errors.unit_method} />
            <Select label="E/M level by" data={options(EM_BASIS)} value={p.em_basis} allowDeselect={false}
              onChange={(v) => v && set('em_basis', v as Payer['em_basis'])} error={errors.em_basis} />
            <Select label="Kind of plan on claims" data={options(FILING_INDICATOR)} value={p.filing_indicator} allowDeselect={false}
              onChange={(v) => v && set('filing_indicator', v)} error={errors.filing_indicator} />
            <NumberInput label="Yearly therapy threshold for KX ($, 0 for none)" min={0} max={1000000} decimalScale={2}
              description="PT and SLP together, OT apart; Medicare's amount changes each January"
              value={p.therapy_threshold / 100} onChange={(v) => set('therapy_threshold', Math.round(Number(v || 0) * 100))}
              error={errors.therapy_threshold} />
            <NumberInput label="Timely filing (days after the visit)" min={1} max={3650} value={p.timely_filing_days}
              onChange={(v) => set('timely_filing_days', Number(v) || 0)} error={errors.timely_filing_days} />
          </SimpleGrid>
          <Checkbox label="Active (offered on clients' policies)" checked={p.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          <Text fw={600} size="sm">Dated telehealth rules</Text>
          <Text size="xs" c="dimmed">Codes starting with these digits are paid by telehealth only for dates of service in the window.</Text>
          {p.telehealth_windows.map((w, i) => (
            <Group key={i} align="end" wrap="wrap">
              <TextInput label="Codes starting" w={110} value={w.code_prefix} onChange={(e) => setWindow(i, { code_prefix: e.currentTarget.value })}
                error={errors[`telehealth_windows[${i}].code_prefix`]} />
              <DateInput label="From" w={140} clearable clearButtonProps={{ 'aria-label': 'Clear the date' }} valueFormat="YYYY-MM-DD" value={w.from ?? null} onChange={(v) => setWindow(i, { from: v })} />
              <DateInput label="Through" w={140} clearable clearButtonProps={{ 'aria-label': 'Clear the date' }} valueFormat="YYYY-MM-DD" value={w.until ?? null} onChange={(v) => setWindow(i, { until: v })}
                error={errors[`telehealth_windows[${i}].until`]} />
              <TextInput label="Why" style={{ flex: 1 }} value={w.note} onChange={(e) => setWindow(i, { note: e.currentTarget.value })} />
              <ActionIcon variant="subtle" color="red" aria-label="Remove this rule" mb={4}
                onClick={() => set('telehealth_windows', p.telehealth_windows.filter((_, j) => j !== i))}>✕</ActionIcon>
            </Group>
          ))}
          <Button variant="default" w="fit-content" onClick={() => set('telehealth_windows', [...p.telehealth_windows, { code_prefix: '', from: null, until: null, note: '' }])}>
            Add a dated rule
          </Button>
          <Text fw={600} size="sm">Fee schedule</Text>
          <Text size="xs" c="dimmed">What the practice charges this payer for a code, in place of the service's own fee (audio-only visits take the video fee).</Text>
          {p.fee_schedule.map((row, i) => (
            <Group key={i} align="end" wrap="wrap">
              <TextInput label="Code" w={100} value={row.cpt} error={errors[`fee_schedule[${i}].cpt`]}
                onChange={(e) => set('fee_schedule', p.fee_schedule.map((x, j) => (j === i ? { ...x, cpt: e.currentTarget.value.toUpperCase() } : x)))} />
              <NumberInput label="In person ($)" w={130} min={0} decimalScale={2} value={row.in_person == null ? '' : row.in_person / 100}
                error={errors[`fee_schedule[${i}].in_person`]}
                onChange={(v) => set('fee_schedule', p.fee_schedule.map((x, j) => (j === i ? { ...x, in_person: v === '' ? null : Math.round(Number(v) * 100) } : x)))} />
              <NumberInput label="Video ($)" w={130} min={0} decimalScale={2} value={row.video == null ? '' : row.video / 100}
                onChange={(v) => set('fee_schedule', p.fee_schedule.map((x, j) => (j === i ? { ...x, video: v === '' ? null : Math.round(Number(v) * 100) } : x)))} />
              <ActionIcon variant="subtle" color="red" aria-label={`Remove the fee for ${row.cpt || 'this code'}`} mb={4}
                onClick={() => set('fee_schedule', p.fee_schedule.filter((_, j) => j !== i))}>✕</ActionIcon>
            </Group>
          ))}
          <Button variant="default" w="fit-content" onClick={() => set('fee_schedule', [...p.fee_schedule, { cpt: '', in_person: null, video: null }])}>
            Add a fee
          </Button>
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Save payer</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}
