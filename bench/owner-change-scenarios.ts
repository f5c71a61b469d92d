import { inArray } from "drizzle-orm";
import { coupons } from "../db/schema";
import type { TestUser } from "../tests/support/identity";
import type { BenchDatabase } from "./database";
import {
  createBenchUsers,
  issueBenchCoupon,
  offerBenchCoupon,
  type PreparedAccept,
  prepareBenchAccept,
  runAccept,
} from "./owner-change";
import { baselineOwnerChange, prepareBaselineCoupons } from "./owner-change-baseline";
import { median, runWorkers } from "./stats";

/** Runs `task` over `items` with a few parallel lanes (set-up only; never timed). */
async function inLanes<T, R>(
  items: T[],
  lanes: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    }),
  );
  return results;
}

let usersCache: TestUser[] | undefined;
async function benchUsers(bench: BenchDatabase): Promise<TestUser[]> {
  usersCache ??= await createBenchUsers(bench.db, 96);
  return usersCache;
}

/**
 * Owner changes per second through acceptTransfer (offers and assertions prepared beforehand) against the
 * raw-SQL minimal transaction, each over `count` distinct coupons with `workers` concurrent callers.
 */
export async function runOwnerChangeScenario(
  bench: BenchDatabase,
  options: { workers: number; count: number },
) {
  const users = await benchUsers(bench);
  const pick = (index: number) => users[index % users.length] as TestUser;
  const prepared = await inLanes(
    Array.from({ length: options.count }, (_, i) => i),
    8,
    async (i) => {
      const from = pick(i);
      const to = pick(i + 1);
      const couponId = await issueBenchCoupon(bench.db, from, "EUR");
      const transferId = await offerBenchCoupon(bench.db, couponId, from, to);
      return prepareBenchAccept(bench.db, transferId, couponId, to);
    },
  );
  const baselineCoupons = await prepareBaselineCoupons(bench.sql, options.count, "EUR");

  let baselineWins = 0;
  const baseline = await runWorkers(baselineCoupons, options.workers, async (coupon) => {
    if (await baselineOwnerChange(bench.sql, coupon)) baselineWins++;
  });
  let ourWins = 0;
  const ours = await runWorkers(prepared, options.workers, async (accept) => {
    if (await runAccept(bench.db, accept)) ourWins++;
  });
  if (ourWins !== options.count || baselineWins !== options.count) {
    throw new Error(
      `expected ${options.count} owner changes, got ${ourWins} (ours) / ${baselineWins} (baseline)`,
    );
  }
  return { ours, baseline };
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * All workers race for the same 10 coupons, round after round: every worker tries to accept every coupon's
 * offer, exactly one wins each, and at the end each coupon's version must equal 1 + rounds (no lost update).
 */
export async function runHotScenario(
  bench: BenchDatabase,
  options: { workers: number; hotCoupons: number; rounds: number; runs: number },
) {
  const users = await benchUsers(bench);
  const oursRates: number[] = [];
  const baselineRates: number[] = [];
  const ratios: number[] = [];
  let lostUpdates = 0;
  for (let run = 0; run < options.runs; run++) {
    const pairs = Array.from(
      { length: options.hotCoupons },
      (_, k) => [users[2 * k], users[2 * k + 1]] as [TestUser, TestUser],
    );
    const hot = await inLanes(pairs, 5, async ([a]) => issueBenchCoupon(bench.db, a, "EUR"));
    const baselineHot = await prepareBaselineCoupons(bench.sql, options.hotCoupons, "EUR");
    let oursSeconds = 0;
    let baselineSeconds = 0;
    let oursWins = 0;
    let baselineWins = 0;
    for (let round = 0; round < options.rounds; round++) {
      // Set-up (untimed): each hot coupon offered to the other person of its pair, one accept per worker.
      const perWorker: PreparedAccept[][] = Array.from({ length: options.workers }, () => []);
      await inLanes(hot, 5, async (couponId, k) => {
        const [a, b] = pairs[k] as [TestUser, TestUser];
        const [from, to] = round % 2 === 0 ? [a, b] : [b, a];
        const transferId = await offerBenchCoupon(bench.db, couponId, from, to);
        for (const worker of perWorker)
          worker.push(await prepareBenchAccept(bench.db, transferId, couponId, to));
      });
      if (round > 0) {
        await bench.sql`update baseline.coupons set status = 'offered' where id in ${bench.sql(baselineHot.map((c) => c.id))}`;
      }
      let started = performance.now();
      await Promise.all(
        baselineHot.length > 0
          ? Array.from({ length: options.workers }, async () => {
              for (const coupon of shuffled(baselineHot))
                if (await baselineOwnerChange(bench.sql, coupon)) baselineWins++;
            })
          : [],
      );
      baselineSeconds += (performance.now() - started) / 1000;
      started = performance.now();
      await Promise.all(
        perWorker.map(async (accepts) => {
          for (const accept of shuffled(accepts)) if (await runAccept(bench.db, accept)) oursWins++;
        }),
      );
      oursSeconds += (performance.now() - started) / 1000;
    }
    const versions = await bench.db
      .select({ version: coupons.version })
      .from(coupons)
      .where(inArray(coupons.id, hot));
    lostUpdates += versions.filter((row) => row.version !== 1 + options.rounds).length;
    lostUpdates += Math.abs(oursWins - options.rounds * options.hotCoupons);
    const baselineVersions = await bench.sql<{ version: number }[]>`
      select version from baseline.coupons where id in ${bench.sql(baselineHot.map((c) => c.id))}`;
    if (baselineVersions.some((row) => row.version !== 1 + options.rounds)) lostUpdates++;
    if (baselineWins !== options.rounds * options.hotCoupons) lostUpdates++;
    const ours = oursWins / oursSeconds;
    const baseline = baselineWins / baselineSeconds;
    oursRates.push(ours);
    baselineRates.push(baseline);
    ratios.push(ours / baseline);
  }
  return { ours: median(oursRates), baseline: median(baselineRates), ratio: median(ratios), lostUpdates };
}
