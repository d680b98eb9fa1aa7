import { defineConfig } from '@playwright/test';

// Each test starts its own Chromium with the built extension (tests/e2e/extension.ts); run
// `wxt build` first (npm run test:e2e does).
//
// Every wait in the suite is for a state (an attribute, a stored record, a message), never for a
// time. The limits below only say when to give up on a state that never comes: CI runs on a
// 2-core machine that may be busy, where a 300-card listing alone takes seconds to parse, so they
// are far above what any passing test needs and are never tuned to a quiet machine.
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // The JSON report feeds the one-line summary .ci/run prints (scripts/test-summary.mjs).
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: { trace: 'retain-on-failure', actionTimeout: 60_000, navigationTimeout: 120_000 },
});
