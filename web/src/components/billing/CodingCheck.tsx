// The coding check (the biller's "what if"): what happened at a visit in, the charge lines out —
// each code, unit, modifier and place of service with its reason — under a payer's settings, and
// what would stop the claim. Nothing is saved; it asks again as the facts change.
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, List, NumberInput, SegmentedControl, Select, SimpleGrid, Stack,
  Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { api } from '../../api';
import { useApi, useLoad } from '../../lib/useApi';
import type { Coding, CodingPreviewRequest, Page, Payer, Service } from '../../types';

type Mode = CodingPreviewRequest['mode'];
const MODES: { value: NonNullable<Mode>; label: string }[] = [
  { value: 'in_person', label: 'In person' }, { value: 'video', label: 'Video' }, { value: 'audio', label: 'Audio only' }];
const WHERE = [
  { value: 'home', label: 'At home' }, { value: 'elsewhere', label: 'Elsewhere (not home)' },
  { value: 'office', label: 'In the office' }, { value: 'client_home', label: "Seen at the client's home" }];
const FACTORS = ['Maladaptive communication among participants', 'Caregiver emotions or behavior interfering with the plan',
  'Sentinel event with a mandated report', 'Play equipment, a device, an interpreter or a translator'];

export function CodingCheck() {
  const services = useApi<Page<Service>>('/api/v1/services').data?.items ?? [];
  const payers = useApi<Page<Payer>>('/api/v1/payers').data?.items ?? [];
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [cpt, setCpt] = useState('');
  const [minutes, setMinutes] = useState<number | string>(45);
  const [mode, setMode] = useState<NonNullable<Mode>>('video');
  const [delivered, setDelivered] = useState<NonNullable<Mode>>('video');
  const [videoMinutes, setVideoMinutes] = useState<number | string>(0);
  const [where, setWhere] = useState('home');
  const [payerId, setPayerId] = useState<string | null>(null);
  const [factor, setFactor] = useState<string | null>(null);
  const [diagnoses, setDiagnoses] = useState<string[]>(['F41.1']);
  const [emMinutes, setEmMinutes] = useState<number | string>('');
  const [mdm, setMdm] = useState<string | null>(null);
  const [newPatient, setNewPatient] = useState(false);
  const [psychotherapy, setPsychotherapy] = useState<number | string>(0);
  const [discipline, setDiscipline] = useState<string | null>(null);
  const [timed, setTimed] = useState<{ code: string; minutes: number | string }[]>([]);
  const [assistant, setAssistant] = useState(false);
  const [threshold, setThreshold] = useState(false);

  const body = useMemo(() => {
    const total = Number(minutes) || 0;
    const droppedToAudio = mode === 'video' && delivered === 'audio';
    return {
      ...(serviceId ? { service_id: serviceId } : {}),
      ...(cpt.trim() ? { cpt: cpt.trim() } : {}),
      minutes: total,
      mode,
      delivered_mode: delivered,
      ...(droppedToAudio ? { video_minutes: Number(videoMinutes) || 0, audio_minutes: Math.max(0, total - (Number(videoMinutes) || 0)) } : {}),
      client_location: mode === 'in_person' && where !== 'client_home' ? 'office' : where,
      ...(payerId ? { payer_id: payerId } : {}),
      ...(factor ? { interactive_complexity: factor } : {}),
      diagnoses,
      ...(emMinutes !== '' ? { em_minutes: Number(emMinutes) } : {}),
      ...(mdm ? { mdm } : {}),
      new_patient: newPatient,
      psychotherapy_minutes: Number(psychotherapy) || 0,
      ...(discipline ? { discipline } : {}),
      timed_minutes: Object.fromEntries(timed.filter((t) => t.code.trim()).map((t) => [t.code.trim(), Number(t.minutes) || 0])),
      assistant,
      over_therapy_threshold: threshold,
    } as CodingPreviewRequest;
  }, [serviceId, cpt, minutes, mode, delivered, videoMinutes, where, payerId, factor, diagnoses, emMinutes, mdm, newPatient, psychotherapy,
    discipline, timed, assistant, threshold]);
  const [asked] = useDebouncedValue(body, 300);
  const ready = Boolean(asked.service_id || asked.cpt);
  const coded = useLoad<Coding>(ready ? JSON.stringify(asked) : null, () => api<Coding>('POST', '/api/v1/coding/preview', asked),
    'Could not code this visit.');
  const result = ready ? coded.data : undefined;

  return (
    <Stack>
      <Title order={2} size="h4">Check the coding of a visit</Title>
      <Text size="sm" c="dimmed">Enter what happened; Duet shows the claim lines it would make and why. Nothing is saved.</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        <Select label="Service" placeholder="Choose a service" clearable data={services.map((s) => ({ value: s.id, label: `${s.name}${s.cpt_code ? ` (${s.cpt_code})` : ''}` }))}
          value={serviceId} onChange={setServiceId} />
        <TextInput label="Or a CPT code" placeholder="90834" maxLength={5} value={cpt} onChange={(e) => setCpt(e.currentTarget.value)} error={coded.error && !serviceId && !cpt ? coded.error : undefined} />
        <NumberInput label="Face-to-face minutes" min={0} max={1440} value={minutes} onChange={setMinutes} />
        <Select label="Payer" placeholder="Common defaults" clearable data={payers.filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
          value={payerId} onChange={setPayerId} />
        <Select label="Where the client was" data={WHERE} value={where} allowDeselect={false} onChange={(v) => v && setWhere(v)} />
        <TagsInput label="Diagnoses (ICD-10-CM, primary first)" value={diagnoses} onChange={setDiagnoses} />
      </SimpleGrid>
      <Group align="end" wrap="wrap">
        <div>
          <Text size="sm" fw={500} mb={4}>Booked as</Text>
          <SegmentedControl data={MODES} value={mode} onChange={(v) => { setMode(v as NonNullable<Mode>); setDelivered(v as NonNullable<Mode>); }} />
        </div>
        {mode !== 'in_person' && (
          <div>
            <Text size="sm" fw={500} mb={4}>Delivered as</Text>
            <SegmentedControl data={MODES.filter((m) => m.value !== 'in_person')} value={delivered} onChange={(v) => setDelivered(v as NonNullable<Mode>)} />
          </div>
        )}
        {mode === 'video' && delivered === 'audio' && (
          <NumberInput label="Minutes on video before it dropped to audio" w={260} min={0} max={1440} value={videoMinutes} onChange={setVideoMinutes} />
        )}
        <Select label="Interactive complexity (90785)" placeholder="None" clearable w={320} data={FACTORS} value={factor} onChange={setFactor} />
      </Group>
      <Card withBorder>
        <Text fw={600} size="sm" mb="xs">Prescribers: E/M with psychotherapy</Text>
        <Group align="end" wrap="wrap">
          <Checkbox label="New patient" checked={newPatient} onChange={(e) => setNewPatient(e.currentTarget.checked)} />
          <NumberInput label="E/M minutes (total time on the date)" w={240} min={0} max={1440} value={emMinutes} onChange={setEmMinutes} />
          <Select label="Or decision making" w={200} clearable data={['straightforward', 'low', 'moderate', 'high']} value={mdm} onChange={setMdm} />
          <NumberInput label="Psychotherapy minutes with it" w={220} min={0} max={1440} value={psychotherapy} onChange={setPsychotherapy} />
        </Group>
      </Card>
      <Card withBorder>
        <Text fw={600} size="sm" mb="xs">Rehab: timed codes</Text>
        <Group align="end" wrap="wrap">
          <Select label="Discipline" w={200} clearable data={[{ value: 'pt', label: 'PT (GP)' }, { value: 'ot', label: 'OT (GO)' }, { value: 'slp', label: 'SLP (GN)' }]}
            value={discipline} onChange={setDiscipline} />
          <Checkbox label="An assistant furnished part of it" checked={assistant} onChange={(e) => setAssistant(e.currentTarget.checked)} />
          <Checkbox label="Past the yearly therapy threshold" checked={threshold} onChange={(e) => setThreshold(e.currentTarget.checked)} />
        </Group>
        {timed.map((t, i) => (
          <Group key={i} align="end" mt="xs">
            <TextInput label="Code" w={110} value={t.code} onChange={(e) => setTimed(timed.map((x, j) => (j === i ? { ...x, code: e.currentTarget.value } : x)))} />
            <NumberInput label="Minutes" w={110} min={0} max={1440} value={t.minutes} onChange={(v) => setTimed(timed.map((x, j) => (j === i ? { ...x, minutes: v } : x)))} />
            <ActionIcon variant="subtle" color="red" mb={4} aria-label="Remove this code" onClick={() => setTimed(timed.filter((_, j) => j !== i))}>✕</ActionIcon>
          </Group>
        ))}
        <Button mt="xs" variant="default" w="fit-content" onClick={() => setTimed([...timed, { code: '', minutes: 15 }])}>Add a timed code</Button>
      </Card>
      {!ready && <Text c="dimmed">Choose a service or type a CPT code to see the claim lines.</Text>}
      {ready && coded.error && <Alert color="red" role="alert">{coded.error}</Alert>}
      {result && <CodingResult coding={result} />}
    </Stack>
  );
}

export function CodingResult({ coding }: { coding: Coding }) {
  return (
    <Stack data-testid="coding-result">
      {coding.problems.map((p) => <Alert key={p.code + p.message} color="red" title="Cannot be claimed as it is" role="alert">{p.message}</Alert>)}
      {coding.lines.length > 0 && (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped data-testid="coding-lines">
            <Table.Thead><Table.Tr><Table.Th>Code</Table.Th><Table.Th>Units</Table.Th><Table.Th>Modifiers</Table.Th><Table.Th>POS</Table.Th><Table.Th>Why</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {coding.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td fw={600}>{l.cpt}</Table.Td>
                  <Table.Td>{l.units}</Table.Td>
                  <Table.Td>{l.modifiers.length ? l.modifiers.map((m) => <Badge key={m} mr={4} variant="outline" color="dark">{m}</Badge>) : '—'}</Table.Td>
                  <Table.Td>{l.pos}</Table.Td>
                  <Table.Td><Text size="sm">{l.explanation}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {coding.notes.length > 0 && <List size="sm" data-testid="coding-notes">{coding.notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List>}
    </Stack>
  );
}
