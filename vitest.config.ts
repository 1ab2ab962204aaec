import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // Every model the tests build is also checked against the zod schema (off in the CLI: see NormalizeOptions.checkModel).
    env: { COMPOSE_TS_CHECK_MODEL: "1" },
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
