/**
 * Where an owner change's Node CPU goes (a tool, not a benchmark): prepares accepts as the owner-change benchmark
 * does, then runs them with `--workers` concurrent callers under the V8 profiler (only the timed part) beside the
 * raw-SQL baseline, and prints the CPU per accept of each side and the functions with the most self time.
 *
 *   node --conditions=react-server --import tsx bench/owner-change-profile.ts [--count 400] [--workers 8]
 *
 * NOPROF=1 measures without the profiler; PARENTS=<function name> also prints the callers of that function.
 * The profiler's own `dispatch` (building the profile at the end) shows up in the list: ignore it.
 */
import { Session } from "node:inspector/promises";
import { openBenchDatabase } from "./database";
import {
  createBenchUsers,
  issueBenchCoupon,
  offerBenchCoupon,
  prepareBenchAccept,
  runAccept,
} from "./owner-change";
import { baselineOwnerChange, createBaselineSchema, prepareBaselineCoupons } from "./owner-change-baseline";
import { runWorkers } from "./stats";

process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "100000000";
process.env.SCRIP_ORIGIN ??= "http://localhost:3000";

const argument = (name: string, fallback: number) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
const count = argument("--count", 400);
const workers = argument("--workers", 8);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function topSelfTime(
  profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] },
  accepts: number,
) {
  const totals = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    const node = byId.get(samples[index] as number);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/h1\//, "");
    const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (deltas[index] ?? 0));
  }
  if (process.env.PARENTS) {
    const parent = new Map<number, number>();
    for (const node of profile.nodes as (ProfileNode & { children?: number[] })[])
      for (const child of node.children ?? []) parent.set(child, node.id);
    const chains = new Map<string, number>();
    for (let index = 0; index < samples.length; index++) {
      const node = byId.get(samples[index] as number);
      if (node?.callFrame.functionName !== process.env.PARENTS) continue;
      const chain: string[] = [];
      let id = parent.get(node.id);
      while (id !== undefined && chain.length < 6) {
        const frame = byId.get(id)!.callFrame;
        chain.push(`${frame.functionName}@${frame.url.split("/").pop()}:${frame.lineNumber + 1}`);
        id = parent.get(id);
      }
      const key = chain.join(" < ");
      chains.set(key, (chains.get(key) ?? 0) + (deltas[index] ?? 0));
    }
    for (const [key, micros] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`${(micros / 1000 / accepts).toFixed(3)} ms/accept  ${key}`);
  }
  const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [key, micros] of sorted)
    console.log(`${(micros / 1000 / accepts).toFixed(3)} ms/accept  ${key}`);
}

async function main() {
  const bench = await openBenchDatabase(48);
  await createBaselineSchema(bench.sql);
  try {
    const users = await createBenchUsers(bench.db, 32);
    const prepared = [];
    for (let i = 0; i < count; i++) {
      const from = users[i % users.length]!;
      const to = users[(i + 1) % users.length]!;
      const couponId = await issueBenchCoupon(bench.db, from, "EUR");
      const transferId = await offerBenchCoupon(bench.db, couponId, from, to);
      prepared.push(await prepareBenchAccept(bench.db, transferId, couponId, to));
    }
    const baselineCoupons = await prepareBaselineCoupons(bench.sql, count, "EUR");
    // Warm both sides (prepared statements, caches), untimed.
    await runAccept(bench.db, prepared.shift()!);
    await baselineOwnerChange(bench.sql, baselineCoupons.shift()!);

    let cpu = process.cpuUsage();
    const baselineRate = await runWorkers(baselineCoupons, workers, async (coupon) => {
      await baselineOwnerChange(bench.sql, coupon);
    });
    const baselineCpu = process.cpuUsage(cpu);

    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    if (!process.env.NOPROF) await session.post("Profiler.start");
    cpu = process.cpuUsage();
    const oursRate = await runWorkers(prepared, workers, async (accept) => {
      if (!(await runAccept(bench.db, accept))) throw new Error("accept refused");
    });
    const oursCpu = process.cpuUsage(cpu);
    const { profile } = process.env.NOPROF
      ? { profile: { nodes: [], samples: [], timeDeltas: [] } }
      : await session.post("Profiler.stop");
    session.disconnect();

    const perAccept = (usage: NodeJS.CpuUsage, n: number) =>
      `${((usage.user + usage.system) / 1000 / n).toFixed(2)} (user ${(usage.user / 1000 / n).toFixed(2)}, system ${(usage.system / 1000 / n).toFixed(2)})`;
    console.log(`ours: ${oursRate.toFixed(0)}/s, ${perAccept(oursCpu, prepared.length)} ms CPU per accept`);
    console.log(
      `baseline: ${baselineRate.toFixed(0)}/s, ${perAccept(baselineCpu, baselineCoupons.length)} ms CPU per accept`,
    );
    topSelfTime(profile as never, prepared.length);
  } finally {
    await bench.dispose();
  }
}

await main();
