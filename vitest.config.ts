import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: tests assert behaviour, never speed, and must pass on a slow machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
