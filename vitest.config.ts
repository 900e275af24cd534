import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "worker/**/*.test.ts",
      "liff/**/*.test.ts",
      "db/**/*.test.ts",
      "prompts/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**", "**/.wrangler/**"],
    globalSetup: ["worker/test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
