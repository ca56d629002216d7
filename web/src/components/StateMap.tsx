import { Box, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { STATE_NAMES, TILES } from '../lib/states';

export type { Coverage as CoverageItem } from '../types';
import type { Coverage as CoverageItem } from '../types';

export type CoverageClass = 'license' | 'compact' | 'expiring' | 'none';

// Colour-blind-safe (Okabe–Ito) fills, each with a pattern letter so colour is never the only cue.
export const COVERAGE_STYLE: Record<CoverageClass, { bg: string; fg: string; label: string; mark: string }> = {
  license: { bg: '#0072B2', fg: '#ffffff', label: 'By license', mark: 'L' },
  compact: { bg: '#009E73', fg: '#000000', label: 'By compact privilege', mark: 'C' },
  expiring: { bg: '#E69F00', fg: '#000000', label: 'Expiring within 90 days', mark: '!' },
  none: { bg: '#e9ecef', fg: '#343a40', label: 'Not allowed', mark: '' },
};

export function classify(c: CoverageItem): CoverageClass {
  if (!c.allowed) return 'none';
  if (c.expiring_soon) return 'expiring';
  return c.basis === 'license' ? 'license' : 'compact';
}

export function StateMap({ items, onSelect, selected }: { items: CoverageItem[]; onSelect?: (s: string) => void; selected?: string | null }) {
  const byState = new Map(items.map((i) => [i.state, i]));
  return (
    <Box>
      <Box role="group" aria-label="Map of where this clinician may practise"
        style={{ display: 'grid', gridTemplateColumns: 'repeat(11, minmax(22px, 1fr))', gap: 3, maxWidth: 560 }}>
        {TILES.map((t) => {
          const item = byState.get(t.state);
          const cls = item ? classify(item) : 'none';
          const style = COVERAGE_STYLE[cls];
          return (
            <Tooltip key={t.state} label={`${STATE_NAMES[t.state]}: ${item?.message ?? ''}`} multiline w={260} withArrow>
              <UnstyledButton
                data-testid={`tile-${t.state}`} data-coverage={cls}
                aria-label={`${t.state} ${STATE_NAMES[t.state]}: ${style.label}. ${item?.message ?? ''}`}
                onClick={() => onSelect?.(t.state)}
                style={{
                  gridRow: t.row + 1, gridColumn: t.col + 1, aspectRatio: '1 / 1', borderRadius: 4, background: style.bg, color: style.fg,
                  display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', fontSize: 12, fontWeight: 700,
                  outline: selected === t.state ? '3px solid #000' : undefined, outlineOffset: 1,
                  // Colour is never the only cue: compact privileges are striped, expiring ones dashed.
                  backgroundImage: cls === 'compact' ? 'repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 3px, transparent 3px 7px)' : undefined,
                  border: cls === 'expiring' ? '2px dashed #000' : '2px solid transparent',
                }}>
                {t.state}
              </UnstyledButton>
            </Tooltip>
          );
        })}
      </Box>
      <Group gap="md" mt="sm" aria-label="Legend">
        {(Object.keys(COVERAGE_STYLE) as CoverageClass[]).map((k) => (
          <Group key={k} gap={6}>
            <Box w={16} h={16} style={{ background: COVERAGE_STYLE[k].bg, borderRadius: 3,
              border: k === 'expiring' ? '2px dashed #000' : '1px solid #adb5bd',
              backgroundImage: k === 'compact' ? 'repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 3px, transparent 3px 7px)' : undefined }} />
            <Text size="sm">{COVERAGE_STYLE[k].label}</Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}
