// The web app's lint rules: TypeScript's recommended checks, the rules of React hooks (a missed
// effect dependency shows stale data), and the project's own: no role comparisons (ask
// `can(me, action)`, from the server's policy table) and no hand-written API types (they come from
// the generated contract in src/types.ts).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'src/api-schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='role'][object.property.name='user']",
          message: 'Ask can(me, action) (the server\'s policy table) instead of comparing roles.',
        },
      ],
    },
  },
  {
    // The live WebSocket's messages and WebRTC's stats reports are untyped JSON, read field by field.
    files: ['src/lib/call.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Showing a role's name is not deciding with it.
    files: ['src/components/Shell.tsx', 'src/pages/Home.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
