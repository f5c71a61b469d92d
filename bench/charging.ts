import { sql } from "drizzle-orm";
import type postgres from "postgres";
import type { Db } from "../db/client";
import { systemActor } from "../lib/auth/actor";
import { runCharging } from "../lib/charging/run-charging";
import { median } from "./stats";

/**
 * The charging benchmark: a charging run (lib/charging/run-charging.ts, statements written) over N postings
 * spread over `parties` parties, against the raw `SELECT … SUM … GROUP BY` over the same rows in the same run.
 * Each timed charging run happens inside a transaction that is rolled back afterwards, so every repetition
 * charges the same unbilled rows.
 */

const dayMs = 86_400_000;

/** Parties, their EUR accounts and the issuer's accounts (loaded once). */
export async function loadChargingParties(client: postgres.Sql, parties: number): Promise<void> {
  await client.unsafe(`
    insert into ledger_accounts (id, kind, party_id, currency) values
      ('acc_bench_outstanding', 'issuer_outstanding', null, 'EUR'),
      ('acc_bench_settlement', 'issuer_settlement', null, 'EUR') on conflict do nothing;
    insert into parties (id, kind, display_name)
      select 'pty_bench_' || g, 'user', 'Bench ' || g from generate_series(0, ${parties - 1}) g;
    insert into ledger_accounts (id, kind, party_id, currency)
      select 'acc_bench_' || g, 'party', 'pty_bench_' || g, 'EUR' from generate_series(0, ${parties - 1}) g;`);
}

/**
 * Adds postings number `from` … `to - 1`: pairs of a funding (its requester owes) and a conversion (its holder
 * is owed) of one coupon, parties spread over all `parties`, created during the last 20 days. Loaded with
 * foreign-key triggers off (the rows are consistent by construction): loading is not what is measured.
 */
export async function loadChargingPostings(
  client: postgres.Sql,
  input: { from: number; to: number; parties: number },
): Promise<void> {
  const batch = 500_000;
  for (let start = input.from; start < input.to; start += batch) {
    const end = Math.min(start + batch, input.to);
    await client.begin(async (tx) => {
      await tx.unsafe("set local session_replication_role = replica");
      await tx.unsafe(`
        insert into coupons (id, amount_minor, currency, requester_party_id, owner_party_id, version, funded, status,
            issued_at, expires_at, value_kid, value_signature, owner_attestation)
          select 'cpn_bench_' || c, 100 + c % 1000, 'EUR', 'pty_bench_' || ((c * 7919) % ${input.parties}),
            'pty_bench_' || ((c * 104729 + 13) % ${input.parties}), 2, true, 'converted',
            now() - interval '20 days', now() + interval '30 days', 'bench', 'bench', '{}'
          from generate_series(${start / 2}::bigint, ${end / 2 - 1}::bigint) c;
        insert into postings (id, kind, debit_account_id, credit_account_id, amount_minor, currency, coupon_id, created_at)
          select 'pst_bench_' || g, (case when g % 2 = 0 then 'funding' else 'conversion' end)::posting_kind,
            case when g % 2 = 0 then 'acc_bench_' || (((g / 2) * 7919) % ${input.parties}) else 'acc_bench_outstanding' end,
            case when g % 2 = 0 then 'acc_bench_outstanding' else 'acc_bench_' || (((g / 2) * 104729 + 13) % ${input.parties}) end,
            100 + (g / 2) % 1000, 'EUR', 'cpn_bench_' || (g / 2),
            now() - interval '20 days' + (g % 1000000) * interval '1 second'
          from generate_series(${start}::bigint, ${end - 1}::bigint) g;`);
    });
  }
  for (const table of ["postings", "ledger_accounts", "coupons"])
    await client.unsafe(`vacuum analyze ${table}`);
}

class Rollback extends Error {}

/**
 * One charging run over every unbilled posting, timed, then rolled back and the rolled-back statements vacuumed
 * away (untimed), so each repetition writes into the same `statements` table a real run would find instead of one
 * holding the dead rows and index entries of every earlier repetition (ms).
 */
async function timeChargingRun(db: Db, client: postgres.Sql): Promise<{ ms: number; statements: number }> {
  const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
  let ms = 0;
  let statements = 0;
  await db
    .transaction(async (tx) => {
      const started = performance.now();
      const run = await runCharging(tx, { actor: systemActor("bench"), periodEnd, trigger: "system" });
      ms = performance.now() - started;
      statements = run.invoiceCount + run.payoutCount;
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  await client.unsafe("vacuum statements");
  return { ms, statements };
}

/** The raw aggregation over the same rows: net per party and currency, nothing written (ms). */
async function timeRawQuery(client: postgres.Sql): Promise<{ ms: number; groups: number }> {
  const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs).toISOString();
  const started = performance.now();
  const rows = await client.unsafe(
    `select a.party_id, a.currency,
        sum(case when p.kind = 'funding' then p.amount_minor else -p.amount_minor end) as net
      from postings p
      join ledger_accounts a on a.id = case when p.kind = 'funding' then p.debit_account_id else p.credit_account_id end
      where p.created_at < $1::timestamptz
      group by a.party_id, a.currency`,
    [periodEnd],
  );
  return { ms: performance.now() - started, groups: rows.length };
}

export interface ChargingMeasurement {
  postings: number;
  runMs: number;
  rawMs: number;
  ratio: number;
  statements: number;
}

/** Median of `runs` alternating measurements of the charging run and the raw query over the current rows. */
export async function measureCharging(
  db: Db,
  client: postgres.Sql,
  input: { postings: number; runs: number },
): Promise<ChargingMeasurement> {
  // Warm both paths once (buffer cache, plans), untimed.
  await timeRawQuery(client);
  await timeChargingRun(db, client);
  const runMs: number[] = [];
  const rawMs: number[] = [];
  let statements = 0;
  for (let run = 0; run < input.runs; run++) {
    rawMs.push((await timeRawQuery(client)).ms);
    const charged = await timeChargingRun(db, client);
    runMs.push(charged.ms);
    statements = charged.statements;
  }
  const run = median(runMs);
  const raw = median(rawMs);
  const [count] = await db.execute<{ n: number }>(sql`select count(*)::int as n from postings`);
  if (count?.n !== input.postings) throw new Error(`expected ${input.postings} postings, found ${count?.n}`);
  return { postings: input.postings, runMs: run, rawMs: raw, ratio: run / raw, statements };
}
