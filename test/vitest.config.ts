import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/fail-on-console.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // training tests are CPU-heavy; two forks match the two cores
    pool: 'forks',
    maxWorkers: 2,
  },
});
