import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: model and e2e tests are heavy; keep parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
    // expect.poll waits for the UI or the engine to reach a state; 1 s (vitest's default) is too
    // short on a loaded 2-core machine. A condition never met still fails, just later.
    expect: { poll: { timeout: 15_000 } },
  },
});
