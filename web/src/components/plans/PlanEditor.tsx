// Writing a plan of care: problems, goals under each problem with measurable objectives (measure,
// baseline, target, target date, status), interventions tied to goals, frequency and mode mix,
// review and re-evaluation dates. Saving makes the next version; the server names what is missing.
import { ActionIcon, Alert, Button, Card, Divider, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { api, ApiError } from '../../api';
import { DISCIPLINES } from '../../lib/states';
import { useApi } from '../../lib/useApi';
import type { CareTeam } from '../../types';

export type { Objective, Plan } from '../../types';
import type { Objective, Plan, PlanInput } from '../../types';

const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const inDays = (n: number) => new Date(Date.now() + n * 86400000).toLocaleDateString('en-CA');
const blankObjective = (): Objective => ({ id: newId('o'), text: '', measure: '', baseline: '', target: '', target_date: inDays(90), status: 'active', instrument: '' });

export function emptyPlan(): Plan {
  const problem = newId('p');
  return {
    problems: [{ id: problem, text: '', diagnosis: '' }],
    goals: [{ id: newId('g'), problem_id: problem, text: '', objectives: [blankObjective()], owner_clinician_id: null }],
    interventions: [{ text: '', goal_ids: [] }],
    frequency: 'weekly',
    mode_mix: '',
    review_due: inDays(90),
    reevaluation_due: '',
  };
}

/** Empty optional fields are left out so the server sees only what was written. */
function cleaned(p: Plan): PlanInput {
  return {
    ...p,
    problems: p.problems.map((x) => ({ id: x.id, text: x.text.trim(), ...(x.diagnosis?.trim() ? { diagnosis: x.diagnosis.trim().toUpperCase() } : {}) })),
    interventions: p.interventions.filter((i) => i.text.trim()),
    ...(p.mode_mix?.trim() ? {} : { mode_mix: undefined }),
    ...(p.reevaluation_due ? {} : { reevaluation_due: undefined }),
  };
}

interface Props { clientId: string; start: Plan; opened: boolean; onClose: () => void; onSaved: () => void }

export function PlanEditor({ clientId, start, opened, onClose, onSaved }: Props) {
  const [plan, setPlan] = useState<Plan>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)');
  const e = (path: string) => errors[path];
  const update = (f: (p: Plan) => void) => setPlan((old) => { const next = structuredClone(old); f(next); return next; });

  const save = async () => {
    setSaving(true);
    try {
      await api('POST', `/api/v1/clients/${clientId}/plans`, { plan: cleaned(plan) });
      setErrors({});
      setProblem(null);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries(err.errors.map((f) => [f.field.replace(/^plan\./, ''), f.message])));
        setProblem(err.detail);
      } else setProblem('The plan could not be saved.');
    } finally {
      setSaving(false);
    }
  };

  // One plan for the care team: each goal may be a member's (their discipline's part, which they sign).
  const team = useApi<CareTeam>(`/api/v1/clients/${clientId}/care-team`);
  const owners = (team.data?.members ?? []).filter((m) => m.member.active).map((m) => ({ value: m.member.clinician_id,
    label: `${m.member.name} · ${DISCIPLINES[m.member.discipline] ?? m.member.discipline}` }));
  const problemOptions = plan.problems.map((p, i) => ({ value: p.id, label: p.text || `Problem ${i + 1}` }));
  const goalOptions = plan.goals.map((g, i) => ({ value: g.id, label: g.text || `Goal ${i + 1}` }));
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Plan of care" size="xl" fullScreen={phone}>
      <Stack component="form" onSubmit={(ev) => { ev.preventDefault(); void save(); }}>
        {problem && <Alert color="red" role="alert">{problem}</Alert>}
        <Title order={3} size="h5">Problems</Title>
        {plan.problems.map((p, i) => (
          <Group key={p.id} align="start" wrap="nowrap">
            <TextInput style={{ flex: 1 }} label={`Problem ${i + 1}`} value={p.text} error={e(`problems[${i}].text`)}
              onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.problems[i].text = v; }); }} />
            <TextInput w={130} label="ICD-10 code" placeholder="F41.1" value={p.diagnosis ?? ''} error={e(`problems[${i}].diagnosis`)}
              onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.problems[i].diagnosis = v; }); }} />
            {plan.problems.length > 1 && <ActionIcon mt={28} variant="subtle" color="red" c="red.9" aria-label={`Remove problem ${i + 1}`}
              onClick={() => update((x) => { x.problems.splice(i, 1); })}>×</ActionIcon>}
          </Group>
        ))}
        {e('problems') && <Text c="red.9" size="sm">{e('problems')}</Text>}
        <Button variant="subtle" w="fit-content" onClick={() => update((x) => { x.problems.push({ id: newId('p'), text: '', diagnosis: '' }); })}>Add a problem</Button>

        <Divider />
        <Title order={3} size="h5">Goals and measurable objectives</Title>
        {plan.goals.map((g, gi) => (
          <Card withBorder key={g.id} data-testid={`plan-goal-${gi}`}>
            <Group align="start" wrap="nowrap">
              <TextInput style={{ flex: 1 }} label={`Goal ${gi + 1}`} value={g.text} error={e(`goals[${gi}].text`)}
                onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.goals[gi].text = v; }); }} />
              <Select w={220} label="For problem" data={problemOptions} value={g.problem_id} allowDeselect={false} error={e(`goals[${gi}].problem_id`)}
                onChange={(v) => update((x) => { x.goals[gi].problem_id = v ?? ''; })} />
              {owners.length > 1 && (
                <Select w={240} label="Whose goal" placeholder="The plan's clinician" clearable data={owners} value={g.owner_clinician_id ?? null}
                  error={e(`goals[${gi}].owner_clinician_id`)} onChange={(v) => update((x) => { x.goals[gi].owner_clinician_id = v; })} />
              )}
              {plan.goals.length > 1 && <ActionIcon mt={28} variant="subtle" color="red" c="red.9" aria-label={`Remove goal ${gi + 1}`}
                onClick={() => update((x) => { x.goals.splice(gi, 1); })}>×</ActionIcon>}
            </Group>
            {g.objectives.map((o, oi) => {
              const at = `goals[${gi}].objectives[${oi}]`;
              const set = (k: keyof Objective) => (ev: React.ChangeEvent<HTMLInputElement>) => {
                const v = ev.currentTarget.value;
                update((x) => { (x.goals[gi].objectives[oi] as unknown as Record<string, string>)[k] = v; });
              };
              return (
                <Stack key={o.id} gap={4} mt="sm" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-gray-3)' }}>
                  <Group align="start" wrap="nowrap">
                    <TextInput style={{ flex: 1 }} label={`Objective ${gi + 1}.${oi + 1}`} value={o.text} error={e(`${at}.text`)} onChange={set('text')} />
                    {g.objectives.length > 1 && <ActionIcon mt={28} variant="subtle" color="red" c="red.9" aria-label={`Remove objective ${gi + 1}.${oi + 1}`}
                      onClick={() => update((x) => { x.goals[gi].objectives.splice(oi, 1); })}>×</ActionIcon>}
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 3, md: 6 }}>
                    <Select label="Questionnaire" placeholder="None" clearable data={[{ value: 'phq9', label: 'PHQ-9 total' }, { value: 'gad7', label: 'GAD-7 total' }]}
                      value={o.instrument || null} error={e(`${at}.instrument`)}
                      onChange={(v) => update((x) => {
                        const ob = x.goals[gi].objectives[oi];
                        ob.instrument = v ?? '';
                        if (v && !ob.measure) ob.measure = v === 'phq9' ? 'PHQ-9 total' : 'GAD-7 total';
                      })} />
                    <TextInput label="Measured by" placeholder="GAD-7 total" value={o.measure} error={e(`${at}.measure`)} onChange={set('measure')} />
                    <TextInput label="Baseline" value={o.baseline} error={e(`${at}.baseline`)} onChange={set('baseline')} />
                    <TextInput label="Target" value={o.target} error={e(`${at}.target`)} onChange={set('target')} />
                    <TextInput type="date" label="Target date" value={o.target_date ?? ''} error={e(`${at}.target_date`)} onChange={set('target_date')} />
                    <Select label="Status" data={['active', 'met', 'revised', 'discontinued']} value={o.status ?? 'active'} allowDeselect={false}
                      error={e(`${at}.status`)} onChange={(v) => update((x) => { x.goals[gi].objectives[oi].status = v ?? 'active'; })} />
                  </SimpleGrid>
                </Stack>
              );
            })}
            {e(`goals[${gi}].objectives`) && <Text c="red.9" size="sm">{e(`goals[${gi}].objectives`)}</Text>}
            <Button mt="xs" variant="subtle" w="fit-content" onClick={() => update((x) => { x.goals[gi].objectives.push(blankObjective()); })}>Add an objective</Button>
          </Card>
        ))}
        {e('goals') && <Text c="red.9" size="sm">{e('goals')}</Text>}
        <Button variant="subtle" w="fit-content"
          onClick={() => update((x) => { x.goals.push({ id: newId('g'), problem_id: x.problems[0]?.id ?? '', text: '', objectives: [blankObjective()], owner_clinician_id: null }); })}>Add a goal</Button>

        <Divider />
        <Title order={3} size="h5">Interventions</Title>
        {plan.interventions.map((iv, i) => (
          <Group key={i} align="start" wrap="nowrap">
            <TextInput style={{ flex: 1 }} label={`Intervention ${i + 1}`} value={iv.text} error={e(`interventions[${i}].text`)}
              onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.interventions[i].text = v; }); }} />
            <MultiSelect w={260} label="Serves goals" data={goalOptions} value={iv.goal_ids ?? []} error={e(`interventions[${i}].goal_ids`)}
              onChange={(v) => update((x) => { x.interventions[i].goal_ids = v; })} />
            <ActionIcon mt={28} variant="subtle" color="red" c="red.9" aria-label={`Remove intervention ${i + 1}`} onClick={() => update((x) => { x.interventions.splice(i, 1); })}>×</ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" w="fit-content" onClick={() => update((x) => { x.interventions.push({ text: '', goal_ids: [] }); })}>Add an intervention</Button>

        <Divider />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Frequency" placeholder="weekly" value={plan.frequency} error={e('frequency')}
            onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.frequency = v; }); }} />
          <TextInput label="Mode mix" placeholder="alternating in person and video" value={plan.mode_mix ?? ''} error={e('mode_mix')}
            onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.mode_mix = v; }); }} />
          <TextInput type="date" label="Review by" value={plan.review_due ?? ''} error={e('review_due')}
            onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.review_due = v; }); }} />
          <TextInput type="date" label="Re-evaluation by (optional)" value={plan.reevaluation_due ?? ''} error={e('reevaluation_due')}
            onChange={(ev) => { const v = ev.currentTarget.value; update((x) => { x.reevaluation_due = v; }); }} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={saving}>Save as a new version</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
