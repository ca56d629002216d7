import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type Me, roleLabels } from '../api';

function greeting(hour: number) {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

// Home is the day: today's visits first, with the waiting room, notes to sign and alerts beside them.
export function Home({ me }: { me: Me }) {
  const today = new Date().toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
  return (
    <Stack>
      <div>
        <Title order={1} size="h2" data-testid="home-greeting">{greeting(new Date().getHours())}, {me.user.display_name}</Title>
        <Text c="dimmed">
          {roleLabels[me.user.role] ?? me.user.role} · {me.practice.name} · {today}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4">Today's visits</Title>
          <Text c="dimmed" size="sm">No visits today. Booked visits will appear here in order, with their mode and the next step.</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">Waiting room</Title>
          <Text c="dimmed" size="sm">Nobody is waiting. Clients who check in for a video visit appear here.</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">Notes to sign</Title>
          <Text c="dimmed" size="sm">You are all caught up.</Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4">Alerts</Title>
          <Text c="dimmed" size="sm">No alerts. Licensure and measure alerts will show here.</Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
