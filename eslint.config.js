// One linter, type-aware: an un-awaited promise (say(), sendActivity(), a store write) is a bug here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const chatSdks = ['@slack/bolt', '@slack/*', 'botbuilder', 'botbuilder-*', 'botframework-*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'test-results/**', 'dist/**', '.dist-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // Only the composition root reads the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/main.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in src/config.ts and inject it.' },
      ],
    },
  },
  {
    // The intent layer decides; it never touches a chat SDK or an HTTP library.
    files: ['src/intents/**/*.ts', 'src/approvals/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...chatSdks, 'undici', 'node:http', 'node:https'].map((group) => ({ group: [group], message: 'Adapters own transport.' })) },
      ],
    },
  },
  {
    // The sandbox must not share code with the clients, or a client mistake would be mirrored.
    files: ['src/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/pax8/**', '../pax8/*'], message: 'The sandbox is built from the OpenAPI document on its own.' },
            { group: ['**/microsoft/**', '../microsoft/*'], message: 'The sandbox plays Microsoft from the Graph notes on its own, apart from the Microsoft client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The local console's page: plain browser ES modules, served as they are (no bundler).
    files: ['src/console/public/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(['window', 'document', 'fetch', 'EventSource', 'localStorage', 'Option', 'setTimeout', 'clearTimeout', 'setInterval'].map((name) => [name, 'readonly'])),
    },
  },
  {
    // Vitest's asymmetric matchers (expect.objectContaining, expect.stringMatching) are typed `any` on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Tool configuration files are the one place a default export is the expected interface.
    files: ['test/vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
