import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Table, Text,
  TextInput, Title } from '@mantine/core';
import { DateInput } from '../lib/dateInput';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError, type FieldError, type Me, can } from '../api';
import { AvailabilityEditor } from '../components/AvailabilityEditor';
import { classify, COVERAGE_STYLE, type CoverageItem, StateMap } from '../components/StateMap';
import { COMPACTS, DISCIPLINES, STATE_NAMES, STATE_OPTIONS } from '../lib/states';
import type { Clinician } from './Clinicians';
import { localToday } from '../lib/scheduling';
import { fmtDate } from '../lib/format';
import { PayerNetworks } from '../components/billing/PayerNetworks';
import { useApi, useLoad } from '../lib/useApi';
import type { Page } from '../types';

// The chart library loads with the first chart, not with the app.
const ScheduleHealth = lazy(() => import('../components/ScheduleHealth').then((m) => ({ default: m.ScheduleHealth })));

interface License {
  id: string;
  kind: 'license' | 'compact_privilege';
  state: string;
  compact: string | null;
  license_type: string;
  number: string;
  issued_on: string;
  expires_on: string;
  status: string;
}

const today = localToday;

export function ClinicianProfile({ me }: { me: Me }) {
  const { id } = useParams();
  const [date, setDate] = useState<string>(today());
  const [mode, setMode] = useState<'telehealth' | 'in_person'>('telehealth');
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const profile = useLoad(id ?? null, () => Promise.all([
    api<Clinician>('GET', `/api/v1/clinicians/${id}`),
    api<Page<License>>('GET', `/api/v1/clinicians/${id}/licenses`),
  ]), 'Could not load this clinician.');
  // Coverage follows the date and mode asked about; a reply for an earlier choice is dropped.
  const covered = useApi<Page<CoverageItem>>(`/api/v1/clinicians/${id}/coverage?date=${date}&mode=${mode}`, 'Could not load this clinician.');
  const clinician = profile.data?.[0];
  const licenses = profile.data?.[1].items ?? [];
  const coverage = covered.data?.items;
  const load = () => { profile.reload(); covered.reload(); };
  const [removeError, setError] = useState<string | null>(null);
  const error = removeError ?? profile.error ?? covered.error;

  const self = clinician?.user_id != null && clinician.user_id === me.user.id;
  const canManage = can(me, 'clinicians.write') || (self && can(me, 'licenses.write'));

  async function remove(l: License) {
    if (!window.confirm(`Remove the ${STATE_NAMES[l.state] ?? l.state} ${l.kind === 'license' ? 'license' : 'privilege'}? Coverage there ends at once.`)) return;
    try {
      await api('DELETE', `/api/v1/clinicians/${id}/licenses/${l.id}`);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'Could not remove it.');
    }
  }

  if (error) return <Alert color="red" role="alert">{error}</Alert>;
  if (!clinician || !coverage) return <Skeleton h={300} />;
  const allowed = coverage.filter((c) => c.allowed);
  const detail = selected ? coverage.find((c) => c.state === selected) : null;

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">{clinician.given_name} {clinician.family_name}{clinician.credentials && `, ${clinician.credentials}`}</Title>
        <Text c="dimmed">
          {DISCIPLINES[clinician.discipline]} · home state {STATE_NAMES[clinician.home_state]} · {clinician.time_zone}
          {clinician.npi && ` · NPI ${clinician.npi}`}
        </Text>
      </div>
      <Card withBorder>
        <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
          <Title order={2} size="h4">Where {clinician.given_name} may practise</Title>
          <Group align="flex-end">
            <DateInput label="On" value={date} onChange={(v) => v && setDate(v)} valueFormat="YYYY-MM-DD" w={150} />
            <SegmentedControl aria-label="Mode" value={mode} onChange={(v) => setMode(v as 'telehealth' | 'in_person')}
              data={[{ label: 'Telehealth', value: 'telehealth' }, { label: 'In person', value: 'in_person' }]} />
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <StateMap items={coverage} onSelect={setSelected} selected={selected} />
          <Stack gap="xs">
            {detail ? (
              <Alert color={detail.allowed ? 'teal' : 'gray'} title={STATE_NAMES[detail.state]} data-testid="state-detail">
                {detail.message}
                {detail.expires_on && ` Valid until ${fmtDate(detail.expires_on)}.`}
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">Choose a state to see why.</Text>
            )}
            <Text fw={600} size="sm">{allowed.length} of 51 jurisdictions on {date}</Text>
            <Table.ScrollContainer minWidth={480} type="native"><Table data-testid="coverage-list">
              <Table.Tbody>
                {allowed.map((c) => (
                  <Table.Tr key={c.state}>
                    <Table.Td>{STATE_NAMES[c.state]}</Table.Td>
                    <Table.Td><Badge color={COVERAGE_STYLE[classify(c)].bg} c={COVERAGE_STYLE[classify(c)].fg}>{COVERAGE_STYLE[classify(c)].label}</Badge></Table.Td>
                    <Table.Td>{c.compact ? COMPACTS[c.compact] : ''}</Table.Td>
                    <Table.Td>{c.expires_on && `until ${fmtDate(c.expires_on)}`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table></Table.ScrollContainer>
          </Stack>
        </SimpleGrid>
      </Card>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">Licenses and compact privileges</Title>
          {canManage && <Button onClick={() => setAdding(true)}>Add license or privilege</Button>}
        </Group>
        {licenses.length === 0 ? (
          <Text c="dimmed">No licenses on file. Add the home-state license first: compact privileges rest on it.</Text>
        ) : (
          <Table.ScrollContainer minWidth={480} type="native"><Table>
            <Table.Thead>
              <Table.Tr><Table.Th>State</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Number / type</Table.Th><Table.Th>Valid</Table.Th><Table.Th>Status</Table.Th><Table.Th /></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {licenses.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>{STATE_NAMES[l.state] ?? l.state}</Table.Td>
                  <Table.Td>{l.kind === 'license' ? 'License' : `${COMPACTS[l.compact ?? ''] ?? l.compact} privilege`}</Table.Td>
                  <Table.Td>{[l.number, l.license_type].filter(Boolean).join(' · ')}</Table.Td>
                  <Table.Td>{fmtDate(l.issued_on)} – {fmtDate(l.expires_on)}</Table.Td>
                  <Table.Td><Badge color={l.status === 'active' ? 'teal.9' : 'red.9'}>{l.status}</Badge></Table.Td>
                  <Table.Td>
                    {canManage && (
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${STATE_NAMES[l.state] ?? l.state} ${l.kind}`} onClick={() => remove(l)}>×</ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table></Table.ScrollContainer>
        )}
      </Card>
      <Credentials clinicianId={clinician.id} canManage={canManage} />
      {can(me, 'payers.read') && <PayerNetworks clinicianId={clinician.id} canEdit={can(me, 'payers.write')} />}
      <AvailabilityEditor clinicianId={clinician.id} zone={clinician.time_zone}
        canEdit={can(me, 'schedule.manage', self)} />
      {can(me, 'schedule.health.read', self) && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">Schedule health, last 12 weeks</Title>
          <Suspense fallback={<Text size="sm" c="dimmed">Loading schedule health…</Text>}><ScheduleHealth clinicianId={clinician.id} /></Suspense>
        </Card>
      )}
      {can(me, 'schedule.manage', self) && <CalendarFeed clinicianId={clinician.id} />}
      <LicenseForm opened={adding} clinicianId={clinician.id} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); load(); }} />
    </Stack>
  );
}

function LicenseForm({ opened, clinicianId, onClose, onSaved }: { opened: boolean; clinicianId: string; onClose: () => void; onSaved: () => void }) {
  const [kind, setKind] = useState<string>('license');
  const [state, setState] = useState<string | null>(null);
  const [compact, setCompact] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const [type, setType] = useState('');
  const [issued, setIssued] = useState<string | null>(today());
  const [expires, setExpires] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const err = (f: string) => errors.find((e) => e.field === f)?.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors([]);
    try {
      const body: Record<string, unknown> = { kind, state, issued_on: issued, expires_on: expires, number, license_type: type };
      if (kind === 'compact_privilege') body.compact = compact;
      await api('POST', `/api/v1/clinicians/${clinicianId}/licenses`, body);
      onSaved();
    } catch (x) {
      setErrors(x instanceof ApiError ? (x.errors.length ? x.errors : [{ field: '', message: x.detail }]) : [{ field: '', message: 'Could not save.' }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Add a license or compact privilege">
      <form onSubmit={submit}>
        <Stack>
          {err('') && <Alert color="red" role="alert">{err('')}</Alert>}
          <SegmentedControl value={kind} onChange={setKind} aria-label="Kind"
            data={[{ label: 'State license', value: 'license' }, { label: 'Compact privilege', value: 'compact_privilege' }]} />
          <Select label={kind === 'license' ? 'State' : 'State (remote state, or home state for multistate and PSYPACT)'} data={STATE_OPTIONS}
            searchable value={state} onChange={setState} error={err('state')} required />
          {kind === 'compact_privilege' && (
            <Select label="Compact" data={Object.entries(COMPACTS).map(([value, label]) => ({ value, label }))} value={compact}
              onChange={setCompact} error={err('compact')} required />
          )}
          <TextInput label={kind === 'license' ? 'License number' : 'Privilege number (optional)'} value={number}
            onChange={(e) => setNumber(e.currentTarget.value)} error={err('number')} required={kind === 'license'} />
          <TextInput label={compact === 'PSYPACT' ? 'Authorization (APIT or TAP)' : 'License type (e.g. LPC, LCSW)'} value={type}
            onChange={(e) => setType(e.currentTarget.value)} error={err('license_type')} />
          <Group grow>
            <DateInput label="Issued" value={issued} onChange={setIssued} valueFormat="YYYY-MM-DD" error={err('issued_on')} required />
            <DateInput label="Expires" value={expires} onChange={setExpires} valueFormat="YYYY-MM-DD" error={err('expires_on')} required />
          </Group>
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Save</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface Credential { id: string; facility: string; valid_from: string; valid_to: string }

// Credentialing at the facilities where the clinician sees clients in person.
// A private calendar link for the clinician's phone or desktop calendar: initials and mode only.
function CalendarFeed({ clinicianId }: { clinicianId: string }) {
  const feed = useApi<{ active: boolean }>(`/api/v1/clinicians/${clinicianId}/calendar-feed`);
  const active = feed.data?.active ?? false;
  const [link, setLink] = useState<string | null>(null);
  async function create() {
    const r = await api<{ path: string }>('POST', `/api/v1/clinicians/${clinicianId}/calendar-feed`);
    setLink(window.location.origin + r.path);
    feed.set({ active: true });
  }
  async function revoke() {
    if (!window.confirm('Turn off the calendar link? Calendars subscribed to it stop updating.')) return;
    await api('DELETE', `/api/v1/clinicians/${clinicianId}/calendar-feed`);
    setLink(null);
    feed.set({ active: false });
  }
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">Calendar link</Title>
      <Text size="sm" mb="xs">Subscribe from a phone or desktop calendar. It shows client initials and the mode only, never the service or notes.</Text>
      {link && <TextInput label="Private link (shown once; copy it now)" readOnly value={link} onFocus={(e) => e.currentTarget.select()} mb="xs" />}
      <Group>
        <Button onClick={create}>{active ? 'Make a new link' : 'Create link'}</Button>
        {active && <Button variant="default" onClick={revoke}>Turn off</Button>}
      </Group>
    </Card>
  );
}

function Credentials({ clinicianId, canManage }: { clinicianId: string; canManage: boolean }) {
  const listed = useApi<Page<Credential>>(`/api/v1/clinicians/${clinicianId}/credentials`);
  const items = listed.data?.items ?? [];
  const load = listed.reload;
  const [facility, setFacility] = useState('');
  const [from, setFrom] = useState<string | null>(today());
  const [to, setTo] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  async function add(e: FormEvent) {
    e.preventDefault();
    setErrors([]);
    try {
      await api('POST', `/api/v1/clinicians/${clinicianId}/credentials`, { facility, valid_from: from, valid_to: to });
      setFacility('');
      load();
    } catch (x) {
      setErrors(x instanceof ApiError ? (x.errors.length ? x.errors : [{ field: '', message: x.detail }]) : []);
    }
  }
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Facility credentials (in person)</Title>
      {items.length === 0 ? <Text c="dimmed" size="sm">No facility credentials recorded.</Text> : (
        <Table.ScrollContainer minWidth={480} type="native"><Table>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}><Table.Td>{c.facility}</Table.Td><Table.Td>{c.valid_from} – {c.valid_to}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {canManage && (
        <form onSubmit={add}>
          <Group align="flex-end" mt="sm">
            <TextInput label="Facility" value={facility} onChange={(e) => setFacility(e.currentTarget.value)} error={err('facility')} />
            <DateInput label="Valid from" value={from} onChange={setFrom} valueFormat="YYYY-MM-DD" error={err('valid_from')} />
            <DateInput label="Valid to" value={to} onChange={setTo} valueFormat="YYYY-MM-DD" error={err('valid_to')} />
            <Button type="submit" variant="light">Add credential</Button>
          </Group>
        </form>
      )}
    </Card>
  );
}
