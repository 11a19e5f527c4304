import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import unicorn from 'eslint-plugin-unicorn';
import tseslint from 'typescript-eslint';

/** Module boundaries (docs/architecture.md §7), enforced. */
const zones = [
  {
    target: './server/ably-local',
    from: './node_modules/ably',
    message: 'ably-local is judged by the SDKs, never imports them',
  },
  {
    target: './server/ably-local',
    from: './node_modules/@ably/chat',
    message: 'ably-local never imports @ably/chat',
  },
  { target: './server/ably-local', from: './server/backend' },
  { target: './server/ably-local', from: './widget' },
  {
    target: './server/backend',
    from: './server/ably-local',
    message: 'the backend never imports ably-local',
  },
  { target: './server/backend', from: './widget' },
  {
    target: './widget',
    from: './server',
    except: ['./contract'],
    message: 'the element imports nothing from server/ but the wire contract (types only)',
  },
  {
    target: './server/ably-local',
    from: './server/contract',
    message: 'ably-local shares nothing with the backend',
  },
  {
    target: './server/contract',
    from: ['./server/backend', './server/ably-local', './server/demo-host', './widget'],
    message: 'the wire contract imports nothing',
  },
  {
    target: './server/agent-client',
    from: [
      './server/backend',
      './server/ably-local',
      './server/ably-setup',
      './server/demo-host',
      './widget',
    ],
    message: 'the agent helper talks to the backend over HTTP only, with the wire contract’s types',
  },
  {
    target: './server/backend',
    from: './server/ably-setup',
    message: 'ably-setup reads the backend’s description of itself, never the other way round',
  },
  {
    target: './server/ably-setup',
    from: './server/ably-local',
    message: 'ably-setup talks to any Control API over HTTP, ably-local’s included',
  },
  { target: './server/ably-local/protocol', from: './server/ably-local/!(protocol)/**' },
  { target: './server/ably-local/auth', from: './server/ably-local/!(protocol|auth)/**' },
  { target: './server/ably-local/core', from: './server/ably-local/!(protocol|core)/**' },
  {
    target: './server/ably-local/@(rest|realtime|integrations|push)',
    from: './server/ably-local/control',
    message: 'the Control API configures the other layers; they never import it',
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.data', 'test-results', 'bench-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin, unicorn },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'import/no-restricted-paths': ['error', { zones }],
      'import/no-default-export': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    // The element takes only types from the wire contract: no backend code may reach its bundle.
    files: ['widget/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/contract/*'],
              allowTypeImports: true,
              message: 'import the wire contract with `import type`',
            },
          ],
        },
      ],
    },
  },
  {
    // Every test runs every time: a focused test (`.only`) silences the rest of its file and a skipped one
    // (`.skip`, `.skipIf`, `.runIf`, `.todo`) passes without proving anything.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[object.name=/^(describe|it|test|suite|bench)$/][property.name=/^(only|skip|skipIf|runIf|todo)$/]',
          message: 'no focused or skipped tests: every test runs every time',
        },
        {
          selector:
            'CallExpression[callee.name=/^(fit|fdescribe|xit|xdescribe|xtest)$/], CallExpression[callee.type="MemberExpression"][callee.property.name="skip"][arguments.length=0]',
          message: 'no focused or skipped tests: every test runs every time',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    // The demo's pages are plain browser modules, served as they are.
    files: ['demo/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['*.config.ts', '*.config.js', '*.config.mjs'],
    rules: { 'import/no-default-export': 'off' },
  },
);
