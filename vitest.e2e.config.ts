import { defineConfig } from 'vitest/config';

/** End-to-end tests (`*.e2e.test.ts`): `npm start` as a process, driven in Debian Chromium. */
export default defineConfig({
  test: {
    include: ['test/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-e2e.json' },
  },
});
