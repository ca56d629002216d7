import { Button, Card, Center, Stack, Text, Title } from '@mantine/core';
import { type Me } from '../api';
import { TwoStepSetup } from '../components/TwoStepSetup';

// Staff must set up two-step sign-in (TOTP, RFC 6238) before anything else.
export function MfaEnroll({ me, onDone, onSignOut }: { me: Me; onDone: (me: Me) => void; onSignOut: () => void }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Card withBorder shadow="sm" padding="xl" w="100%" maw={520}>
        <Stack>
          <Title order={1} size="h2">Set up two-step sign-in</Title>
          <Text size="sm">{me.practice.name} protects client information with a second step at sign-in.</Text>
          <TwoStepSetup onDone={(updated) => onDone({ ...me, ...updated, session: me.session })}
            extra={<Button variant="subtle" onClick={onSignOut}>Sign out</Button>} />
        </Stack>
      </Card>
    </Center>
  );
}
