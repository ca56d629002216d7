// The client's current plan of care: problems, goals with their measurable objectives, interventions,
// frequency and mode mix, review dates and signatures; edit it (a new version), sign it, and have the
// client sign it in session.
import { Alert, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { emptyPlan, type Plan, PlanEditor } from './PlanEditor';
import { fmtDate } from '../../lib/format';
import { DISCIPLINES } from '../../lib/states';
import { useApi, useLoad } from '../../lib/useApi';
import type { Me } from '../../api';
import type { CareTeam, Clinician, Page, PlanVersion } from '../../types';
interface Progress { objective_id: string; latest: number | null; fraction: number | null; met: boolean }
const standing = (p: Progress | undefined) =>
  !p || p.latest === null ? '' : p.met ? ' — target met' : p.fraction !== null ? ` — latest ${Math.round(p.latest * 100) / 100}, ${Math.round(p.fraction * 100)}% of the way` : ` — latest ${p.latest}`;

type Version = PlanVersion & { plan: Plan };

export function PlanCard({ clientId, me }: { clientId: string; me: Me }) {
  const plans = useApi<{ current: Version | null; versions: Version[] }>(`/api/v1/clients/${clientId}/plans`);
  const data = plans.error ? { current: null, versions: [] } : plans.data;
  // Where each objective stands, from the objective measures and questionnaires that measure it.
  const measured = useLoad(clientId, () => Promise.all([
    api<{ progress: Progress[] }>('GET', `/api/v1/clients/${clientId}/observations`).then((r) => r.progress).catch(() => []),
    api<{ objectives: Progress[] }>('GET', `/api/v1/clients/${clientId}/measures`).then((r) => r.objectives).catch(() => []),
  ]).then(([a, b]) => Object.fromEntries([...a, ...b].map((p) => [p.objective_id, p]))));
  const progress: Record<string, Progress> = measured.data ?? {};
  const load = () => { plans.reload(); measured.reload(); };
  const [editing, setEditing] = useState<Plan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Who each goal is, on a plan the care team shares; the viewer's own part to sign.
  const team = useApi<CareTeam>(`/api/v1/clients/${clientId}/care-team`);
  const clinicians = useApi<Page<Clinician>>('/api/v1/clinicians');
  const member = (id: string | null | undefined) => team.data?.members.find((m) => m.member.clinician_id === id)?.member;
  const mine = clinicians.data?.items.find((k) => k.user_id === me.user.id)?.id;
  const sign = async (signer: 'clinician' | 'client' | 'part') => {
    try {
      await api('POST', `/api/v1/clients/${clientId}/plans/${data?.current?.version}/sign`, { signer });
      setProblem(null);
      load();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'It could not be signed.');
    }
  };
  if (!data) return null;
  const v = data.current;
  const editor = editing && (
    <PlanEditor clientId={clientId} start={editing} opened onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} />
  );
  if (!v) {
    return (
      <Card withBorder data-testid="plan-card">
        <Title order={2} size="h4">Plan of care</Title>
        <Text c="dimmed" size="sm">No plan yet. Write one with problems, goals and measurable objectives.</Text>
        <Button mt="sm" w="fit-content" onClick={() => setEditing(emptyPlan())}>Start a plan of care</Button>
        {editor}
      </Card>
    );
  }
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
      <Text size="sm" mt="xs">{p.frequency}{p.mode_mix ? `, ${p.mode_mix}` : ''} · review by {p.review_due ? fmtDate(p.review_due) : '—'}{p.reevaluation_due ? ` · re-evaluation by ${fmtDate(p.reevaluation_due)}` : ''}</Text>
      <Stack gap="xs" mt="sm">
        {p.problems.map((pr) => (
          <div key={pr.id}>
            <Text size="sm" fw={600}>{pr.text}{pr.diagnosis ? ` (${pr.diagnosis})` : ''}</Text>
            <List size="sm">
              {p.goals.filter((g) => g.problem_id === pr.id).map((g) => (
                <List.Item key={g.id}>
                  {g.text}
                  {g.owner_clinician_id && member(g.owner_clinician_id) && (
                    <Text span size="sm" c="dimmed"> — {member(g.owner_clinician_id)!.name}, {DISCIPLINES[member(g.owner_clinician_id)!.discipline] ?? member(g.owner_clinician_id)!.discipline}</Text>
                  )}
                  <List size="sm" withPadding>
                    {g.objectives.map((o) => (
                      <List.Item key={o.id}>{o.text}: {o.measure} from {o.baseline} to {o.target} by {o.target_date ? fmtDate(o.target_date) : '—'}{o.status && o.status !== 'active' ? ` — ${o.status}` : ''}
                        <Text span size="sm" fw={500} data-testid={`objective-progress-${o.id}`}>{standing(progress[o.id])}</Text></List.Item>
                    ))}
                  </List>
                </List.Item>
              ))}
            </List>
          </div>
        ))}
        {p.interventions.length > 0 && <Text size="sm">Interventions: {p.interventions.map((i) => i.text).join('; ')}</Text>}
        {v.parts.length > 0 && (
          <Group gap="xs" data-testid="plan-parts">
            <Text size="sm">Each member's part:</Text>
            {v.parts.map((part) => (
              <Badge key={part.clinician_id} variant={part.signature ? 'filled' : 'outline'} color={part.signature ? 'teal.9' : 'gray.8'}>
                {member(part.clinician_id)?.name ?? 'A former member'}: {part.signature ? 'signed' : 'not signed'}
              </Badge>
            ))}
          </Group>
        )}
        {data.versions.length > 1 && <Text size="xs" c="dimmed">{data.versions.length - 1} earlier version{data.versions.length > 2 ? 's' : ''} kept.</Text>}
      </Stack>
      {problem && <Alert mt="sm" color="red" role="alert">{problem}</Alert>}
      <Group mt="sm">
        <Button variant="light" onClick={() => setEditing(structuredClone(p))}>Edit plan</Button>
        {!v.clinician_signature && <Button variant="default" onClick={() => sign('clinician')}>Sign plan</Button>}
        {v.parts.some((part) => part.clinician_id === mine && !part.signature) && (
          <Button variant="default" onClick={() => sign('part')}>Sign my part</Button>
        )}
        {!v.client_signature && <Button variant="default" onClick={() => sign('client')}>Client signs in session</Button>}
      </Group>
      {editor}
    </Card>
  );
}
