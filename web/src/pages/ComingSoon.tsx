import { Stack, Text, Title } from '@mantine/core';

// The frame for areas that later capabilities fill in: each says what it will hold.
const purpose: Record<string, string> = {
  Calendar: 'One calendar for in-person and video visits, with mode blocks for each clinician.',
  Clients: 'Client charts, search by name, date of birth or phone.',
  'Waiting room': 'Clients waiting for their video visit, ready to admit.',
  Notes: 'Notes to write and sign, and overdue notes.',
  Billing: 'Charges, claims, payments and clinician payouts.',
  Messages: 'Secure messages with clients and the care team.',
  Reports: 'Schedule health, revenue by mode and measures over time.',
  Settings: 'Practice settings, users and security.',
};

export function ComingSoon({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={1} size="h2">{title}</Title>
      <Text c="dimmed">{purpose[title] ?? 'There is nothing at this address.'} This area is not available yet.</Text>
    </Stack>
  );
}
