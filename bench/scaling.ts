/**
 * The measurements behind docs/scaling.md (run once, by hand; not part of `npm run bench`):
 *
 *   TMPDIR=/tmp/scaling nice -n 10 node --conditions=react-server --import tsx bench/scaling.ts --part owner-changes
 *   TMPDIR=/tmp/scaling nice -n 10 node --conditions=react-server --import tsx bench/scaling.ts --part charging
 *
 * `owner-changes` (about a minute): on a fresh embedded database, `--count` (default 2,000) coupons issued, offered
 * and accepted through the real domain code (bench/owner-change.ts), and after each step the bytes every table and
 * its indexes grew by and the WAL written, per coupon / offer / owner change. The accepts run with 8 workers, half
 * right after a CHECKPOINT (every page touched for the first time is written to the WAL whole) and half after.
 *
 * `charging` (15–25 minutes, ~10 GB of disk): the charging benchmark's data (bench/charging.ts: 100 k parties,
 * 1 M postings) and then 10× of it (1 M parties, 10 M postings): table sizes per posting, and one warm-up and one
 * timed charging run (rolled back) beside the raw aggregation at each size, then one committed run at 10× for the
 * statements' size. `--only-1x --charging-runs 3` measures the 1× size alone, median of 3 (~2 minutes).
 */
import type postgres from "postgres";
import { systemActor } from "../lib/auth/actor";
import { runCharging } from "../lib/charging/run-charging";
import { loadChargingParties, loadChargingPostings, measureCharging } from "./charging";
import { type BenchDatabase, openBenchDatabase } from "./database";
import {
  createBenchUsers,
  issueBenchCoupon,
  offerBenchCoupon,
  prepareBenchAccept,
  runAccept,
} from "./owner-change";
import { round, runWorkers } from "./stats";

process.env.SCRIP_ISSUANCE_REQUESTS_PER_HOUR = "100000000";
process.env.SCRIP_ORIGIN ??= "http://localhost:3000";

const argument = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const part = argument("--part") ?? "owner-changes";
const count = Number(argument("--count") ?? 2000);
/** `--charging-runs N`: timed charging runs per size (median); `--only-1x`: skip the 10× size. */
const chargingRuns = Number(argument("--charging-runs") ?? 1);
const only1x = process.argv.includes("--only-1x");

interface TableSize {
  rows: number;
  heap: number;
  indexes: number;
  total: number;
}

/** Every table of the public schema: exact row count, heap (with TOAST), indexes, total bytes. */
async function tableSizes(sql: postgres.Sql): Promise<Map<string, TableSize>> {
  const tables = await sql<{ name: string; heap: string; indexes: string; total: string }[]>`
    select c.relname as name, (pg_total_relation_size(c.oid) - pg_indexes_size(c.oid))::text as heap,
      pg_indexes_size(c.oid)::text as indexes, pg_total_relation_size(c.oid)::text as total
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'`;
  const sizes = new Map<string, TableSize>();
  for (const t of tables) {
    const [row] = await sql.unsafe(`select count(*)::int as n from "${t.name}"`);
    sizes.set(t.name, {
      rows: row?.n ?? 0,
      heap: Number(t.heap),
      indexes: Number(t.indexes),
      total: Number(t.total),
    });
  }
  return sizes;
}

async function walLsn(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
  return row?.lsn ?? "0/0";
}

async function walSince(sql: postgres.Sql, from: string): Promise<number> {
  const [row] = await sql<
    { bytes: string }[]
  >`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::text as bytes`;
  return Number(row?.bytes ?? 0);
}

/** Growth per unit between two snapshots, tables that grew only, biggest first (bytes per unit, rows per unit). */
function growth(before: Map<string, TableSize>, after: Map<string, TableSize>, units: number) {
  const rows: Record<string, { rows: number; heap: number; indexes: number; total: number }> = {};
  for (const [name, a] of after) {
    const b = before.get(name) ?? { rows: 0, heap: 0, indexes: 0, total: 0 };
    if (a.total === b.total && a.rows === b.rows) continue;
    rows[name] = {
      rows: round((a.rows - b.rows) / units),
      heap: round((a.heap - b.heap) / units, 0),
      indexes: round((a.indexes - b.indexes) / units, 0),
      total: round((a.total - b.total) / units, 0),
    };
  }
  return Object.fromEntries(Object.entries(rows).sort(([, x], [, y]) => y.total - x.total));
}

async function ownerChanges(bench: BenchDatabase) {
  const users = await createBenchUsers(bench.db, 32);
  const pick = (i: number) => users[i % users.length] as (typeof users)[number];
  const lanes = async <R>(n: number, task: (i: number) => Promise<R>): Promise<R[]> => {
    const out: R[] = new Array(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) {
          const i = next++;
          out[i] = await task(i);
        }
      }),
    );
    return out;
  };
  await bench.sql`vacuum analyze`;
  let sizes = await tableSizes(bench.sql);
  let lsn = await walLsn(bench.sql);
  /** WAL and table growth per unit since the last step, then a new starting point. */
  const step = async () => {
    const wal = round((await walSince(bench.sql, lsn)) / count, 0);
    const after = await tableSizes(bench.sql);
    const tables = growth(sizes, after, count);
    sizes = after;
    lsn = await walLsn(bench.sql);
    return { wal, tables };
  };
  const coupons = await lanes(count, (i) => issueBenchCoupon(bench.db, pick(i), "EUR"));
  const issued = await step();
  const transfers = await lanes(count, (i) =>
    offerBenchCoupon(bench.db, coupons[i] as string, pick(i), pick(i + 1)),
  );
  const offered = await step();
  const prepared = await lanes(count, (i) =>
    prepareBenchAccept(bench.db, transfers[i] as string, coupons[i] as string, pick(i + 1)),
  );
  sizes = await tableSizes(bench.sql);
  const half = Math.floor(count / 2);
  await bench.sql`checkpoint`;
  lsn = await walLsn(bench.sql);
  const rate1 = await runWorkers(prepared.slice(0, half), 8, async (a) => {
    if (!(await runAccept(bench.db, a))) throw new Error("accept failed");
  });
  const walAfterCheckpoint = (await walSince(bench.sql, lsn)) / half;
  lsn = await walLsn(bench.sql);
  const rate2 = await runWorkers(prepared.slice(half), 8, async (a) => {
    if (!(await runAccept(bench.db, a))) throw new Error("accept failed");
  });
  const walWarm = (await walSince(bench.sql, lsn)) / (count - half);
  const accepted = {
    walRightAfterCheckpoint: round(walAfterCheckpoint, 0),
    walPagesAlreadyLogged: round(walWarm, 0),
    perSecond8Workers: [round(rate1, 0), round(rate2, 0)],
    tables: growth(sizes, await tableSizes(bench.sql), count),
  };
  const [settings] = await bench.sql<{ shared_buffers: string; max_connections: string; version: string }[]>`
    select current_setting('shared_buffers') as shared_buffers, current_setting('max_connections') as max_connections,
      current_setting('server_version') as version`;
  return { count, settings, issued, offered, accepted };
}

async function addParties(sql: postgres.Sql, from: number, to: number) {
  await sql.unsafe(`
    insert into parties (id, kind, display_name)
      select 'pty_bench_' || g, 'user', 'Bench ' || g from generate_series(${from}, ${to - 1}) g;
    insert into ledger_accounts (id, kind, party_id, currency)
      select 'acc_bench_' || g, 'party', 'pty_bench_' || g, 'EUR' from generate_series(${from}, ${to - 1}) g;`);
}

async function charging(bench: BenchDatabase) {
  const out: Record<string, unknown>[] = [];
  const scales = [
    { postings: 1_000_000, parties: 100_000 },
    { postings: 10_000_000, parties: 1_000_000 },
  ].slice(0, only1x ? 1 : 2);
  let loaded = { postings: 0, parties: 0 };
  for (const scale of scales) {
    let started = performance.now();
    if (loaded.parties === 0) await loadChargingParties(bench.sql, scale.parties);
    else await addParties(bench.sql, loaded.parties, scale.parties);
    await loadChargingPostings(bench.sql, {
      from: loaded.postings,
      to: scale.postings,
      parties: scale.parties,
    });
    const loadSeconds = (performance.now() - started) / 1000;
    loaded = scale;
    const sizes = await tableSizes(bench.sql);
    started = performance.now();
    const measured = await measureCharging(bench.db, bench.sql, {
      postings: scale.postings,
      runs: chargingRuns,
    });
    const [wm] = await bench.sql<{ temp: string }[]>`
      select temp_bytes::text as temp from pg_stat_database where datname = current_database()`;
    const entry = {
      ...scale,
      loadSeconds: round(loadSeconds, 0),
      runSeconds: round(measured.runMs / 1000),
      rawSeconds: round(measured.rawMs / 1000),
      statements: measured.statements,
      measureSeconds: round((performance.now() - started) / 1000, 0),
      tempBytesSoFar: Number(wm?.temp ?? 0),
      perPosting: Object.fromEntries(
        ["postings", "coupons", "ledger_accounts", "parties"].map((t) => {
          const s = sizes.get(t) as TableSize;
          return [
            t,
            {
              rows: s.rows,
              heapPerRow: round(s.heap / s.rows, 0),
              indexesPerRow: round(s.indexes / s.rows, 0),
              totalMb: round(s.total / 2 ** 20, 0),
            },
          ];
        }),
      ),
    };
    console.log(JSON.stringify(entry));
    out.push(entry);
  }
  // One committed run at the last scale, for the statements' size per row and what else it writes per statement.
  const before = await tableSizes(bench.sql);
  const started = performance.now();
  const run = await runCharging(bench.db, {
    actor: systemActor("bench"),
    periodEnd: "now",
    trigger: "system",
  });
  const committedSeconds = (performance.now() - started) / 1000;
  const after = await tableSizes(bench.sql);
  const s = after.get("statements") as TableSize;
  const written = run.invoiceCount + run.payoutCount;
  out.push({
    committedRunSeconds: round(committedSeconds),
    statements: written,
    perStatement: growth(before, after, written),
    statementHeapPerRow: round(s.heap / s.rows, 0),
    statementIndexesPerRow: round(s.indexes / s.rows, 0),
  });
  return out;
}

const bench = await openBenchDatabase(8);
try {
  const result = part === "charging" ? await charging(bench) : await ownerChanges(bench);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await bench.dispose();
}
