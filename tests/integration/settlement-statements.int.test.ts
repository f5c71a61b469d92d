import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { chargingRunOperation, settleOperation } from "../../lib/charging/operations";
import { runCharging } from "../../lib/charging/run-charging";
import { getLedgerHealth } from "../../lib/ledger/get-ledger-health";
import { runLedgerCheck } from "../../lib/ledger/run-ledger-check";
import { csvCell } from "../../lib/settlement/csv";
import { exportPostingsCsv } from "../../lib/settlement/export-postings-csv";
import { exportStatementsCsv } from "../../lib/settlement/export-statements-csv";
import { searchStatements } from "../../lib/settlement/search-statements";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { getStatementsPage } from "../../lib/wallet/get-statements-page";
import {
  actorOf,
  authorize,
  balanceOf,
  createUsers,
  expectAppError,
  expectLedgerClean,
  giveTestCoupon,
  issueTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let runId: string;
let invoiceId: string;
let payoutId: string;
const dayMs = 86_400_000;
const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
const adminActor = () => actorOf(admin, { isAdmin: true });

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { isAdmin: true });
  [alice, bob] = (await createUsers(t.db, 2)) as [TestUser, TestUser];
  // Alice gives Bob 1200 (she owes it); Bob converts it (he is owed it).
  const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1200n });
  await giveTestCoupon(t.db, alice, bob, coupon);
  const { convertCoupon } = await import("../../lib/coupons/convert-coupon");
  const { convertOperation } = await import("../../lib/coupons/operations");
  await convertCoupon(t.db, actorOf(bob), {
    couponId: coupon.id,
    version: 2,
    authorization: await authorize(
      t.db,
      bob,
      convertOperation({ couponId: coupon.id, version: 2, amountMinor: 1200n, currency: "EUR" }),
    ),
  });
  const run = await runCharging(t.db, {
    actor: adminActor(),
    periodEnd,
    now: new Date(periodEnd.getTime() + 1000),
    authorization: await authorize(t.db, admin, chargingRunOperation(periodEnd)),
  });
  runId = run.runId;
  const rows = await searchStatements(t.db, { actor: adminActor(), filters: { runId } });
  invoiceId = rows.find((row) => row.kind === "invoice")!.id;
  payoutId = rows.find((row) => row.kind === "payout")!.id;
});
afterAll(async () => {
  await t?.destroy();
});

/** A whole streamed CSV export as text. */
async function read(stream: Promise<ReadableStream<Uint8Array>>): Promise<string> {
  return new Response(await stream).text();
}

/** Alice gives Bob a new coupon: one more unbilled funding posting. */
async function newUnbilledPosting() {
  await giveTestCoupon(t.db, alice, bob, await issueTestCoupon(t.db, alice, { amountMinor: 100n }));
}

describe("settlement", () => {
  it("refuses an admin run or settlement without a passkey over that exact operation", async () => {
    const wrong = await authorize(t.db, admin, settleOperation([payoutId]));
    await expectAppError(
      settleStatements(t.db, { actor: adminActor(), statementIds: [invoiceId], authorization: wrong }),
      "STEP_UP_INVALID",
    );
    await expectAppError(
      settleStatements(t.db, { actor: adminActor(), statementIds: [invoiceId] }),
      "STEP_UP_INVALID",
    );
    await expectAppError(
      settleStatements(t.db, { actor: actorOf(alice), statementIds: [invoiceId] }),
      "FORBIDDEN",
    );
    const [row] = await t.db.execute<{ status: string }>(
      sql`select status::text from statements where id = ${invoiceId}`,
    );
    expect(row?.status).toBe("open");
  });

  it("settles an invoice and a payout once, even when two bulk calls race", async () => {
    const system = systemActor("settlement test");
    const ids = [invoiceId, payoutId];
    const [a, b] = await Promise.all([
      settleStatements(t.db, { actor: system, statementIds: ids }),
      settleStatements(t.db, { actor: system, statementIds: [...ids].reverse() }),
    ]);
    expect([...a.settled, ...b.settled].sort()).toEqual([...ids].sort());
    expect([...a.alreadySettled, ...b.alreadySettled].sort()).toEqual([...ids].sort());
    const postings = await t.db.execute<{ kind: string; amount: string }>(
      sql`select kind::text, amount_minor::text as amount from postings where statement_id is not null order by kind`,
    );
    expect(postings).toEqual([
      { kind: "invoice_settled", amount: "1200" },
      { kind: "payout_sent", amount: "1200" },
    ]);
    // Settled: both parties' balances are back to zero, and settlement postings are never billed again.
    expect(await balanceOf(t.db, "party", alice.partyId)).toBe(0n);
    expect(await balanceOf(t.db, "party", bob.partyId)).toBe(0n);
    const next = await runCharging(t.db, {
      actor: system,
      periodEnd: new Date(periodEnd.getTime() + dayMs),
      now: new Date(periodEnd.getTime() + dayMs + 1000),
    });
    expect(next).toMatchObject({ invoiceCount: 0, payoutCount: 0 });
    const page = await getStatementsPage(t.db, actorOf(alice));
    expect(page.statements[0]).toMatchObject({ id: invoiceId, status: "settled" });
    expect(page.preview).toEqual([]);
    await expectLedgerClean(t.db);
    expect((await runLedgerCheck(t.db, { actor: adminActor() })).violations).toEqual([]);
  });

  it("exports statements and postings as CSV with formula injection neutralised", async () => {
    const csv = await read(exportStatementsCsv(t.db, { actor: adminActor(), filters: { runId } }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^statement_id,run_id,period_end,party_id/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain(",invoice,EUR,1200,12.00,settled,");
    // Read a row at a time, the export is the same file.
    expect(
      await read(exportStatementsCsv(t.db, { actor: adminActor(), filters: { runId }, pageRows: 1 })),
    ).toBe(csv);
    const postings = await read(exportPostingsCsv(t.db, { actor: adminActor(), runId }));
    expect(postings.trim().split("\r\n")).toHaveLength(3);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@a")).toBe("'@a");
    expect(csvCell(-5n)).toBe("-5");
    expect(csvCell("a,b\nc")).toBe('"a,b\nc"');
    await expectAppError(exportStatementsCsv(t.db, { actor: actorOf(alice), filters: {} }), "FORBIDDEN");
  });

  it("reports health: outstanding value, unbilled postings, last runs and 30 days of volume", async () => {
    const carol = await createTestUser(t.db);
    await giveTestCoupon(t.db, carol, alice, await issueTestCoupon(t.db, carol, { amountMinor: 300n }));
    const health = await getLedgerHealth(t.db, { actor: adminActor() });
    expect(health.outstanding).toEqual([{ currency: "EUR", amountMinor: 300n }]);
    expect(health.unbilled).toEqual([{ currency: "EUR", count: 1, netMinor: 300n, grossMinor: 300n }]);
    expect(health.lastRuns.map((run) => run.id)).toContain(runId);
    expect(health.volume).toHaveLength(30);
    const today = health.volume.at(-1)!;
    expect(today).toMatchObject({
      currency: "EUR",
      issuedMinor: 1500n,
      transferredMinor: 1500n,
      convertedMinor: 1200n,
    });
    await expectAppError(getLedgerHealth(t.db, { actor: actorOf(alice) }), "FORBIDDEN");
  });

  it("refuses unknown, malformed and oversized statement lists", async () => {
    const system = systemActor("settlement test");
    await expectAppError(settleStatements(t.db, { actor: system, statementIds: [] }), "VALIDATION_FAILED");
    await expectAppError(settleStatements(t.db, { actor: system, statementIds: ["nope"] }), "NOT_FOUND");
    await expectAppError(
      settleStatements(t.db, { actor: system, statementIds: ["stm_AAAAAAAAAAAAAAAAAAAAAA"] }),
      "NOT_FOUND",
    );
    const many = Array.from({ length: 201 }, (_, i) => `stm_${String(i).padStart(22, "A")}`);
    await expectAppError(settleStatements(t.db, { actor: system, statementIds: many }), "LIMIT_EXCEEDED");
  });

  it("streams every row of an export from one snapshot, and a reader that leaves ends the transaction", async () => {
    await newUnbilledPosting();
    await newUnbilledPosting();
    const unbilled = async () =>
      (await read(exportPostingsCsv(t.db, { actor: adminActor() }))).trim().split("\r\n").length - 1;
    const before = await unbilled();
    expect(before).toBeGreaterThanOrEqual(2);
    // An export opened before a posting is made does not show it, though it is read after, a row at a time.
    const opened = await exportPostingsCsv(t.db, { actor: adminActor(), pageRows: 1 });
    await newUnbilledPosting();
    const snapshot = (await new Response(opened).text()).trim().split("\r\n");
    expect(snapshot).toHaveLength(1 + before);
    expect(await unbilled()).toBe(before + 1);
    // A download abandoned after its first chunk rolls its transaction back instead of holding it open.
    const exportsInProgress = async () => {
      const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%' and query like '%scrip_csv_export%'`);
      return row?.n;
    };
    const abandoned = (await exportPostingsCsv(t.db, { actor: adminActor(), pageRows: 1 })).getReader();
    expect((await abandoned.read()).done).toBe(false);
    await expect.poll(exportsInProgress).toBe(1);
    await abandoned.cancel();
    await expect.poll(exportsInProgress).toBe(0);
    await expectAppError(exportPostingsCsv(t.db, { actor: actorOf(alice) }), "FORBIDDEN");
  });

  it("exports exactly the postings each run covers, and the unbilled ones, as the ledger's own functions derive them", async () => {
    await newUnbilledPosting();
    const third = new Date(periodEnd.getTime() + 2 * dayMs);
    const run = await runCharging(t.db, {
      actor: systemActor("settlement test"),
      periodEnd: third,
      now: new Date(third.getTime() + 1000),
    });
    await newUnbilledPosting();
    const exported = async (runId?: string) =>
      (await read(exportPostingsCsv(t.db, { actor: adminActor(), runId })))
        .trim()
        .split("\r\n")
        .slice(1)
        .map((line) => line.split(",")[0])
        .sort();
    const derived = async (where: ReturnType<typeof sql>) =>
      (await t.db.execute<{ id: string }>(sql`select p.id from postings p where ${where} order by p.id`))
        .map((row) => row.id)
        .sort();
    const runs = await t.db.execute<{ id: string }>(sql`select id from charging_runs order by period_end`);
    expect(runs.map((row) => row.id)).toContain(run.runId);
    for (const { id } of runs) {
      expect(await exported(id)).toEqual(await derived(sql`scrip_posting_run_id(p) = ${id}`));
    }
    expect((await exported(run.runId)).length).toBeGreaterThan(0);
    const unbilled = await exported();
    expect(unbilled).toEqual(await derived(sql`scrip_posting_unbilled(p)`));
    expect(unbilled).toHaveLength(1);
  });
});
