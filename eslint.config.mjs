// Lint for the whole workspace (`npm run lint`, part of `npm test`). Formatting is Prettier's job
// (`npm run format`), so the rules that would fight it are off (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', 'tmp/**', 'tools/src/generators/plugin/files/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, destructured leftovers).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Node's CommonJS scripts (tools/scripts, bin) and jest configs use require.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests read answers whose shape the assertions check: `any` there saves a cast per line.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts (CommonJS) and the log page's browser script.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['packages/hub/src/web/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URLSearchParams: 'readonly',
        Intl: 'readonly',
        Date: 'readonly',
        confirm: 'readonly',
        location: 'readonly',
        history: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        EventSource: 'readonly',
        HTMLElement: 'readonly',
        Event: 'readonly',
      },
    },
  },
  {
    // A plugin maps the hub's model to its platform through core's plugin face; the runtime, the store,
    // the hub and other plugins are out of its reach (DESIGN.md: "A plugin never talks to the store").
    files: ['plugins/*/src/**/*.ts', 'plugins/*/test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@connector/core', message: 'A plugin imports only @connector/core/plugin (the plugin face of core).' }],
          patterns: [
            { group: ['@connector/core/*', '!@connector/core/plugin'], message: 'A plugin imports only @connector/core/plugin.' },
            { group: ['@connector/store-*', '@connector/hub', '@connector/cli'], message: 'A plugin never reaches the store, the hub or the CLI.' },
            { group: ['**/packages/*/src', '**/packages/*/src/**'], message: 'Import workspace packages by name, never by path.' },
          ],
        },
      ],
    },
  },
  prettier,
);
