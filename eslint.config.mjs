import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

// Workflow code runs in Temporal's deterministic sandbox: a Node built-in there would either fail
// at bundle time or, worse, make replays diverge. The rule keeps them out at review time.
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tools/', 'data/', 'test-output/', 'src/web/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and domain code must stay deterministic: no Node built-ins.' })),
          patterns: [
            { group: ['**/activities/*', '!**/activities/types'], allowTypeImports: true, message: 'Workflows may import only the types of activities.' },
            { group: ['**/src/store/*', '**/src/api/*', '**/src/services/*', '**/src/temporal/*', '**/src/notify/*'], message: 'Workflow and domain code may import only src/domain.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'src/main.ts', 'src/services/entry-point.ts', 'bench/**/*.ts', 'test/support/**/*', '**/*.js', '**/*.mjs'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
