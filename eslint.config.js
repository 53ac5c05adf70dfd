// Lint config: typescript-eslint's recommended rules over src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The benchmark suite: plain ESM JavaScript run by node; its child programs are CommonJS.
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { performance: 'readonly', SharedArrayBuffer: 'readonly', Atomics: 'readonly' } },
  },
  {
    files: ['bench/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', performance: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plugin fixtures: plugins as users write them, CommonJS ones included.
    files: ['test/fixtures/plugins/**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { performance: 'readonly', globalThis: 'readonly', require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The first-party plugins: ESM JavaScript, type-checked by tsc (checkJs) against the public API.
    files: ['plugins/**/*.js'],
    languageOptions: { globals: { performance: 'readonly', AggregateError: 'readonly' } },
  },
  {
    // Fixture programs, scripts and examples are plain ESM JavaScript run by node.
    files: ['test/fixtures/**/*.js', 'scripts/**/*.mjs', 'examples/**/*.js', 'bin/**/*.js'],
    languageOptions: { globals: { performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly' } },
  },
);
