/**
 * `npm run bench [-- --json] [-- --record] [-- --quick]`: Scrip's hot paths as ratios against a baseline
 * measured in the same run on the same database (raw SQL) or the same process (raw node:crypto).
 * --json writes bench/results.json; --record rewrites the results table in bench/README.md.
 */
import fs from "node:fs";
import path from "node:path";
import { checkLedger } from "../lib/ledger/check-ledger";
import { openBenchDatabase } from "./database";
import { createBaselineSchema } from "./owner-change-baseline";
import { runHotScenario, runOwnerChangeScenario } from "./owner-change-scenarios";
import { median, round } from "./stats";
import { runTokenVerifyScenario } from "./token-verify";

// Set-up issues thousands of coupons through the real domain code: lift the per-party request rate for it.
process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "100000000";
process.env.SCRIP_ORIGIN ??= "http://localhost:3000";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const runs = quick ? 1 : 3;
const benchDir = path.dirname(new URL(import.meta.url).pathname);

async function main() {
  const bench = await openBenchDatabase(48);
  await createBaselineSchema(bench.sql);
  const results: Record<string, number> = {};
  const lines: string[] = [];
  try {
    for (const workers of [8, 32]) {
      const ratios: number[] = [];
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await runOwnerChangeScenario(bench, { workers, count: quick ? 200 : 1200 });
        ratios.push(result.ours / result.baseline);
        ours.push(result.ours);
        baseline.push(result.baseline);
      }
      results[`owner_change_ratio_${workers}`] = round(median(ratios));
      lines.push(
        `| owner changes/s, ${workers} workers | ${round(median(ours), 0)} | ${round(median(baseline), 0)} (raw SQL) | ${round(median(ratios))} | ≥ 0.8 |`,
      );
      console.log(lines.at(-1));
    }

    const hot = await runHotScenario(bench, { workers: 32, hotCoupons: 10, rounds: quick ? 3 : 12, runs });
    results.hot_owner_change_ratio = round(hot.ratio);
    results.hot_lost_updates = hot.lostUpdates;
    lines.push(
      `| owner changes/s, 32 workers on 10 hot coupons | ${round(hot.ours, 0)} | ${round(hot.baseline, 0)} (raw SQL) | ${round(hot.ratio)} | no lost update (${hot.lostUpdates} lost) |`,
    );
    console.log(lines.at(-1));

    const token = await runTokenVerifyScenario(bench.db, {
      iterations: quick ? 2000 : 20000,
      runs: quick ? 1 : 5,
    });
    results.token_verify_ratio = round(token.ratio);
    lines.push(
      `| verifyCouponToken/s, one core | ${round(token.ours, 0)} | ${round(token.baseline, 0)} (raw Ed25519 verify ×2) | ${round(token.ratio)} | ≥ 0.8 |`,
    );
    console.log(lines.at(-1));

    const violations = await checkLedger(bench.db);
    results.ledger_violations = violations.length;
    if (violations.length > 0) console.error("Ledger violations after the benchmark:", violations);
  } finally {
    await bench.dispose();
  }

  const table = [
    "| measurement | Scrip | baseline | ratio (median) | target |",
    "|---|---|---|---|---|",
    ...lines,
  ].join("\n");
  console.log(`\n${table}\n`);
  console.log(JSON.stringify(results, null, 2));
  if (args.has("--json")) {
    fs.writeFileSync(path.join(benchDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  }
  if (args.has("--record")) {
    const readme = path.join(benchDir, "README.md");
    const text = fs.readFileSync(readme, "utf8");
    const stamped = `${table}\n\nRecorded ${new Date().toISOString().slice(0, 10)} on this project's 2-core machine (${runs} runs each).`;
    fs.writeFileSync(
      readme,
      text.replace(
        /<!-- results:start -->[\s\S]*<!-- results:end -->/,
        `<!-- results:start -->\n${stamped}\n<!-- results:end -->`,
      ),
    );
  }
  if ((results.ledger_violations ?? 0) > 0 || (results.hot_lost_updates ?? 0) > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
