import { Anchor, Badge, Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import type { Clinician } from './Clinicians';
import { Link } from 'react-router-dom';
import { type Me, roleLabels, can } from '../api';
import { COMPACTS, STATE_NAMES } from '../lib/states';
import { BookingRequests, ConsentsNeeded, EstimatesOwed, NotesToSign, PlansDue, RecordRequests, TodayVisits, WaitingNow } from '../components/HomeCards';
import { fmtDate, fmtDay } from '../lib/format';
import { ClinicalAlerts } from '../components/measures/ClinicalAlerts';
import { ReferralsCard } from '../components/care/Referrals';
import { SharedWithUs } from '../components/care/SharedWithUs';
import { useApi } from '../lib/useApi';
import type { ExpiringLicense, Page } from '../types';

// The chart library loads with the first chart, not with the app.
const ScheduleHealth = lazy(() => import('../components/ScheduleHealth').then((m) => ({ default: m.ScheduleHealth })));

type Expiring = ExpiringLicense;

function ExpiringLicenses({ me }: { me: Me }) {
  const { data, error } = useApi<Page<Expiring>>(can(me, 'licenses.expiring') ? '/api/v1/licenses/expiring' : null);
  const items = error ? [] : data?.items;
  if (!items) return null;
  if (items.length === 0) return <Text c="dimmed" size="sm">No license or privilege expires in the next 90 days.</Text>;
  return (
    <List spacing={6} size="sm" data-testid="expiring-licenses">
      {items.map((l) => (
        <List.Item key={l.id}>
          <Badge color={l.warning === 30 ? 'red.9' : l.warning === 60 ? 'orange.3' : 'yellow.2'} c={l.warning === 30 ? 'white' : 'dark.9'} mr={6}>
            {l.days_left} days
          </Badge>
          <Anchor component={Link} to={`/clinicians/${l.clinician.id}`}>{l.clinician.given_name} {l.clinician.family_name}</Anchor>
          {': '}{STATE_NAMES[l.state] ?? l.state} {l.kind === 'license' ? 'license' : `${COMPACTS[l.compact ?? ''] ?? l.compact} privilege`} expires {fmtDate(l.expires_on)}
          {l.affected_clients.length > 0 && (
            <Text size="sm">
              Affects {l.affected_clients.length === 1 ? 'a client' : `${l.affected_clients.length} clients`} usually in {STATE_NAMES[l.state] ?? l.state}:{' '}
              {l.affected_clients.map((c, i) => (
                <span key={c.id}>{i > 0 && ', '}<Anchor component={Link} to={`/clients/${c.id}`} underline="always">{c.name}</Anchor></span>
              ))}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

function greeting(hour: number) {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

// Home is the day: today's visits first, with the waiting room, notes to sign and alerts beside them.
export function Home({ me }: { me: Me }) {
  // undefined until known: a clinician's day waits for their clinician record.
  const clinical = can(me, 'notes.read');
  const team = useApi<Page<Clinician>>(clinical ? '/api/v1/clinicians' : null);
  const mine: Clinician | null | undefined = team.error ? null : team.data && (team.data.items.find((k) => k.user_id === me.user.id) ?? null);
  const today = fmtDay(new Date());
  const checksConsents = can(me, 'scheduling.write');
  return (
    <Stack>
      <div>
        <Title order={1} size="h2" data-testid="home-greeting">{greeting(new Date().getHours())}, {me.user.display_name}</Title>
        <Text c="dimmed">
          {roleLabels[me.user.role] ?? me.user.role} · {me.practice.name} · {today}
        </Text>
      </div>
      {clinical && <ClinicalAlerts />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">{mine ? 'Today\'s visits' : 'The practice today'}</Title>
          {(mine !== undefined || !clinical) && <TodayVisits me={me} clinicianId={mine?.id ?? null} />}
        </Card>
        {clinical && (
          <Card withBorder>
            <Title order={2} size="h4">Waiting room</Title>
            <WaitingNow />
          </Card>
        )}
        {clinical && (
          <Card withBorder>
            <Title order={2} size="h4">Notes to sign</Title>
            <NotesToSign />
            <PlansDue />
          </Card>
        )}
        {can(me, 'referrals.read') && (mine !== undefined || !clinical) && (
          <Card withBorder>
            <Title order={2} size="h4">Referrals</Title>
            <ReferralsCard clinicianId={mine?.id ?? null} everyone={me.user.role === 'owner' || me.user.role === 'front_desk'} />
          </Card>
        )}
        {can(me, 'partners.records') && <SharedWithUs />}
        {checksConsents && <BookingRequests />}
        {checksConsents && (
          <Card withBorder>
            <Title order={2} size="h4">Telehealth consent needed</Title>
            <ConsentsNeeded />
          </Card>
        )}
        {can(me, 'records.export') && (
          <Card withBorder>
            <Title order={2} size="h4">Record requests</Title>
            <RecordRequests />
          </Card>
        )}
        {can(me, 'ledger.read') && (
          <Card withBorder>
            <Title order={2} size="h4">Good Faith Estimates owed</Title>
            <EstimatesOwed />
          </Card>
        )}
        {clinical && (
          <Card withBorder>
            <Title order={2} size="h4">Licenses expiring</Title>
            <ExpiringLicenses me={me} />
          </Card>
        )}
        {mine && (
          <Card withBorder>
            <Title order={2} size="h4">Schedule health</Title>
            <Suspense fallback={<Text size="sm" c="dimmed">Loading schedule health…</Text>}><ScheduleHealth clinicianId={mine.id} /></Suspense>
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
