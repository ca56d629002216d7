import { Alert, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { type Me, can } from '../api';
import { SharingTab } from '../components/care/SharingTab';
import { MedicationsTab } from '../components/care/MedicationsTab';
import { CareTeamTab } from '../components/care/CareTeamTab';
import { ChartTimeline } from '../components/ChartTimeline';
import { ClientAccountButton } from '../components/ClientAccount';
import { ClientForm } from '../components/ClientForm';
import { IssuedLink } from '../components/IssuedLink';
import { LedgerTab } from '../components/ledger/LedgerTab';
import { ClinicalAlerts } from '../components/measures/ClinicalAlerts';
import { DocumentsTab } from '../components/documents/DocumentsTab';
import { NotesTab } from '../components/notes/NotesTab';
import { PlanCard } from '../components/plans/PlanCard';
import { PortalAccess } from '../components/PortalAccess';

// Charts load on first use.
const MeasuresTab = lazy(() => import('../components/measures/MeasuresTab').then((m) => ({ default: m.MeasuresTab })));
import { ageOn, type ClientRecord, displayName, formatPhone } from '../lib/clients';
import { fmtDate, fmtVisit } from '../lib/format';
import { STATE_NAMES } from '../lib/states';
import { useApi } from '../lib/useApi';
import type { Page } from '../types';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

export function ClientChart({ me }: { me: Me }) {
  const { id } = useParams();
  const chart = useApi<ClientRecord>(`/api/v1/clients/${id}`, 'Could not open this chart.');
  const client = chart.data;
  const error = chart.error;
  const [editing, setEditing] = useState(false);
  const [issued, setIssued] = useState<{ path: string; email: string } | null>(null);
  const gaps = useApi<Page<{ next_visit: { start: string; mode: string } }>>(`/api/v1/consents/missing?client_id=${id}`);
  const noConsent = gaps.data?.items[0]?.next_visit ?? null;
  // The open tab lives in the address, so Back and refresh keep the place.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'overview';
  if (error) return <Alert color="red" role="alert">{error}</Alert>;
  if (!client) return <Skeleton h={240} />;
  const canEdit = can(me, 'clients.write');
  const clinical = can(me, 'notes.read');
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={1} size="h2" data-testid="chart-name">{displayName(client)}</Title>
            <Text c="dimmed">
              {client.pronouns && `${client.pronouns} · `}born {fmtDate(client.birth_date)} ({ageOn(client.birth_date)}) · usually in {STATE_NAMES[client.location_state]}
              {client.time_zone !== viewerZone && ` · ${client.time_zone}`}
            </Text>
          </div>
          <Group>
            <Badge color={client.status === 'active' ? 'teal.9' : 'gray.7'}>{client.status}</Badge>
            {canEdit && <ClientAccountButton client={client} onIssued={(path, email) => setIssued({ path, email })} />}
            {can(me, 'messages.write') && (
              <Button variant="default" component={Link} to={`/messages?client=${client.id}`}>Message</Button>
            )}
            {clinical && (
              <Button variant="default" component="a" href={`/api/v1/clients/${client.id}/record.pdf`}>Record (PDF)</Button>
            )}
            {canEdit && <Button variant="light" onClick={() => setEditing(true)}>Edit</Button>}
          </Group>
        </Group>
        {issued && <IssuedLink title={`Invitation ready for ${issued.email}`} path={issued.path} onClose={() => { setIssued(null); chart.reload(); }} />}
        {clinical && <ClinicalAlerts clientId={client.id} />}
        {noConsent && (
          <Alert color="yellow" mt="sm" title="No telehealth consent on file" data-testid="consent-missing" styles={{ title: { color: "var(--mantine-color-dark-8)" } }}>
            {client.given_name} has a {noConsent.mode === 'audio' ? 'phone' : 'video'} visit on {fmtVisit(noConsent.start)}. Record their telehealth consent
            {clinical ? <> in <Button variant="subtle" size="compact-sm" onClick={() => setParams({ tab: 'documents' })}>Documents</Button></> : ' with their clinician'} before it.
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} mt="md">
          <Field label="Phone">{formatPhone(client.phone)}</Field>
          <Field label="E-mail">{client.email}</Field>
          <Field label="Prefers">{{ email: 'E-mail', sms: 'Text message', phone: 'Phone call' }[client.preferred_channel]}</Field>
          <Field label="Insurance">{client.insurance.map((p) => `${p.payer} (${p.member_id})`).join('; ')}</Field>
          <Field label="Emergency contact">{client.emergency_contact && `${client.emergency_contact.name}, ${formatPhone(client.emergency_contact.phone)}`}</Field>
          <Field label="Guardians">{client.guardians.map((g) => `${g.name} (${g.relationship.replace('_', ' ')}${g.can_consent ? ', may consent' : ''})`).join('; ')}</Field>
          {client.diagnoses && (
            <Field label="Diagnoses">{client.diagnoses.map((d) => `${d.code}${d.primary ? ' (primary)' : ''} ${d.description}`).join('; ')}</Field>
          )}
        </SimpleGrid>
      </Card>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'overview' ? { tab: v } : {})} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
          <Tabs.Tab value="measures">Measures</Tabs.Tab>
          <Tabs.Tab value="documents">Documents</Tabs.Tab>
          {can(me, 'care_team.read') && <Tabs.Tab value="team">Care team</Tabs.Tab>}
          {can(me, 'medications.read') && <Tabs.Tab value="medications">Medications</Tabs.Tab>}
          {clinical && <Tabs.Tab value="sharing">Sharing</Tabs.Tab>}
          {can(me, 'ledger.read') && <Tabs.Tab value="billing">Billing</Tabs.Tab>}
          {can(me, 'portal.invite') && <Tabs.Tab value="pages">Client pages</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          {clinical ? <PlanCard clientId={client.id} me={me} /> : <Text c="dimmed">The plan of care is for the client's clinicians.</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md"><ChartTimeline clientId={client.id} /></Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          {clinical ? <NotesTab clientId={client.id} /> : <Text c="dimmed">Notes are for the client's clinicians.</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="measures" pt="md">
          {clinical
            ? <Suspense fallback={<Text c="dimmed">Loading measures…</Text>}><MeasuresTab clientId={client.id} /></Suspense>
            : <Text c="dimmed">Measures are for the client's clinicians.</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          {clinical ? <DocumentsTab clientId={client.id} /> : <Text c="dimmed">Documents are for the client's clinicians.</Text>}
        </Tabs.Panel>
        {can(me, 'portal.invite') && <Tabs.Panel value="pages" pt="md"><PortalAccess client={client} canEdit={canEdit} /></Tabs.Panel>}
        {can(me, 'ledger.read') && <Tabs.Panel value="billing" pt="md"><LedgerTab clientId={client.id} canWrite={can(me, 'ledger.write')} /></Tabs.Panel>}
        {can(me, 'care_team.read') && (
          <Tabs.Panel value="team" pt="md">
            <CareTeamTab clientId={client.id} clientName={displayName(client)} userId={me.user.id} canWrite={can(me, 'care_team.write')}
              canRefer={can(me, 'referrals.write') && clinical} />
          </Tabs.Panel>
        )}
        {can(me, 'medications.read') && <Tabs.Panel value="medications" pt="md"><MedicationsTab clientId={client.id} canWrite={can(me, 'medications.write')} /></Tabs.Panel>}
        {clinical && <Tabs.Panel value="sharing" pt="md"><SharingTab clientId={client.id} clientName={`${client.given_name} ${client.family_name}`} csrf={me.csrf_token} /></Tabs.Panel>}
      </Tabs>
      <ClientForm opened={editing} client={client} onClose={() => setEditing(false)} onSaved={(c) => { setEditing(false); chart.set(c); }} />
    </Stack>
  );
}
