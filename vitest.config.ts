import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // Some unit tests run real ONNX models; on a busy two-core machine they take seconds.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // One browser at a time: the machine has two cores and each test drives a whole Chromium.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // What a user sees can lag on a loaded two-core machine: polls wait up to 10 s unless a test says more.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // `npm run screenshots` only (scripts/screenshots.ts): not part of `npm test`.
        test: {
          name: 'screenshots',
          include: ['scripts/screenshots.ts'],
          testTimeout: 600_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
