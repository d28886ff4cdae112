import { defineConfig } from "vitest/config";

export default defineConfig({
  // package.json "imports" (#framework/…) resolve to the TypeScript sources under the "source" condition.
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["tests/**/*.test.ts"],
    // PostgreSQL for the store's contract and the cross-process tests (TEST_DATABASE_URL, or a throwaway one).
    globalSetup: ["tests/postgres/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
