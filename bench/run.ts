/**
 * `npm run bench [-- --json] [-- --record] [-- --quick]`: Scrip's hot paths as ratios against a baseline
 * measured in the same run on the same database (raw SQL) or the same process (raw node:crypto).
 * --json writes bench/results.json; --record rewrites the results table in bench/README.md.
 */
import fs from "node:fs";
import path from "node:path";
import { checkLedger } from "../lib/ledger/check-ledger";
import { runBatchAcceptScenario } from "./api-batch-accept";
import { runCampaignScenario } from "./campaign";
import { loadChargingParties, loadChargingPostings, measureCharging } from "./charging";
import { openBenchDatabase } from "./database";
import { runHttpVerifyBenchmark } from "./http-verify";
import { createBaselineSchema } from "./owner-change-baseline";
import { runHotScenario, runOwnerChangeScenario } from "./owner-change-scenarios";
import { median, round } from "./stats";
import { runTokenVerifyScenario } from "./token-verify";

// Set-up issues thousands of coupons through the real domain code: lift the per-party request rate for it.
process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "100000000";
process.env.SCRIP_ORIGIN ??= "http://localhost:3000";

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
/** `--only charging` runs just the charging benchmark (it needs its own, large database). */
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const runs = quick ? 1 : 3;
const benchDir = path.dirname(new URL(import.meta.url).pathname);

/**
 * Charging runs over 1 M and then 4 M postings (100 k parties) against the raw aggregation over the same rows,
 * on a database of its own (the rows would slow the other scenarios down). --quick: 100 k and 400 k postings.
 */
async function runChargingBenchmark(results: Record<string, number>, lines: string[]) {
  const bench = await openBenchDatabase(4);
  try {
    const parties = quick ? 10_000 : 100_000;
    const small = quick ? 100_000 : 1_000_000;
    await loadChargingParties(bench.sql, parties);
    await loadChargingPostings(bench.sql, { from: 0, to: small, parties });
    const one = await measureCharging(bench.db, bench.sql, { postings: small, runs });
    await loadChargingPostings(bench.sql, { from: small, to: small * 4, parties });
    const four = await measureCharging(bench.db, bench.sql, { postings: small * 4, runs });
    results.charging_ratio_1m = round(one.ratio);
    results.charging_growth_4m_over_1m = round(four.runMs / one.runMs);
    for (const m of [one, four]) {
      lines.push(
        `| charging run, ${m.postings / 1e6} M postings, ${parties / 1000} k parties (${m.statements} statements) | ${round(m.runMs / 1000)} s | ${round(m.rawMs / 1000)} s (raw SUM … GROUP BY) | ${round(m.ratio)} | ≤ 1.5 |`,
      );
      console.log(lines.at(-1));
    }
    lines.push(
      `| charging run growth, 4 M ÷ 1 M postings | ${round(four.runMs / 1000)} s ÷ ${round(one.runMs / 1000)} s | raw: ${round(four.rawMs / one.rawMs)}× | ${results.charging_growth_4m_over_1m} | ≤ 4.5 |`,
    );
    console.log(lines.at(-1));
  } finally {
    await bench.dispose();
  }
}

/**
 * Sponsored campaigns: 100 k and then 1 M claim-code coupons issued by the fast engine in a child process (peak
 * RSS measured), against a raw COPY of the same rows, on a database of its own. --quick: 10 k and 100 k.
 */
async function runCampaignBenchmark(results: Record<string, number>, lines: string[]) {
  const bench = await openBenchDatabase(4);
  try {
    const [small, large] = await runCampaignScenario(bench, quick ? [10_000, 100_000] : [100_000, 1_000_000]);
    if (!small || !large) throw new Error("campaign scenario measured nothing");
    results.campaign_coupons_per_second = round(large.coupons / (large.oursMs / 1000), 0);
    results.campaign_ratio_vs_copy = round(large.baselineMs / large.oursMs);
    results.campaign_peak_rss_mb = round(Math.max(small.peakRssMb, large.peakRssMb), 0);
    results.campaign_growth_1m_over_100k = round(large.oursMs / small.oursMs);
    for (const m of [small, large]) {
      lines.push(
        `| campaign coupons issued/s, ${m.coupons / 1000} k claim codes | ${round(m.coupons / (m.oursMs / 1000), 0)} (${round(m.oursMs / 1000, 1)} s, peak RSS ${round(m.peakRssMb, 0)} MB) | ${round(m.coupons / (m.baselineMs / 1000), 0)} (${round(m.baselineMs / 1000, 1)} s, raw COPY) | ${round(m.baselineMs / m.oursMs)} | ≥ 16,667/s, ≥ 0.5, ≤ 300 MB |`,
      );
      console.log(lines.at(-1));
    }
    lines.push(
      `| campaign growth, ${large.coupons / 1000} k ÷ ${small.coupons / 1000} k coupons (time) | ${round(large.oursMs / 1000, 1)} s ÷ ${round(small.oursMs / 1000, 1)} s | raw: ${round(large.baselineMs / small.baselineMs)}× | ${results.campaign_growth_1m_over_100k} | linear: ${large.coupons / small.coupons} |`,
    );
    console.log(lines.at(-1));
    const violations = await checkLedger(bench.db);
    results.campaign_ledger_violations = violations.length;
    if (violations.length > 0) console.error("Ledger violations after the campaign benchmark:", violations);
  } finally {
    await bench.dispose();
  }
}

async function main() {
  const bench = await openBenchDatabase(48);
  await createBaselineSchema(bench.sql);
  const results: Record<string, number> = {};
  const lines: string[] = [];
  try {
    for (const workers of only && only !== "owner-change" ? [] : [8, 32]) {
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

    if (!only || only === "owner-change") {
      const hot = await runHotScenario(bench, { workers: 32, hotCoupons: 10, rounds: quick ? 3 : 12, runs });
      results.hot_owner_change_ratio = round(hot.ratio);
      results.hot_lost_updates = hot.lostUpdates;
      lines.push(
        `| owner changes/s, 32 workers on 10 hot coupons | ${round(hot.ours, 0)} | ${round(hot.baseline, 0)} (raw SQL) | ${round(hot.ratio)} | no lost update (${hot.lostUpdates} lost) |`,
      );
      console.log(lines.at(-1));
    }

    if (!only || only === "token") {
      const token = await runTokenVerifyScenario(bench.db, {
        iterations: quick ? 2000 : 20000,
        runs: quick ? 1 : 5,
      });
      results.token_verify_ratio = round(token.ratio);
      lines.push(
        `| verifyCouponToken/s, one core | ${round(token.ours, 0)} | ${round(token.baseline, 0)} (raw Ed25519 verify ×2) | ${round(token.ratio)} | ≥ 0.8 |`,
      );
      console.log(lines.at(-1));
    }

    if (only === "api-batch-accept") {
      // Issue 19 part 3: no baseline ratio, an absolute rate (target ≥ 5,000/s); run alone with --only.
      const batch = await runBatchAcceptScenario(bench, {
        callers: 32,
        batchSize: 1000,
        count: quick ? 32 * 200 : 32 * 1000,
      });
      results.api_batch_accept_per_second = round(batch.perSecond, 0);
      lines.push(
        `| transfers accepted/s, POST /transfers/accept, 32 callers × batches of 1000 (${batch.accepted} in ${round(batch.seconds)} s) | ${round(batch.perSecond, 0)} | – | – | ≥ 5000 |`,
      );
      console.log(lines.at(-1));
    }

    const violations = await checkLedger(bench.db);
    results.ledger_violations = violations.length;
    if (violations.length > 0) console.error("Ledger violations after the benchmark:", violations);
  } finally {
    await bench.dispose();
  }

  if (!only || only === "charging") await runChargingBenchmark(results, lines);
  if (!only || only === "campaign") await runCampaignBenchmark(results, lines);

  // The HTTP path (bench/http-verify.ts): Scrip's production server under autocannon, on a database of its own.
  if (!only || only === "http-verify") {
    const httpBench = await openBenchDatabase(4);
    try {
      const http = await runHttpVerifyBenchmark(httpBench, { quick });
      Object.assign(results, http.results);
      lines.push(...http.lines);
    } finally {
      await httpBench.dispose();
    }
  }

  const table = [
    "| measurement | Scrip | baseline | ratio (median) | target |",
    "|---|---|---|---|---|",
    ...lines,
  ].join("\n");
  console.log(`\n${table}\n`);
  console.log(JSON.stringify(results, null, 2));
  if (args.has("--json")) {
    // A partial run (--only) updates its own keys and keeps the others' recorded figures.
    const file = path.join(benchDir, "results.json");
    const previous = only && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    fs.writeFileSync(file, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`);
  }
  if (args.has("--record") && !only) {
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
  if ((results.campaign_ledger_violations ?? 0) > 0) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
