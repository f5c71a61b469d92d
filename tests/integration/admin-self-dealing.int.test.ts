/**
 * Hole 6 of issue #13 (self-dealing admins): an admin never decides on their own party — their wallet or a
 * shop they belong to. Approving or rejecting their own issuance, setting their own credit limit, suspending or
 * reinstating themselves and marking their own statements paid or sent are refused (FORBIDDEN) with nothing
 * changed; a different admin may do each of them.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopMembers } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { type AdminOperation, toStepUpOperation } from "../../lib/admin/admin-operations";
import { performAdminOperation } from "../../lib/admin/perform-admin-operation";
import { systemActor } from "../../lib/auth/actor";
import { settleOperation } from "../../lib/charging/operations";
import { runCharging } from "../../lib/charging/run-charging";
import { approveIssuance, rejectIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { setCreditLimit } from "../../lib/parties/set-credit-limit";
import { settleStatements } from "../../lib/settlement/settle-statements";
import { createTestShop } from "../support/auth-sessions";
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
let ada: TestUser;
let ben: TestUser;
let carl: TestUser;
const asAdmin = (user: TestUser) => actorOf(user, { isAdmin: true });

beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  ada = await createTestUser(t.db, { isAdmin: true });
  ben = await createTestUser(t.db, { isAdmin: true });
  [carl] = (await createUsers(t.db, 1)) as [TestUser];
});
afterAll(async () => {
  await t?.destroy();
});

async function confirmed(by: TestUser, operation: AdminOperation) {
  const stepUp = await authorize(t.db, by, toStepUpOperation(operation));
  return performAdminOperation(t.db, asAdmin(by), { operation, stepUp, ip: "192.0.2.7" });
}

async function requestAboveThreshold(user: TestUser) {
  const request = { amountMinor: 50_000n, currency: "EUR", expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(user), request);
  const authorization = await authorize(t.db, user, operation);
  const result = await requestIssuance(t.db, actorOf(user), { couponId, ...request, authorization });
  if (result.status !== "awaiting_approval") throw new Error(`expected awaiting, got ${result.status}`);
  return result.requestId;
}

const requestStatus = async (requestId: string) => {
  const [row] = await t.db.execute<{ status: string }>(
    sql`select status::text from issuance_requests where id = ${requestId}`,
  );
  return row?.status;
};

describe("an admin's own party", () => {
  it("refuses an admin's approval or rejection of their own issuance request; another admin decides", async () => {
    const requestId = await requestAboveThreshold(ada);
    await expectAppError(approveIssuance(t.db, asAdmin(ada), { requestId }), "FORBIDDEN");
    await expectAppError(rejectIssuance(t.db, asAdmin(ada), { requestId, reason: "mine" }), "FORBIDDEN");
    await expectAppError(
      confirmed(ada, { type: "admin.issuance.approve", requestId, reason: null }),
      "FORBIDDEN",
    );
    expect(await requestStatus(requestId)).toBe("awaiting_approval");
    await confirmed(ben, { type: "admin.issuance.approve", requestId, reason: null });
    expect(await requestStatus(requestId)).toBe("issued");
  });

  it("refuses an admin's credit limit on their own wallet or on a shop they belong to", async () => {
    const shop = await createTestShop(t.db, [{ userId: ada.userId, role: "staff" }]);
    for (const partyId of [ada.partyId, shop.partyId]) {
      await expectAppError(
        setCreditLimit(t.db, asAdmin(ada), {
          partyId,
          currency: "EUR",
          limitMinor: 10n ** 9n,
          reason: "more",
        }),
        "FORBIDDEN",
      );
      await expectAppError(
        confirmed(ada, {
          type: "admin.party.credit_limit",
          partyId,
          currency: "EUR",
          limitMinor: "1000000000",
          reason: "more",
        }),
        "FORBIDDEN",
      );
    }
    const [limits] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from party_credit_limits`,
    );
    expect(limits?.n).toBe(0);
    await confirmed(ben, {
      type: "admin.party.credit_limit",
      partyId: shop.partyId,
      currency: "EUR",
      limitMinor: "5000",
      reason: "reviewed",
    });
  });

  it("refuses an admin suspending or reinstating their own wallet or shop", async () => {
    const shop = await createTestShop(t.db, [{ userId: ada.userId, role: "owner" }]);
    for (const partyId of [ada.partyId, shop.partyId]) {
      await expectAppError(
        confirmed(ada, { type: "admin.party.suspend", partyId, reason: "testing" }),
        "FORBIDDEN",
      );
    }
    await confirmed(ben, { type: "admin.party.suspend", partyId: shop.partyId, reason: "reviewed" });
    await expectAppError(
      confirmed(ada, { type: "admin.party.reinstate", partyId: shop.partyId, reason: "mine" }),
      "FORBIDDEN",
    );
    await confirmed(ben, { type: "admin.party.reinstate", partyId: shop.partyId, reason: "reviewed" });
    await t.db.delete(shopMembers).where(sql`shop_id = ${shop.shopId}`);
  });

  it("refuses an admin revoking a coupon their own party holds or asked for", async () => {
    const held = await issueTestCoupon(t.db, ada, { amountMinor: 200n });
    await expectAppError(
      confirmed(ada, { type: "admin.coupon.revoke", couponId: held.id, reason: "mine" }),
      "FORBIDDEN",
    );
    const [row] = await t.db.execute<{ status: string }>(
      sql`select status::text from coupons where id = ${held.id}`,
    );
    expect(row?.status).toBe("active");
    await confirmed(ben, { type: "admin.coupon.revoke", couponId: held.id, reason: "reviewed" });
  });

  it("refuses an admin marking their own statement paid, also within a batch; nothing is settled", async () => {
    await giveTestCoupon(t.db, ada, carl, await issueTestCoupon(t.db, ada, { amountMinor: 700n }));
    await giveTestCoupon(t.db, carl, ben, await issueTestCoupon(t.db, carl, { amountMinor: 300n }));
    const dayMs = 86_400_000;
    const periodEnd = new Date(Math.floor(Date.now() / dayMs) * dayMs + dayMs);
    const run = await runCharging(t.db, {
      actor: systemActor("test"),
      periodEnd,
      trigger: "system",
      now: new Date(periodEnd.getTime() + 1000),
    });
    const rows = await t.db.execute<{ id: string; party_id: string }>(
      sql`select id, party_id from statements where run_id = ${run.runId} order by id`,
    );
    const adas = rows.find((row) => row.party_id === ada.partyId)!.id;
    const ids = rows.map((row) => row.id);
    for (const batch of [[adas], ids]) {
      await expectAppError(
        settleStatements(t.db, {
          actor: asAdmin(ada),
          statementIds: batch,
          authorization: await authorize(t.db, ada, settleOperation(batch)),
        }),
        "FORBIDDEN",
      );
    }
    const [open] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from statements where run_id = ${run.runId} and status = 'open'`,
    );
    expect(open?.n).toBe(ids.length);
    const result = await settleStatements(t.db, {
      actor: asAdmin(ben),
      statementIds: [adas],
      authorization: await authorize(t.db, ben, settleOperation([adas])),
    });
    expect(result.settled).toEqual([adas]);
    await expectLedgerClean(t.db);
  });
});
