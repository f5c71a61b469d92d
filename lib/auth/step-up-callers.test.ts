import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const skipped = new Set(["node_modules", ".next", ".git", ".data", "test-results", "playwright-report"]);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [full] : [];
  });
}

describe("passkey confirmation has one path", () => {
  it("only completeStepUp (lib/auth/require-step-up.ts) imports verifyStepUp", () => {
    const importers = sourceFiles(root)
      .filter((file) => /import\s*\{[^}]*\bverifyStepUp\b[^}]*\}\s*from/.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(root, file));
    expect(importers).toEqual(["lib/auth/require-step-up.ts"]);
  });
});
