import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 30_000,
    // GitHub's workflow parser imports JSON without import attributes, which Node refuses: let
    // vite load it, as a bundler would.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
