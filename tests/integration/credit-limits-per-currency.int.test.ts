/**
 * Hole 4 of issue #13 (credit): a credit limit belongs to a party AND a currency, set per currency by an admin,
 * and the credit in use counts billed-but-unpaid invoices, so a charging run does not free credit — only
 * payment does.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { partyCreditLimits } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { systemActor } from "../../lib/auth/actor";
import { runCharging } from "../../lib/charging/run-charging";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { setCreditLimit } from "../../lib/parties/set-credit-limit";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { getCreditLeft } from "../../lib/wallet/get-credit-left";
import {
  actorOf,
  authorize,
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
let bob: TestUser;
const adminActor = () => actorOf(admin, { isAdmin: true });

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase({ max: 8 });
  admin = await createTestUser(t.db, { isAdmin: true });
  [bob] = (await createUsers(t.db, 1)) as [TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

async function request(user: TestUser, amountMinor: bigint, currency = "EUR") {
  const input = { amountMinor, currency, expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(user), input);
  return requestIssuance(t.db, actorOf(user), {
    couponId,
    ...input,
    authorization: await authorize(t.db, user, operation),
  });
}

describe("credit limits per party and currency", () => {
  it("an admin's limit in one currency is not a limit in every other currency", async () => {
    const carol = await createTestUser(t.db);
    await setCreditLimit(t.db, adminActor(), {
      partyId: carol.partyId,
      currency: "JPY",
      limitMinor: 3000n,
      reason: "a small limit in yen",
    });
    await expectAppError(request(carol, 3001n, "JPY"), "CREDIT_LIMIT_EXCEEDED");
    // EUR keeps its default (2 000.00 EUR): 3 001 minor units of EUR are well inside it.
    expect((await request(carol, 3001n, "EUR")).status).toBe("issued");
    const left = await getCreditLeft(t.db, actorOf(carol));
    expect(left.find((row) => row.currency === "JPY")).toMatchObject({ limitMinor: 3000n, leftMinor: 3000n });
    expect(left.find((row) => row.currency === "EUR")).toMatchObject({
      limitMinor: 200_000n,
      leftMinor: 196_999n,
    });
  });

  it("refuses a limit in a currency that is not enabled, and a negative one", async () => {
    const dan = await createTestUser(t.db);
    const base = { partyId: dan.partyId, reason: "testing limits" };
    await expectAppError(
      setCreditLimit(t.db, adminActor(), { ...base, currency: "GBP", limitMinor: 10n }),
      "INVALID_CURRENCY",
    );
    await expectAppError(
      setCreditLimit(t.db, adminActor(), { ...base, currency: "EUR", limitMinor: -1n }),
      "INVALID_AMOUNT",
    );
    const rows = await t.db.select().from(partyCreditLimits).where(sql`party_id = ${dan.partyId}`);
    expect(rows).toEqual([]);
  });

  it("counts an invoice billed but not yet paid, until it is paid", async () => {
    const erin = await createTestUser(t.db);
    await t.db
      .insert(partyCreditLimits)
      .values({ partyId: erin.partyId, currency: "EUR", limitMinor: 1500n });
    await giveTestCoupon(t.db, erin, bob, await issueTestCoupon(t.db, erin, { amountMinor: 1000n }));
    const dayMs = 86_400_000;
    const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
    await runCharging(t.db, {
      actor: systemActor("test"),
      periodEnd,
      trigger: "system",
      now: new Date(periodEnd.getTime() + 1000),
    });
    const [invoice] = await t.db.execute<{ id: string }>(
      sql`select id from statements where party_id = ${erin.partyId} and kind = 'invoice' and status = 'open'`,
    );
    expect(invoice).toBeDefined();
    // Billed, not paid: 1 000 of 1 500 still in use.
    await expectAppError(request(erin, 600n), "CREDIT_LIMIT_EXCEEDED");
    expect((await getCreditLeft(t.db, actorOf(erin)))[0]).toMatchObject({ currency: "EUR", leftMinor: 500n });
    await settleStatements(t.db, { actor: systemActor("test"), statementIds: [invoice!.id] });
    expect((await request(erin, 1500n)).status).toBe("issued");
  });

  it("two requests at once cannot together pass the limit", async () => {
    const fay = await createTestUser(t.db);
    await t.db.insert(partyCreditLimits).values({ partyId: fay.partyId, currency: "EUR", limitMinor: 1000n });
    const results = await Promise.allSettled([request(fay, 600n), request(fay, 600n)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [used] = await t.db.execute<{ total: string }>(
      sql`select coalesce(sum(amount_minor), 0)::text as total from coupons where requester_party_id = ${fay.partyId}`,
    );
    expect(used?.total).toBe("600");
  });

  it("ends with a clean ledger", async () => {
    await expectLedgerClean(t.db);
  });
});
