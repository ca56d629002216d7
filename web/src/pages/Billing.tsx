// Billing, for the biller and the owner: the coding check today; charges, claims and remittances
// join it as they are built.
import { Stack, Title } from '@mantine/core';
import { CodingCheck } from '../components/billing/CodingCheck';

export function Billing() {
  return (
    <Stack>
      <Title order={1} size="h2">Billing</Title>
      <CodingCheck />
    </Stack>
  );
}
