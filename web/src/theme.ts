import { Badge, createTheme } from '@mantine/core';

// One palette. The three mode colours (in person, video, audio) are chosen from the Okabe–Ito
// colour-blind-safe set (green and vermillion darkened for WCAG AA contrast with white text) and are
// used everywhere a mode is shown, always beside a glyph.
export const modeColors = {
  in_person: '#0072B2', // blue
  video: '#007A5A', // bluish green, darkened so white text keeps 4.5:1
  audio: '#B34D00', // vermillion, darkened the same way
} as const;

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white button text above WCAG AA contrast (4.5:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'always',
  components: {
    // A badge's words are never cut off: a long one wraps onto a second line instead.
    Badge: Badge.extend({
      styles: { root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%', flexShrink: 0 }, label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' } },
    }),
  },
});
