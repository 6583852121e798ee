import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    include: ['test/**/*.test.ts'],
    // Each example is a child process that may take a few seconds.
    testTimeout: 20_000,
  },
});
