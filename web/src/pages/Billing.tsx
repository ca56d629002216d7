// Billing: the visits' charges and claiming them (owner and biller), the claim files and claims with
// the payers' answers, posting payers' remittances, and the coding check (also for clinicians).
import { Divider, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { type Me, can } from '../api';
import { BillingOverview } from '../components/billing/BillingOverview';
import { AgingCard } from '../components/ledger/AgingCard';
import { ChargesList } from '../components/billing/ChargesList';
import { ClaimFiles, ClaimsList } from '../components/billing/Claims';
import { CodingCheck } from '../components/billing/CodingCheck';
import { Remittances } from '../components/billing/Remittances';

export function Billing({ me }: { me: Me }) {
  // A change in one part (a claim file made, a remittance posted) reloads the others.
  const [round, setRound] = useState(0);
  const changed = () => setRound((r) => r + 1);
  const canClaim = can(me, 'claims.write');
  return (
    <Stack>
      <Title order={1} size="h2">Billing</Title>
      {can(me, 'charges.read') && <BillingOverview key={`overview-${round}`} />}
      {can(me, 'ledger.read') && <AgingCard key={`aging-${round}`} />}
      {can(me, 'charges.read') && <><ChargesList canEdit={can(me, 'charges.write')} onClaimed={changed} /><Divider /></>}
      {can(me, 'claims.read') && (
        <>
          <ClaimFiles key={`files-${round}`} canEdit={canClaim} onChanged={changed} />
          <ClaimsList key={`claims-${round}`} canEdit={canClaim} />
          <Remittances canEdit={canClaim} onPosted={changed} />
          <Divider />
        </>
      )}
      <CodingCheck />
    </Stack>
  );
}
