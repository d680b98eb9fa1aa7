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
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure' },
});
