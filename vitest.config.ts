import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: tests assert behaviour, never speed, and must pass on a slow machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Fails the run when a test leaves a temporary directory behind.
    globalSetup: ['test/support/temp-dir-check.ts'],
    // In CI a JSON report too, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results.json' },
  },
});
