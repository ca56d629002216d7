import { Alert, Button, Checkbox, Group, List, Modal, MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { DateTimePicker } from '../lib/dateInput';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api';
import { clientOption, serverFiltered } from '../lib/clients';
import { useLoad } from '../lib/useApi';
import { useClientSearch } from '../lib/useClientSearch';
import { type Appointment, dayjs, servicesToJoin, type Location, MODE_ICON, MODE_LABEL, money, type Service, type Slot, timeWithZone,
  type VisitMode, type Warning } from '../lib/scheduling';
import type { Clinician } from '../pages/Clinicians';
import { fmtVisit } from '../lib/format';

export interface BookingStart {
  start?: Date;
  clinicianId?: string;
  clientId?: string;
  serviceId?: string;
  waitlistEntryId?: string;
  /** A joint visit: the clinician who joins the in-person visit by video. */
  jointClinicianId?: string;
}

interface Props {
  opened: boolean;
  initial: BookingStart;
  clinicians: Clinician[];
  services: Service[];
  locations: Location[];
  onClose: () => void;
  onBooked: (a: Appointment, warnings: Warning[]) => void;
}

const FORMAT = 'YYYY-MM-DD HH:mm:ss';

interface Check { warnings: Warning[]; error: string | null; rule: string | null; overridable: boolean }

// The booking dialog: client, service, mode with its fee, clinician, time (or an open slot), place.
// Every change is checked against the booking rules on the server (a dry run), so warnings and
// refusals show before anything is saved.
export function BookingDialog({ opened, initial, clinicians, services, locations, onClose, onBooked }: Props) {
  const [clientId, setClientId] = useState<string | null>(null);
  const [pays, setPays] = useState<string | null>(null);
  const clients = useClientSearch(opened, clientId);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [mode, setMode] = useState<VisitMode>('in_person');
  const [clinicianId, setClinicianId] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [jointId, setJointId] = useState<string | null>(null);
  const [jointServiceId, setJointServiceId] = useState<string | null>(null);
  // A case conference: staff only, by video, about the client, with attendees from the care team.
  const [conference, setConference] = useState(false);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [override, setOverride] = useState('');
  const [repeat, setRepeat] = useState(false);
  const [count, setCount] = useState<number | string>(6);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setClientId(initial.clientId ?? null);
    setServiceId(initial.serviceId ?? null);
    setClinicianId(initial.clinicianId ?? null);
    setJointId(initial.jointClinicianId ?? null);
    setJointServiceId(null);
    setConference(false);
    setAttendees([]);
    setStart(initial.start ? dayjs(initial.start).format(FORMAT) : null);
    setOverride('');
    setRepeat(false);
    setSlots(null);
    setSaveError(null);
  }, [opened, initial]);

  const service = services.find((s) => s.id === serviceId);
  const client = clients.picked;
  useEffect(() => {
    if (conference && mode !== 'video') setMode('video');
    else if (service && !service.modes.includes(mode)) setMode(service.modes[0]);
  }, [service, mode, conference]);
  // In person happens at the clinic of the clinician's block; default to the first clinic.
  useEffect(() => {
    if (mode === 'in_person' && !locationId && locations.length) setLocationId(locations.find((l) => l.kind === 'clinic')?.id ?? null);
  }, [mode, locationId, locations]);

  // A joint visit's second clinician joins by video: their part is one of their services offered by video.
  const joint = clinicians.find((k) => k.id === jointId);
  const jointServices = useMemo(() => servicesToJoin(services, joint?.discipline), [services, joint]);
  useEffect(() => {
    if (jointId && !jointServices.some((s) => s.id === jointServiceId)) setJointServiceId(jointServices[0]?.id ?? null);
  }, [jointId, jointServices, jointServiceId]);

  const body = useMemo(() => {
    if (!clientId || !serviceId || !clinicianId || !start) return null;
    return {
      clinician_id: clinicianId,
      client_id: clientId,
      service_id: serviceId,
      mode,
      start: dayjs(start).toISOString(),
      ...(mode === 'in_person' && locationId ? { location_id: locationId } : {}),
      ...(override.trim() ? { override_reason: override.trim() } : {}),
      ...(initial.waitlistEntryId ? { waitlist_entry_id: initial.waitlistEntryId } : {}),
      ...(mode === 'in_person' && jointId && !conference ? { joint_clinician_id: jointId, joint_service_id: jointServiceId ?? '' } : {}),
      ...(conference ? { kind: 'conference', attendee_ids: attendees } : {}),
    };
  }, [clientId, serviceId, clinicianId, start, mode, locationId, override, initial.waitlistEntryId, jointId, jointServiceId, conference, attendees]);

  const [debouncedBody] = useDebouncedValue(body, 250);
  // The dry run: a refusal is an answer here (which rule, whether it may be overridden), not a failure.
  const checked = useLoad<Check>(opened && debouncedBody ? JSON.stringify(debouncedBody) : null, () =>
    api<Appointment>('POST', '/api/v1/appointments?dry_run=true', debouncedBody)
      .then((a): Check => ({ warnings: a.warnings, error: null, rule: null, overridable: false }))
      .catch((e: unknown): Check => ({ warnings: [], error: e instanceof ApiError ? e.detail : 'Could not check this time.',
        rule: e instanceof ApiError ? e.type.split('/').pop() ?? null : null, overridable: e instanceof ApiError && e.overridable })));
  const check = opened && debouncedBody && !checked.loading ? checked.data ?? null : null;

  async function findSlots() {
    if (!clientId || !serviceId) return;
    const from = dayjs().add(1, 'hour').startOf('hour');
    const q = new URLSearchParams({ service_id: serviceId, client_id: clientId, mode, from: from.toISOString(), to: from.add(14, 'day').toISOString() });
    if (clinicianId) q.set('clinician_id', clinicianId);
    try {
      setSlots((await api<{ items: Slot[] }>('GET', `/api/v1/slots?${q}`)).items.slice(0, 12));
    } catch (e) {
      setSlots([]);
      setSaveError(e instanceof ApiError ? e.detail : 'Could not search for open times.');
    }
  }

  async function save() {
    if (!body) return;
    setSaving(true);
    setSaveError(null);
    try {
      const payload = repeat ? { ...body, recurrence: { every_weeks: 1, count: Number(count) || 1 } } : body;
      // How the client pays is asked at booking (No Surprises Act): their answer goes on the client record.
      if (client && pays && client.insurance_status === 'unknown')
        await api('PATCH', `/api/v1/clients/${client.id}`, { insurance_status: pays, version: client.version });
      const a = await api<Appointment>('POST', '/api/v1/appointments', payload);
      onBooked(a, a.warnings);
    } catch (e) {
      setSaveError(e instanceof ApiError ? e.detail : 'Could not book this visit.');
    } finally {
      setSaving(false);
    }
  }

  const fee = service ? service.fees[mode] : null;
  const clinicianName = (id: string) => {
    const k = clinicians.find((x) => x.id === id);
    return k ? `${k.given_name} ${k.family_name}` : '';
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New appointment" size="lg" closeButtonProps={{ 'aria-label': 'Close new appointment' }}>
      <Stack gap="sm">
        <Select label="Client" required searchable placeholder="Type a name" data-testid="booking-client"
          data={clients.options.map(clientOption)} filter={serverFiltered}
          value={clientId} onChange={setClientId} searchValue={clients.search} onSearchChange={clients.setSearch} nothingFoundMessage="No client by that name" />
        {client && <Text size="sm" c="dimmed">Located in {client.location_state} ({client.time_zone}); telehealth needs a license or privilege there.</Text>}
        {client && client.insurance_status === 'unknown' && (
          <Select label="Will the client use insurance for this care?" data-testid="booking-pays" value={pays} onChange={setPays}
            description="Self-pay and uninsured clients are owed a Good Faith Estimate of the expected charges"
            data={[{ value: 'insurance', label: 'Yes, bill their insurance' }, { value: 'self_pay', label: 'No: insured, but paying themselves' },
              { value: 'uninsured', label: 'No: uninsured' }]} />
        )}
        <Checkbox label="Case conference about this client (staff only, by video; the client is not invited)" checked={conference}
          onChange={(e) => setConference(e.currentTarget.checked)} data-testid="booking-conference" />
        {conference && (
          <MultiSelect label="Attendees" description="Clinicians of the client's care team who meet with the clinician holding it" required
            data={clinicians.filter((k) => k.active && k.id !== clinicianId).map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))}
            value={attendees} onChange={setAttendees} />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Service" required data={services.map((s) => ({ value: s.id, label: `${s.name} (${s.duration_minutes} min)` }))}
            value={serviceId} onChange={setServiceId} />
          <Select label="Clinician" required searchable data={clinicians.filter((k) => k.active).map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))}
            value={clinicianId} onChange={setClinicianId} />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} id="booking-mode-label">Mode</Text>
          <Group gap="md">
            <SegmentedControl aria-labelledby="booking-mode-label" value={mode} onChange={(v) => setMode(v as VisitMode)}
              data={(service?.modes ?? ['in_person', 'video', 'audio']).map((m) => ({ value: m, label: `${MODE_ICON[m]} ${MODE_LABEL[m]}` }))} />
            <Text size="sm" data-testid="booking-fee">Fee: {money(fee)}</Text>
          </Group>
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimePicker label="Starts" required value={start} onChange={(v) => setStart(v)} valueFormat="ddd D MMM YYYY, HH:mm"
            timePickerProps={{ format: '24h' }} />
          {mode === 'in_person' ? (
            <Select label="Place" data={locations.map((l) => ({ value: l.id, label: l.name }))} value={locationId} onChange={setLocationId} />
          ) : <div />}
        </SimpleGrid>
        {mode === 'in_person' && !conference && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Joined by video (a joint visit)" clearable placeholder="Nobody" data-testid="booking-joint"
              description="A second clinician of the client's care team joins this in-person visit by video"
              data={clinicians.filter((k) => k.active && k.id !== clinicianId).map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` }))}
              value={jointId} onChange={setJointId} />
            {jointId ? (
              <Select label="Their part is" required data-testid="booking-joint-service"
                data={jointServices.map((s) => ({ value: s.id, label: `${s.name} (${s.cpt_code})` }))}
                value={jointServiceId} onChange={setJointServiceId} nothingFoundMessage="No service of theirs is offered by video" />
            ) : <div />}
          </SimpleGrid>
        )}
        {start && client && <Text size="sm" c="dimmed">{timeWithZone(dayjs(start).toISOString(), client.time_zone)}</Text>}
        <Group>
          <Button variant="light" onClick={findSlots} disabled={!clientId || !serviceId}>Find open times</Button>
          <Text size="sm" c="dimmed">Next 14 days, keeping blocks whole first.</Text>
        </Group>
        {slots && (slots.length === 0
          ? <Text size="sm">No open times in the next 14 days for this mode. Try another mode or clinician.</Text>
          : (
            <Group gap="xs" data-testid="booking-slots">
              {slots.map((s) => (
                <Button key={`${s.clinician_id}-${s.start}`} size="xs" variant={s.keeps_block ? 'outline' : 'default'}
                  onClick={() => { setClinicianId(s.clinician_id); setStart(dayjs(s.start).format(FORMAT)); if (s.location_id) setLocationId(s.location_id); }}>
                  {fmtVisit(s.start)}{clinicianId ? '' : ` · ${clinicianName(s.clinician_id)}`}
                </Button>
              ))}
            </Group>
          ))}
        {check?.error && (
          <Alert color="red" title="This visit cannot be booked" role="alert" data-testid="booking-error">{check.error}</Alert>
        )}
        {check?.overridable || override ? (
          <Textarea label={check?.rule === 'travel_buffer' ? 'Reason to book without time to travel' : 'Reason to book outside working hours'}
            description="Recorded on the visit and counted in schedule health." value={override}
            onChange={(e) => setOverride(e.currentTarget.value)} />
        ) : null}
        {check && !check.error && check.warnings.length > 0 && (
          <Alert color="yellow" title="Heads up" data-testid="booking-warnings">
            <List size="sm">{check.warnings.map((w) => <List.Item key={w.code}>{w.message}</List.Item>)}</List>
          </Alert>
        )}
        {check && !check.error && check.warnings.length === 0 && <Text size="sm" c="teal.9">Every booking rule allows this time.</Text>}
        <Group>
          <Checkbox label="Repeat weekly" checked={repeat} onChange={(e) => setRepeat(e.currentTarget.checked)} />
          {repeat && <NumberInput aria-label="Number of visits" min={2} max={104} w={90} value={count} onChange={setCount} suffix=" visits" />}
        </Group>
        {saveError && <Alert color="red" role="alert">{saveError}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={save} loading={saving} disabled={!body || Boolean(check?.error)}>Book</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
