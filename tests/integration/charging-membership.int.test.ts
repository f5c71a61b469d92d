import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../db/client";
import { column, queryRows } from "../../db/rows";
import { postings } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { postingRunIdSql, postingUnbilledSql, runsInOrderCte } from "../../lib/charging/posting-run-sql";
import { runCharging } from "../../lib/charging/run-charging";
import { newId } from "../../lib/ids";
import { insertAccount, insertCoupon, insertParty } from "../support/schema-fixtures";

/**
 * "Which charging run billed this posting" has one definition, the SQL function scrip_posting_run_id, and one
 * bulk form, postingRunIdSql (lib/charging/posting-run-sql.ts), which runCharging, the ledger check, the exports
 * and the health page use. This file builds a ledger over several runs, with the edges the definition has to get
 * right, and checks that the function gives each posting the run it should, that the bulk form agrees with it
 * on every posting, and that every run's statements total exactly the postings the definition gives it.
 */

let t: TestDatabase;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(`${iso}Z`);

interface Party {
  id: string;
  accounts: Record<string, string>;
}
let parties: Party[];
const outstanding: Record<string, string> = {};
/** Each posting written, and the run (by label) it must belong to; null: unbilled. */
const expected = new Map<string, { run: string | null; party: string; currency: string; signed: bigint }>();
const runIds = new Map<string, string>();

/** Writes a funding (the party owes) or a conversion (the party is owed) of a fresh coupon. */
async function post(
  db: DbOrTx,
  input: { kind: "funding" | "conversion"; party: Party; currency: string; amount: bigint; createdAt: Date },
  run: string | null,
) {
  const couponId = await insertCoupon(db, {
    ownerPartyId: input.party.id,
    currency: input.currency,
    amountMinor: input.amount,
  });
  const account = input.party.accounts[input.currency] as string;
  const issuer = outstanding[input.currency] as string;
  const id = newId("posting");
  await db.insert(postings).values({
    id,
    kind: input.kind,
    debitAccountId: input.kind === "funding" ? account : issuer,
    creditAccountId: input.kind === "funding" ? issuer : account,
    amountMinor: input.amount,
    currency: input.currency,
    couponId,
    createdAt: input.createdAt,
  });
  const signed = input.kind === "funding" ? input.amount : -input.amount;
  expected.set(id, { run, party: input.party.id, currency: input.currency, signed });
  return id;
}

/** Postings spread over the parties, currencies and the given creation times, all expected in `run`. */
async function postMany(times: string[], run: string | null, salt: number) {
  for (const [index, time] of times.entries()) {
    const party = parties[(index * 3 + salt) % parties.length] as Party;
    await post(
      t.db,
      {
        kind: (index + salt) % 3 === 0 ? "conversion" : "funding",
        party,
        currency: index % 4 === 0 ? "USD" : "EUR",
        amount: BigInt(100 + ((index * 37 + salt * 11) % 900)),
        createdAt: at(time),
      },
      run,
    );
  }
}

async function charge(label: string, periodEnd: Date) {
  const run = await runCharging(t.db, {
    actor: systemActor("membership test"),
    periodEnd,
    now: new Date(periodEnd.getTime() + 1000),
    trigger: "system",
  });
  expect(run.created).toBe(true);
  runIds.set(label, run.runId);
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const currency of ["EUR", "USD"]) {
    outstanding[currency] = await insertAccount(t.db, { kind: "issuer_outstanding", currency });
  }
  parties = [];
  for (let index = 0; index < 5; index++) {
    const id = await insertParty(t.db, index === 0 ? "shop" : "user");
    const accounts: Record<string, string> = {};
    for (const currency of ["EUR", "USD"]) {
      accounts[currency] = await insertAccount(t.db, { kind: "party", partyId: id, currency });
    }
    parties.push({ id, accounts });
  }

  // Before run A (ends 2026-01-01): December's postings are A's; January's and February's wait for later runs.
  await postMany(["2025-12-01T08:00:00", "2025-12-15T12:30:00", "2025-12-31T23:59:59.999"], "A", 0);
  await postMany(["2026-01-01T00:00:00", "2026-01-20T10:00:00"], "B", 1);
  await postMany(["2026-02-03T09:00:00", "2026-02-28T23:00:00"], "C", 2);
  // A settlement posting is never billed.
  const settlement = await insertAccount(t.db, { kind: "issuer_settlement", currency: "EUR" });
  const settled = newId("posting");
  await t.db.insert(postings).values({
    id: settled,
    kind: "payout_sent",
    debitAccountId: parties[1]?.accounts.EUR as string,
    creditAccountId: settlement,
    amountMinor: 50n,
    currency: "EUR",
    createdAt: at("2025-12-02T00:00:00"),
  });
  expected.set(settled, { run: null, party: parties[1]?.id as string, currency: "EUR", signed: 0n });
  await charge("A", day("2026-01-01"));

  // Committed after run A's snapshot though created in its period (a late, back-dated write): run B's.
  await postMany(["2025-12-20T00:00:00", "2025-12-31T12:00:00"], "B", 3);
  await postMany(["2026-01-31T23:59:59"], "B", 4);

  // A transaction that wrote a January posting is still open while run B (ends 2026-02-01) takes its snapshot:
  // its xid is not below B's snapshot xmin, so the posting is not B's although created in B's period; it is C's.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let written: () => void = () => {};
  const wrote = new Promise<void>((resolve) => {
    written = resolve;
  });
  const concurrent = t.db.transaction(async (tx) => {
    await post(
      tx,
      {
        kind: "funding",
        party: parties[2] as Party,
        currency: "EUR",
        amount: 777n,
        createdAt: at("2026-01-10T00:00:00"),
      },
      "C",
    );
    written();
    await released;
  });
  await wrote;
  await charge("B", day("2026-02-01"));
  release();
  await concurrent;

  await charge("C", day("2026-03-01"));

  // Run D shares run C's snapshot xmin (allowed: a snapshot never goes below the previous one's), so the bulk
  // form's binary search meets equal bounds. Nothing committed before C was created in D's day, so D bills nothing.
  runIds.set("D", newId("chargingRun"));
  await t.db.execute(sql`insert into charging_runs (id, period_start, period_end, snapshot_xmin, trigger)
    select ${runIds.get("D")}, '2026-03-01', '2026-03-02', max(snapshot_xmin), 'system' from charging_runs`);
  // Created in D's day but committed after D's snapshot (equal to C's): run E's.
  await postMany(["2026-03-01T06:00:00", "2026-03-15T00:00:00"], "E", 5);
  await charge("E", day("2026-04-01"));

  // After the last run: unbilled, both those created in its period and those after it.
  await postMany(["2026-03-31T00:00:00", "2026-04-02T00:00:00", "2026-05-01T00:00:00"], null, 6);
});
afterAll(async () => {
  await t?.destroy();
});

describe("charging-run membership", () => {
  it("gives every posting the run the definition says, and the bulk form agrees on every posting", async () => {
    const rows = await queryRows(
      t.db,
      {
        id: column.text,
        defined: column.textOrNull,
        bulk: column.textOrNull,
        unbilled: column.boolean,
        bulkUnbilled: column.boolean,
      },
      sql`with ${runsInOrderCte}
        select p.id, scrip_posting_run_id(p) as defined, ${postingRunIdSql("p")} as bulk,
          scrip_posting_unbilled(p) as unbilled, ${postingUnbilledSql("p")} as "bulkUnbilled"
        from postings p cross join runs_in_order order by p.id`,
    );
    expect(rows).toHaveLength(expected.size);
    const label = new Map([...runIds].map(([name, id]) => [id, name]));
    const byId = Object.fromEntries(rows.map((row) => [row.id, row.defined ? label.get(row.defined) : null]));
    const wanted = Object.fromEntries([...expected].map(([id, posting]) => [id, posting.run]));
    expect(byId).toEqual(wanted);
    for (const row of rows) {
      expect(row.bulk, `posting ${row.id}`).toBe(row.defined);
      expect(row.bulkUnbilled, `posting ${row.id}`).toBe(row.unbilled);
    }
    expect(new Set(Object.values(wanted))).toEqual(new Set(["A", "B", "C", "E", null]));
  });

  it("has written each run's statements over exactly the postings the definition gives it", async () => {
    const statements = await queryRows(
      t.db,
      {
        run_id: column.text,
        party_id: column.text,
        currency: column.text,
        kind: column.text,
        amount: column.bigint,
      },
      sql`select run_id, party_id, currency, kind::text as kind, amount_minor::text as amount from statements`,
    );
    const actual = statements
      .map((s) => `${s.run_id} ${s.party_id} ${s.currency} ${s.kind === "invoice" ? s.amount : -s.amount}`)
      .sort();
    const nets = new Map<string, bigint>();
    for (const posting of expected.values()) {
      if (posting.run === null) continue;
      const key = `${runIds.get(posting.run)} ${posting.party} ${posting.currency}`;
      nets.set(key, (nets.get(key) ?? 0n) + posting.signed);
    }
    const wanted = [...nets]
      .filter(([, net]) => net !== 0n)
      .map(([key, net]) => `${key} ${net}`)
      .sort();
    expect(actual).toEqual(wanted);
    expect(new Set(statements.map((s) => s.run_id)).size).toBe(4);
  });
});
