import { Table, Text } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../lib/useApi';
import type { Page } from '../types';
import { type HealthWeek, MODE_LABEL } from '../lib/scheduling';
import { modeColors } from '../theme';
import { fmtShortDate } from '../lib/format';

// The burnout signals of the last 12 weeks: hours by mode as stacked bars, and the counts that say
// whether the week kept its shape (sprinkles, block conversions, after-hours, reschedules, cancellations).
export function ScheduleHealth({ clinicianId }: { clinicianId: string }) {
  const { data: loaded, error } = useApi<Page<HealthWeek>>(`/api/v1/clinicians/${clinicianId}/schedule-health`, 'Could not load schedule health.');
  const weeks = loaded?.items;
  if (error) return <Text size="sm">{error}</Text>;
  if (!weeks) return <Text size="sm" c="dimmed">Loading schedule health…</Text>;
  const data = weeks.map((w) => ({ week: fmtShortDate(w.week_start + 'T12:00:00'), in_person: w.hours.in_person, video: w.hours.video, audio: w.hours.audio }));
  const total = (k: keyof HealthWeek) => weeks.reduce((n, w) => n + (w[k] as number), 0);
  return (
    <div data-testid="schedule-health">
      <div role="img" aria-label={`Hours by mode over the last ${weeks.length} weeks`} style={{ width: '100%', height: 200 }}>
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" fontSize={11} />
            <YAxis fontSize={11} allowDecimals={false} unit="h" />
            <Tooltip formatter={(v) => `${Number(v).toFixed(1)} h`} />
            <Legend />
            {(['in_person', 'video', 'audio'] as const).map((m) => (
              <Bar key={m} dataKey={m} name={MODE_LABEL[m]} stackId="hours" fill={modeColors[m]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table.ScrollContainer minWidth={480} type="native"><Table fz="sm" mt="xs" withRowBorders={false}>
        <Table.Caption>Totals over these 12 weeks</Table.Caption>
        <Table.Tbody>
          <Table.Tr><Table.Th scope="row">Sprinkles (visits in the other mode's block)</Table.Th><Table.Td>{total('sprinkles')}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Block conversions</Table.Th><Table.Td>{total('block_conversions')}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">After-hours overrides</Table.Th><Table.Td>{total('after_hours')}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Reschedules</Table.Th><Table.Td>{total('reschedules')}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Cancellations (late)</Table.Th><Table.Td>{total('cancellations') + total('late_cancellations')} ({total('late_cancellations')})</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table></Table.ScrollContainer>
    </div>
  );
}
