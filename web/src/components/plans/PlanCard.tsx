// The client's current plan of care, read-only: problems, goals with their measurable objectives,
// interventions, frequency and mode mix, review dates and signatures.
import { Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api';

interface Objective { id: string; text: string; measure: string; baseline: string; target: string; target_date: string; status?: string }
interface Plan {
  problems: { id: string; text: string; diagnosis?: string }[];
  goals: { id: string; problem_id: string; text: string; objectives: Objective[] }[];
  interventions: { text: string }[];
  frequency: string;
  mode_mix?: string;
  review_due: string;
  reevaluation_due?: string;
}
interface Version {
  version: number;
  created_at: string;
  author: { name: string };
  plan: Plan;
  clinician_signature: { name: string; at: string } | null;
  client_signature: { name: string; at: string } | null;
}

export function PlanCard({ clientId }: { clientId: string }) {
  const [data, setData] = useState<{ current: Version | null; versions: Version[] } | null>(null);
  useEffect(() => {
    api<{ current: Version | null; versions: Version[] }>('GET', `/api/v1/clients/${clientId}/plans`).then(setData).catch(() => setData({ current: null, versions: [] }));
  }, [clientId]);
  if (!data) return null;
  const v = data.current;
  if (!v) return <Card withBorder><Title order={2} size="h4">Plan of care</Title><Text c="dimmed" size="sm">No plan yet.</Text></Card>;
  const p = v.plan;
  return (
    <Card withBorder data-testid="plan-card">
      <Group justify="space-between">
        <Title order={2} size="h4">Plan of care (version {v.version})</Title>
        <Group gap="xs">
          <Badge color={v.clinician_signature ? 'teal.9' : 'gray.8'}>{v.clinician_signature ? `signed by ${v.clinician_signature.name}` : 'not signed'}</Badge>
          <Badge color={v.client_signature ? 'teal.9' : 'gray.8'}>{v.client_signature ? 'client signed' : 'client has not signed'}</Badge>
        </Group>
      </Group>
      <Text size="sm" mt="xs">{p.frequency}{p.mode_mix ? `, ${p.mode_mix}` : ''} · review by {p.review_due}{p.reevaluation_due ? ` · re-evaluation by ${p.reevaluation_due}` : ''}</Text>
      <Stack gap="xs" mt="sm">
        {p.problems.map((pr) => (
          <div key={pr.id}>
            <Text size="sm" fw={600}>{pr.text}{pr.diagnosis ? ` (${pr.diagnosis})` : ''}</Text>
            <List size="sm">
              {p.goals.filter((g) => g.problem_id === pr.id).map((g) => (
                <List.Item key={g.id}>
                  {g.text}
                  <List size="sm" withPadding>
                    {g.objectives.map((o) => (
                      <List.Item key={o.id}>{o.text}: {o.measure} from {o.baseline} to {o.target} by {o.target_date}{o.status && o.status !== 'active' ? ` — ${o.status}` : ''}</List.Item>
                    ))}
                  </List>
                </List.Item>
              ))}
            </List>
          </div>
        ))}
        {p.interventions.length > 0 && <Text size="sm">Interventions: {p.interventions.map((i) => i.text).join('; ')}</Text>}
        {data.versions.length > 1 && <Text size="xs" c="dimmed">{data.versions.length - 1} earlier version{data.versions.length > 2 ? 's' : ''} kept.</Text>}
      </Stack>
    </Card>
  );
}
