// Every package's tests from the root (`npx vitest run`): each project keeps its own
// vitest.config.ts. `pnpm test` runs them package by package through turbo instead,
// after lint, typecheck and the build they need.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'examples'],
  },
});
