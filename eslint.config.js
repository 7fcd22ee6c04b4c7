// Lint (run by `npm test` as `npm run lint`): typescript-eslint's recommended rules, plus import boundaries
// that keep the layout's dependencies one way (README, "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FEATURES = ['summarize', 'rewrite', 'alt-text'];

/** `no-restricted-imports` patterns for imports of modules under any of `dirs` (relative or not). */
function importsOf(dirs, message) {
  return { patterns: [{ group: dirs.flatMap((dir) => [`**/${dir}`, `**/${dir}/**`]), message }] };
}

export default tseslint.config(
  {
    ignores: ['.output/**', '.output-*/**', '.wxt/**', 'node_modules/**', 'bench/models/**', 'bench/results/**', 'test/fixtures/models/build/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        // Browsers, Node and the extension APIs: the code runs in all of them.
        ...Object.fromEntries(['window', 'document', 'navigator', 'self', 'globalThis', 'chrome', 'browser', 'process', 'console'].map((name) => [name, 'readonly'])),
      },
    },
    rules: {
      // TypeScript checks names (tsc --noEmit runs first); this rule does not know DOM or Node globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Features do not import each other.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        importsOf(
          FEATURES.filter((other) => other !== feature).map((other) => `features/${other}`).concat(FEATURES.filter((other) => other !== feature)),
          'Features do not import each other: move what both need to src/ui, src/engine or src/messaging.',
        ),
      ],
    },
  })),
  // The engine knows no feature (and no settings or UI).
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        importsOf(['features', 'settings', 'ui'], 'src/engine imports no feature, settings or UI: they depend on it, not the other way.'),
      ],
    },
  },
  // Shared UI reaches the engine only through its client (src/engine/client.ts) and types, never the engine itself.
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        importsOf(
          ['engine/engine', 'engine/transformers-engine', 'engine/extension-engine', 'engine/host', 'engine/wasm-models', 'engine/wasm-graph', 'engine/model-files', 'features'],
          'src/ui does not call the engine directly (use src/engine/client.ts) and knows no feature.',
        ),
      ],
    },
  },
);
