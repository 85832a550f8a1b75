import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

// Code that runs in Temporal's deterministic workflow sandbox: the workflows, and the few test and
// bench files handed to the bundler as `workflowsPath`.
const sandboxFiles = ['workflows/**/*.ts', 'test/workflow/**/test-workflows.ts', 'bench/empty-workflow.ts'];

// Import boundaries are checked on resolved files, not on import strings, by eslint-plugin-boundaries:
// every file belongs to one element (domain, workflows, activities or the rest of the project), and
// `*-messages.ts` in workflows/ are the message definitions shared with clients.
const boundarySettings = {
  'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.json'] } },
  'boundaries/elements': [
    { type: 'domain', pattern: 'src/domain', partialMatch: false },
    { type: 'workflows', pattern: 'workflows', partialMatch: false },
    { type: 'activities', pattern: 'activities', partialMatch: false },
    { type: 'project', pattern: '*', partialMatch: false },
  ],
  'boundaries/files': [{ category: 'workflow-messages', pattern: 'workflows/**/*-messages.ts' }],
};

// Allow-lists: a strict policy set starts from 'disallow' and checks packages and Node built-ins too.
const allowListOnly = { default: 'disallow', checkAllOrigins: true, checkUnknownLocals: true };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tools/', 'data/', 'test-output/', 'src/web/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      // Type-aware rules (no-floating-promises) read the TypeScript program of tsconfig.json; the few
      // plain JavaScript files outside it get a default project of their own.
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'scripts/*.mjs',
            'scripts/tools/*.mjs',
            'test/support/*.js',
            'test/e2e/support/*.mjs',
          ],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { boundaries },
    settings: boundarySettings,
    rules: {
      // Outside the sandbox, workflow code is reached only through its message definitions
      // (signals, queries, updates, workflow ids); anything else from workflows/ is `import type`.
      // Bundling by path (`require.resolve('../workflows')`) is not an import and stays allowed.
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              disallow: { to: { element: { type: 'workflows' } }, dependency: { kind: 'value' } },
              message:
                'Outside workflows/, import only *-messages.ts files from workflows/ by value; use `import type` for the rest.',
            },
            { allow: { to: { file: { categories: 'workflow-messages' } } } },
          ],
        },
      ],
    },
  },
  {
    files: sandboxFiles,
    rules: {
      // Workflow code replays deterministically in the sandbox: it may import @temporalio/workflow
      // (and @temporalio/common, the SDK's sandbox-safe half, for what workflow does not re-export),
      // pure domain code, other workflow files, and the types of activities — nothing else.
      'boundaries/dependencies': [
        'error',
        {
          ...allowListOnly,
          message:
            'Workflow code may import only @temporalio/workflow, @temporalio/common, src/domain, other workflow files and `import type` from activities/.',
          policies: [
            { allow: { to: { element: { types: ['workflows', 'domain'] } } } },
            {
              allow: { to: { module: { origin: 'external', source: ['@temporalio/workflow', '@temporalio/common'] } } },
            },
            { allow: { to: { element: { type: 'activities' } }, dependency: { kind: 'type' } } },
            {
              disallow: { to: { file: { path: 'src/domain/calendar/holiday-source.ts' } } },
              message: 'holiday-source.ts loads date-holidays at run time; workflows use the generated holiday table.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      // Pure, deterministic rules shared by workflows and the rest: no Node built-ins, no I/O.
      'boundaries/dependencies': [
        'error',
        {
          ...allowListOnly,
          message: 'src/domain may import only other src/domain files, zod and date-holidays.',
          policies: [
            { allow: { to: { element: { type: 'domain' } } } },
            { allow: { to: { module: { origin: 'external', source: ['zod', 'date-holidays'] } } } },
          ],
        },
      ],
    },
  },
  {
    files: [
      'scripts/**/*.mjs',
      'src/main.ts',
      'src/services/entry-point.ts',
      'bench/**/*.ts',
      'test/support/**/*',
      '**/*.js',
      '**/*.mjs',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
