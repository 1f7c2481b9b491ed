import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // every test runs real Helm processes; two cores, so a few workers keep both busy
    pool: 'forks',
    poolOptions: { forks: { maxForks: 3, minForks: 1 } },
    // No time limit on a test or hook: a slow or busy machine must not fail a test. Property tests are budgeted
    // by case count, and every Helm run has its own timeout (scripts/helm.ts), so nothing can hang for ever.
    testTimeout: 0,
    hookTimeout: 0,
  },
});
