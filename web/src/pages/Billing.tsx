// Billing: the visits' charges (owner and biller) and the coding check (also for clinicians);
// claims and remittances join them as they are built.
import { Divider, Stack, Title } from '@mantine/core';
import { type Me, can } from '../api';
import { ChargesList } from '../components/billing/ChargesList';
import { CodingCheck } from '../components/billing/CodingCheck';

export function Billing({ me }: { me: Me }) {
  return (
    <Stack>
      <Title order={1} size="h2">Billing</Title>
      {can(me, 'charges.read') && <><ChargesList canEdit={can(me, 'charges.write')} /><Divider /></>}
      <CodingCheck />
    </Stack>
  );
}
