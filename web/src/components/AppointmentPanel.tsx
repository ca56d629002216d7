import { Alert, Badge, Button, Group, List, Modal, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { noteForVisit } from '../lib/notes';
import { api, ApiError, type Me, can } from '../api';
import { type Appointment, CLOSED, servicesToJoin, type Location, MODE_ICON, MODE_LABEL, type Service, timeWithZone } from '../lib/scheduling';
import { modeColors } from '../theme';
import type { BookingStart } from './BookingDialog';
import { fmtTime } from '../lib/format';
import type { CareTeam, Clinician } from '../types';

interface WaitlistMatch {
  id: string;
  client_id: string;
  client_name: string;
  service_id: string;
  note: string;
}

interface Props {
  me: Me;
  appointment: Appointment | null;
  services: Service[];
  locations: Location[];
  clinicianName: (id: string) => string;
  clinicians: Clinician[];
  onClose: () => void;
  onChanged: () => void;
  onBookFromWaitlist: (start: BookingStart) => void;
}

// One visit: who, what, when and where, with the day's actions (check in, cancel, no-show). After a
// cancellation the front desk sees who on the waitlist the freed time suits.
export function AppointmentPanel({ me, appointment: a, services, locations, clinicianName, clinicians, onClose, onChanged, onBookFromWaitlist }: Props) {
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState('this');
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [matches, setMatches] = useState<WaitlistMatch[] | null>(null);
  const [joinLink, setJoinLink] = useState<string | null>(null);
  const [guestName, setGuestName] = useState('');
  const [joining, setJoining] = useState<{ clinician: string | null; service: string | null } | null>(null);
  // Partner organizations on the client's care team (under a release naming them): their clinicians may join by
  // video too. Read when a partner's clinician is on the visit or someone is being added.
  const [team, setTeam] = useState<CareTeam | null>(null);
  const needsTeam = Boolean(a && a.client_ids.length === 1 && (a.partner_clinician_id || joining));
  useEffect(() => {
    if (!needsTeam || !a) return;
    let stale = false;
    api<CareTeam>('GET', `/api/v1/clients/${a.client_ids[0]}/care-team`)
      .then((t) => { if (!stale) setTeam(t); })
      .catch(() => { if (!stale) setTeam(null); });
    return () => { stale = true; };
  }, [needsTeam, a]);
  useEffect(() => {
    setTeam(null);
    setJoining(null);
    setJoinLink(null);
    setReason('');
    setScope('this');
    setCancelling(false);
    setError(null);
    setMatches(null);
  }, [a?.id]);
  if (!a) return null;
  const service = services.find((s) => s.id === a.service_id);
  const place = locations.find((l) => l.id === a.location_id);
  const closed = CLOSED.includes(a.status) || a.status === 'completed';
  const keepsWaitlist = can(me, 'waitlist.manage');
  // A joint visit (in person, a second clinician by video) has a video room too; the client is in the office.
  const video = (a.mode !== 'in_person' || Boolean(a.joint_clinician_id) || Boolean(a.partner_clinician_id)) && !closed;
  const mine = clinicians.find((k) => k.user_id === me.user.id);
  const myPart = Boolean(a.joint_clinician_id) && mine?.id === a.joint_clinician_id;
  const jointService = services.find((s) => s.id === a.joint_service_id);
  const joiner = clinicians.find((k) => k.id === joining?.clinician);
  // A partner's clinician is chosen as "partner:<partner id>:<clinician id>"; their organization codes their part.
  const partnerChoice = joining?.clinician?.startsWith('partner:') ? joining.clinician.split(':') : null;
  const partnerOf = (clinicianId: string) => team?.partners.find((p) => p.clinicians.some((k) => k.id === clinicianId));
  const partnerName = (clinicianId: string) => {
    const p = partnerOf(clinicianId);
    const k = p?.clinicians.find((x) => x.id === clinicianId);
    return k && p ? `${k.name} (${p.name})` : "A partner organization's clinician";
  };
  const joinChoices = [
    { group: 'This practice', items: clinicians.filter((k) => k.active && k.id !== a.clinician_id).map((k) => ({ value: k.id, label: `${k.given_name} ${k.family_name}` })) },
    ...(team?.partners ?? []).map((p) => ({ group: `${p.name} (partner)`, items: p.clinicians.map((k) => ({ value: `partner:${p.partner_id}:${k.id}`, label: `${k.name} (${p.name})` })) })),
  ].filter((g) => g.items.length > 0);
  const joinerServices = servicesToJoin(services, joiner?.discipline);
  const entersRooms = can(me, 'telehealth.join');
  const sendsLinks = can(me, 'telehealth.invite');

  async function writeNote() {
    setError(null);
    try {
      navigate(`/notes/${await noteForVisit(a!)}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'The note could not be started.');
    }
  }

  async function copyJoinLink(guestName?: string) {
    setError(null);
    try {
      const link = await api<{ path: string }>('POST', `/api/v1/appointments/${a!.id}/telehealth/links`, guestName ? { guest_name: guestName } : {});
      const url = window.location.origin + link.path;
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      setJoinLink(url);
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  }

  async function setJoint(clinician: string | null, service: string | null, partnerId: string | null = null) {
    setError(null);
    try {
      await api('PUT', `/api/v1/appointments/${a!.id}/joint`, { joint_clinician_id: clinician, joint_service_id: service, partner_id: partnerId,
        version: a!.version });
      setJoining(null);
      onChanged();
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  }

  async function act(path: string, body?: unknown) {
    setError(null);
    try {
      await api('POST', `/api/v1/appointments/${a!.id}/${path}`, body);
      onChanged();
      if (path === 'cancel' && keepsWaitlist) {
        setMatches((await api<{ items: WaitlistMatch[] }>('GET', `/api/v1/waitlist?appointment_id=${a!.id}`)).items);
      } else {
        onClose();
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'That did not work. Try again.');
    }
  }

  return (
    <Modal opened onClose={onClose} title={(a.client_names ?? []).join(', ') || 'Appointment'} closeButtonProps={{ 'aria-label': 'Close appointment' }}>
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color={modeColors[a.mode]} leftSection={MODE_ICON[a.mode]}>{MODE_LABEL[a.mode]}</Badge>
          <Badge variant="outline" color="dark">{a.status.replace('_', ' ')}</Badge>
          {a.series_id && <Badge variant="outline" color="dark">weekly series</Badge>}
        </Group>
        <Text>{timeWithZone(a.start)} – {fmtTime(a.end)}</Text>
        <Text size="sm">{service?.name ?? 'Service'} with {clinicianName(a.clinician_id)}{place ? ` at ${place.name}` : ''}</Text>
        {a.kind === 'conference' && (
          <Text size="sm" data-testid="conference-attendees">Case conference (staff only) with {(a.attendee_ids ?? []).map(clinicianName).join(', ')}</Text>
        )}
        {a.joint_clinician_id && (
          <Text size="sm" data-testid="joint-clinician">{MODE_ICON.video} {clinicianName(a.joint_clinician_id)} joins by video
            {jointService ? ` (${jointService.name}, ${jointService.cpt_code})` : ''}</Text>
        )}
        {a.partner_clinician_id && (
          <Text size="sm" data-testid="joint-clinician">{MODE_ICON.video} {partnerName(a.partner_clinician_id)} joins by video
            (their organization codes and bills their part)</Text>
        )}
        {a.override_reason && <Text size="sm">Booked outside working hours: {a.override_reason}</Text>}
        {a.warnings.length > 0 && (
          <List size="sm">{a.warnings.map((w) => <List.Item key={w.code}>{w.message}</List.Item>)}</List>
        )}
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {matches && (
          <Alert color="blue" title="Waitlist for this time" data-testid="waitlist-matches">
            {matches.length === 0 ? <Text size="sm">Nobody on the waitlist fits this time.</Text> : (
              <Stack gap={4}>
                {matches.map((m) => (
                  <Group key={m.id} justify="space-between">
                    <Text size="sm">{m.client_name}{m.note ? ` — ${m.note}` : ''}</Text>
                    <Button size="xs" onClick={() => onBookFromWaitlist({ start: new Date(a.start), clinicianId: a.clinician_id, clientId: m.client_id,
                      serviceId: m.service_id, waitlistEntryId: m.id })}>Book</Button>
                  </Group>
                ))}
              </Stack>
            )}
          </Alert>
        )}
        {entersRooms && !CLOSED.includes(a.status) && (
          <Group>
            <Button variant="light" onClick={writeNote}>Write note</Button>
          </Group>
        )}
        {video && (entersRooms || sendsLinks) && (
          <Group>
            {entersRooms && <Button component="a" href={`/visit/${a.id}`} color="teal">{a.kind === 'conference' ? 'Join the conference' : 'Start video visit'}</Button>}
            {sendsLinks && a.mode !== 'in_person' && a.kind !== 'conference' && <Button variant="default" onClick={() => copyJoinLink()}>Copy client join link</Button>}
          </Group>
        )}
        {video && sendsLinks && a.kind !== 'conference' && (
          <Group align="end" gap="xs">
            <TextInput size="xs" label="Invite someone else (interpreter, parent, colleague)" placeholder="Name as shown in the call" value={guestName}
              onChange={(e) => setGuestName(e.currentTarget.value)} style={{ flex: 1 }} maxLength={80} />
            <Button size="xs" variant="default" disabled={!guestName.trim()} onClick={() => copyJoinLink(guestName.trim())}>Copy their link</Button>
          </Group>
        )}
        {joinLink && (
          <Alert color="teal" title="Join link for the client">
            <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="join-link">{joinLink}</Text>
            <Text size="xs" mt={4}>Single use for this visit; it stops working two hours after the visit ends. The client confirms their date of birth.</Text>
          </Alert>
        )}
        {a.mode === 'in_person' && a.kind !== 'conference' && !closed && a.status !== 'completed' && can(me, 'scheduling.write') && (
          a.joint_clinician_id || a.partner_clinician_id ? (
            <Group>
              <Button variant="default" size="xs" onClick={() => setJoint(null, null)}>
                {myPart ? 'Leave this joint visit'
                  : `Take ${a.partner_clinician_id ? partnerName(a.partner_clinician_id) : clinicianName(a.joint_clinician_id!)} off this visit`}
              </Button>
            </Group>
          ) : joining ? (
            <Group align="end" gap="xs">
              <Select size="xs" label="Clinician joining by video" data-testid="panel-joint" value={joining.clinician}
                data={joinChoices}
                onChange={(v) => setJoining({ clinician: v, service: null })} />
              {!partnerChoice && (
                <Select size="xs" label="Their part is" value={joining.service ?? joinerServices[0]?.id ?? null}
                  data={joinerServices.map((s) => ({ value: s.id, label: `${s.name} (${s.cpt_code})` }))}
                  onChange={(v) => setJoining({ ...joining, service: v })} />
              )}
              <Button size="xs" disabled={!joining.clinician || (!partnerChoice && !(joining.service ?? joinerServices[0]?.id))}
                onClick={() => partnerChoice ? setJoint(partnerChoice[2], null, partnerChoice[1])
                  : setJoint(joining.clinician, joining.service ?? joinerServices[0]?.id ?? null)}>Add</Button>
            </Group>
          ) : (
            <Group>
              <Button variant="subtle" size="xs" onClick={() => setJoining({ clinician: null, service: null })}>Add a clinician by video…</Button>
            </Group>
          )
        )}
        {!closed && !cancelling && (
          <Group>
            {(a.status === 'booked' || a.status === 'confirmed') && <Button onClick={() => act('check-in')}>Check in</Button>}
            {a.status === 'booked' && <Button variant="default" onClick={() => act('confirm')}>Confirmed by client</Button>}
            {(a.status === 'checked_in' || a.status === 'in_session') && <Button onClick={() => act('complete')}>Complete</Button>}
            {(a.status === 'booked' || a.status === 'confirmed') && (
              <>
                <Button variant="default" onClick={() => setCancelling(true)}>Cancel visit…</Button>
                <Button variant="default" onClick={() => act('no-show')}>No-show</Button>
              </>
            )}
          </Group>
        )}
        {!closed && cancelling && (
          <Stack gap="xs">
            <Textarea label="Why is it cancelled?" required value={reason} onChange={(e) => setReason(e.currentTarget.value)}
              description="Inside 24 hours of the start this is a late cancellation." />
            {a.series_id && (
              <Radio.Group label="Which visits" value={scope} onChange={setScope}>
                <Group mt={4}>
                  <Radio value="this" label="Only this one" />
                  <Radio value="following" label="This and the following visits" />
                </Group>
              </Radio.Group>
            )}
            <Group>
              <Button color="red.9" disabled={!reason.trim()} onClick={() => act('cancel', { reason: reason.trim(), scope })}>Cancel the visit</Button>
              <Button variant="default" onClick={() => setCancelling(false)}>Keep it</Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
