/**
 * `npm test`: the whole suite, in order: type-check, lint, unit, integration (real PostgreSQL), production
 * build, end-to-end (Playwright in Chromium), failover (scripts/test-failover.ts: the production topology with
 * PostgreSQL failover, on this machine). Stops at the first failing layer, exits non-zero, and prints
 * each runner's summary plus one closing line with the test counts of every layer.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface Stage {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  counts?: () => Counts | undefined;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

function vitestCounts(file: string): () => Counts | undefined {
  return () => {
    const report = readJson<{
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    }>(file);
    if (!report) return undefined;
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  };
}

function playwrightCounts(file: string): () => Counts | undefined {
  return () => {
    const report = readJson<{
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    }>(file);
    if (!report) return undefined;
    const { expected, unexpected, flaky, skipped } = report.stats;
    return { passed: expected + flaky, failed: unexpected, skipped };
  };
}

const vitest = (project: string): Stage => {
  const output = path.join(resultsDir, `${project}-results.json`);
  return {
    name: project,
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      project,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${output}`,
    ],
    counts: vitestCounts(output),
  };
};

const stages: Stage[] = [
  { name: "type-check", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "lint", command: bin("biome"), args: ["check", "."] },
  vitest("unit"),
  vitest("integration"),
  { name: "build", command: bin("next"), args: ["build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  {
    name: "e2e",
    command: bin("playwright"),
    args: ["test"],
    counts: playwrightCounts(path.join(resultsDir, "e2e-results.json")),
  },
  {
    // scripts/test-failover.ts: HAProxy, two app instances, PgBouncer, pg_auto_failover; each check one test.
    name: "failover",
    command: process.execPath,
    args: ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "test-failover.ts")],
    counts: () => {
      const report = readJson<{ passed: number; failed: number }>(
        path.join(resultsDir, "failover-results.json"),
      );
      return report ? { passed: report.passed, failed: report.failed, skipped: 0 } : undefined;
    },
  },
];

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const summary: string[] = [];
let failedStage: string | undefined;

for (const stage of stages) {
  console.log(`\n━━━ ${stage.name} ━━━`);
  const started = Date.now();
  const result = spawnSync(stage.command, stage.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...stage.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = stage.counts?.();
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  }
  // A runner's own report of failures counts even if something in-process clobbered its exit code.
  const ok = result.status === 0 && (counts?.failed ?? 0) === 0;
  const detail = counts
    ? ` (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`
    : "";
  summary.push(`${ok ? "✔" : "✘"} ${stage.name.padEnd(11)} ${seconds.padStart(6)}s${detail}`);
  if (!ok) {
    failedStage = stage.name;
    if (total.failed === 0) total.failed = 1;
    break;
  }
}

console.log("\n━━━ summary ━━━");
for (const line of summary) console.log(line);
if (failedStage) console.log(`✘ stopped: the ${failedStage} layer failed`);
console.log(
  `\ntests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`,
);
process.exit(failedStage ? 1 : 0);
