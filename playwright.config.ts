import { defineConfig } from '@playwright/test';

// Each test starts its own Chromium with the built extension (tests/e2e/extension.ts); run
// `wxt build` first (npm run test:e2e does).
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // The JSON report feeds the one-line summary .ci/run prints (scripts/test-summary.mjs).
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: { trace: 'retain-on-failure' },
});
