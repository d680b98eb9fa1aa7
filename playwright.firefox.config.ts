import { defineConfig } from '@playwright/test';

// The Firefox suite (tests/e2e-firefox/): Playwright runs it, puppeteer-core drives Firefox ESR over
// WebDriver BiDi (tests/e2e-firefox/firefox.ts). One Firefox per spec file, one file at a time: the
// machine has two cores, and a Firefox with a loaded profile is the heaviest thing on it. Run
// `wxt build -b firefox` first (npm run test:e2e:firefox does).
export default defineConfig({
  testDir: 'tests/e2e-firefox',
  // Caps for a state that never comes, as in playwright.config.ts: far above what a passing test
  // needs on a busy 2-core machine.
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e-firefox.json' }]],
});
