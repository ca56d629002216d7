import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <Stack>
      <Title order={1} size="h2">Page not found</Title>
      <Text>There is nothing at this address. <Anchor component={Link} to="/" underline="always">Go to today's page</Anchor>.</Text>
    </Stack>
  );
}
