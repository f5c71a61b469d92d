import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as jwksRoute } from "../../app/.well-known/jwks.json/route";
import { giveOptionsAction } from "../../app/(wallet)/wallet/give-actions";
import { auditLog, coupons, issuanceRequests, parties } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { type AdminOperation, toStepUpOperation } from "../../lib/admin/admin-operations";
import { beginAdminStepUp } from "../../lib/admin/begin-admin-step-up";
import { getAdminOverview } from "../../lib/admin/get-admin-overview";
import { listIssuanceApprovals } from "../../lib/admin/list-issuance-approvals";
import { performAdminOperation } from "../../lib/admin/perform-admin-operation";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import type { Actor } from "../../lib/auth/actor";
import { findCouponHistory } from "../../lib/coupons/find-coupon-history";
import { findCoupons } from "../../lib/coupons/find-coupons";
import { couponQrTextOf, couponTokenOf } from "../../lib/coupons/get-coupon-token";
import { rejectIssuance } from "../../lib/issuance/decide-issuance";
import { prepareIssuance } from "../../lib/issuance/prepare-issuance";
import { requestIssuance } from "../../lib/issuance/request-issuance";
import { getJwks } from "../../lib/keys/get-jwks";
import { listIssuerKeys } from "../../lib/keys/list-issuer-keys";
import { checkLedger } from "../../lib/ledger/check-ledger";
import { getPartyDetail } from "../../lib/parties/get-party-detail";
import { searchParties } from "../../lib/parties/search-parties";
import { getActiveSession } from "../../lib/sessions/get-active-session";
import { listOpenRequests } from "../../lib/wallet/list-open-requests";
import { createTestSession, createTestShop } from "../support/auth-sessions";
import {
  actorOf,
  authorize,
  expectAppError,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
  setupCouponEnvironment,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

let t: TestDatabase;
let admin: TestUser;
let adminActor: Actor;
beforeAll(async () => {
  setupCouponEnvironment();
  t = await createTestDatabase();
  admin = await createTestUser(t.db, { isAdmin: true });
  adminActor = actorOf(admin, { isAdmin: true });
});
afterAll(async () => {
  await t?.destroy();
});

/** Performs `operation` as the admin with a genuine passkey assertion over exactly it. */
async function confirmed(operation: AdminOperation, by: TestUser = admin, actor: Actor = adminActor) {
  const stepUp = await authorize(t.db, by, toStepUpOperation(operation));
  return performAdminOperation(t.db, actor, { operation, stepUp, ip: "192.0.2.9" });
}

/** A request above the approval threshold (EUR 200 by default), awaiting an admin. */
async function requestAboveThreshold(user: TestUser, amountMinor = 50_000n) {
  const request = { amountMinor, currency: "EUR", expiresInDays: 30 };
  const { couponId, operation } = prepareIssuance(actorOf(user), request);
  const authorization = await authorize(t.db, user, operation);
  const result = await requestIssuance(t.db, actorOf(user), { couponId, ...request, authorization });
  if (result.status !== "awaiting_approval") throw new Error(`expected awaiting, got ${result.status}`);
  return result;
}

const auditOf = async (targetId: string) =>
  t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id);

describe("issuance approvals", () => {
  it("lists the queue oldest first with the requester's history, in bounded pages", async () => {
    const ann = await createTestUser(t.db);
    await issueTestCoupon(t.db, ann, { amountMinor: 1500n });
    const first = await requestAboveThreshold(ann, 30_000n);
    const second = await requestAboveThreshold(ann, 40_000n);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listIssuanceApprovals(t.db, adminActor, { cursor, limit: 1 });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((item) => item.requestId));
      for (const item of page.items.filter((i) => i.requester.partyId === ann.partyId)) {
        expect(item.requester.handle).toBe(ann.handle);
        expect(item.history).toMatchObject({ requested: 3, issued: 1, awaiting: 2, rejected: 0 });
        expect(item.history.unfunded).toEqual([{ currency: "EUR", amountMinor: 1500n }]);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.indexOf(first.requestId)).toBeLessThan(seen.indexOf(second.requestId));
    expect(new Set(seen).size).toBe(seen.length);
    await expectAppError(listIssuanceApprovals(t.db, actorOf(ann)), "FORBIDDEN");
    await expectAppError(listIssuanceApprovals(t.db, adminActor, { cursor: "bad!" }), "VALIDATION_FAILED");
  });

  it("approves only with the admin's passkey assertion over exactly that request; the coupon reaches the requester", async () => {
    const bo = await createTestUser(t.db);
    const waiting = await requestAboveThreshold(bo);
    const other = await requestAboveThreshold(await createTestUser(t.db));
    const operation: AdminOperation = {
      type: "admin.issuance.approve",
      requestId: waiting.requestId,
      reason: "known customer",
    };
    // No assertion, and an assertion made for another request, are refused (and the refusal is audited).
    await expectAppError(
      performAdminOperation(t.db, adminActor, { operation, stepUp: null }),
      "STEP_UP_INVALID",
    );
    const forOther = await authorize(
      t.db,
      admin,
      toStepUpOperation({ ...operation, requestId: other.requestId }),
    );
    await expectAppError(
      performAdminOperation(t.db, adminActor, { operation, stepUp: forOther }),
      "STEP_UP_INVALID",
    );
    // A consumer cannot even get a challenge.
    await expectAppError(beginAdminStepUp(t.db, actorOf(bo), { operation }), "FORBIDDEN");
    const [still] = await t.db
      .select()
      .from(issuanceRequests)
      .where(eq(issuanceRequests.id, waiting.requestId));
    expect(still?.status).toBe("awaiting_approval");

    const stepUp = await authorize(t.db, admin, toStepUpOperation(operation));
    const outcome = await performAdminOperation(t.db, adminActor, { operation, stepUp });
    expect(outcome).toEqual({ type: "admin.issuance.approve", couponId: waiting.couponId });
    await expectAppError(performAdminOperation(t.db, adminActor, { operation, stepUp }), "STEP_UP_INVALID");
    const [coupon] = await t.db.select().from(coupons).where(eq(coupons.id, waiting.couponId));
    expect(coupon).toMatchObject({ ownerPartyId: bo.partyId, status: "active", amountMinor: 50_000n });
    const audit = await auditOf(waiting.requestId);
    expect(audit.map((a) => [a.action, a.actorUserId, a.reason])).toEqual([
      ["issuance.approved", admin.userId, "known customer"],
    ]);
    const failures = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'auth.step_up_failed' and ${auditLog.actorUserId} = ${admin.userId}`);
    expect(failures.length).toBeGreaterThanOrEqual(2);
    // Approving again, even with a fresh assertion, is refused.
    await expectAppError(confirmed(operation), "CONFLICT");
    expect((await findCouponHistory(t.db, adminActor, waiting.couponId)).verified).toBe(true);
    expect(await checkLedger(t.db)).toEqual([]);
  });

  it("two admins approving the same request at once issue one coupon, audited once", async () => {
    const second = await createTestUser(t.db, { isAdmin: true });
    const secondActor = actorOf(second, { isAdmin: true });
    const waiting = await requestAboveThreshold(await createTestUser(t.db));
    const operation: AdminOperation = {
      type: "admin.issuance.approve",
      requestId: waiting.requestId,
      reason: null,
    };
    const [a, b] = await Promise.allSettled([
      confirmed(operation),
      confirmed(operation, second, secondActor),
    ]);
    const outcomes = [a, b].map((r) =>
      r.status === "fulfilled" ? "ok" : (r.reason as { code?: string }).code,
    );
    expect(outcomes.sort()).toEqual(["CONFLICT", "ok"]);
    const issued = await t.db.select().from(coupons).where(eq(coupons.issuanceRequestId, waiting.requestId));
    expect(issued).toHaveLength(1);
    expect((await auditOf(waiting.requestId)).map((e) => e.action)).toEqual(["issuance.approved"]);
    expect(await checkLedger(t.db)).toEqual([]);
  });

  it("rejects with a reason; the request leaves the queue and counts in the requester's history", async () => {
    const cy = await createTestUser(t.db);
    const waiting = await requestAboveThreshold(cy);
    await expectAppError(
      rejectIssuance(t.db, adminActor, { requestId: waiting.requestId, reason: " " }),
      "VALIDATION_FAILED",
    );
    await rejectIssuance(t.db, adminActor, { requestId: waiting.requestId, reason: "no history yet" });
    const [row] = await t.db
      .select()
      .from(issuanceRequests)
      .where(eq(issuanceRequests.id, waiting.requestId));
    expect(row).toMatchObject({
      status: "rejected",
      reason: "no history yet",
      decidedByUserId: admin.userId,
    });
    const queue = await listIssuanceApprovals(t.db, adminActor, { limit: 100 });
    expect(queue.items.map((i) => i.requestId)).not.toContain(waiting.requestId);
    // The requester's wallet shows the outcome with the reason (and another request still waiting).
    const pending = await requestAboveThreshold(cy, 60_000n);
    const shown = await listOpenRequests(t.db, actorOf(cy));
    expect(shown.map((r) => [r.id, r.status, r.reason])).toEqual([
      [pending.requestId, "awaiting_approval", null],
      [waiting.requestId, "rejected", "no history yet"],
    ]);
    await expectAppError(
      confirmed({ type: "admin.issuance.approve", requestId: waiting.requestId, reason: null }),
      "CONFLICT",
    );
  });
});

describe("coupons", () => {
  it("finds coupons by id, by verified token, by owner and by requester (handle or party id)", async () => {
    const di = await createTestUser(t.db);
    const ed = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, di, { amountMinor: 700n });
    const given = await giveTestCoupon(t.db, di, ed, coupon);
    const byId = await findCoupons(t.db, adminActor, { by: "id", query: coupon.id });
    expect(byId.items.map((c) => [c.couponId, c.ownerName, c.version])).toEqual([
      [coupon.id, ed.handle, given.version],
    ]);
    const [row] = await t.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    const token = couponTokenOf(row!);
    const byToken = await findCoupons(t.db, adminActor, { by: "token", query: token });
    expect(byToken.tokenStatus).toBe("valid");
    expect(byToken.items.map((c) => c.couponId)).toEqual([coupon.id]);
    const forged = `${token.slice(0, -3)}${token.endsWith("AAA") ? "BBB" : "AAA"}`;
    expect(await findCoupons(t.db, adminActor, { by: "token", query: forged })).toMatchObject({
      items: [],
      tokenStatus: "bad_signature",
    });
    // The short form a QR code carries finds the same coupon.
    const short = couponQrTextOf(row!);
    expect(short).toMatch(/^SCRIP2\./);
    expect(await findCoupons(t.db, adminActor, { by: "token", query: short })).toMatchObject({
      tokenStatus: "valid",
      items: [expect.objectContaining({ couponId: coupon.id })],
    });
    await expectAppError(findCoupons(t.db, adminActor, { by: "token", query: "hello" }), "MALFORMED_TOKEN");
    const owned = await findCoupons(t.db, adminActor, { by: "owner", query: `@${ed.handle}` });
    expect(owned.items.map((c) => c.couponId)).toEqual([coupon.id]);
    const requested = await findCoupons(t.db, adminActor, { by: "requester", query: di.partyId });
    expect(requested.items.map((c) => c.couponId)).toEqual([coupon.id]);
    expect((await findCoupons(t.db, adminActor, { by: "owner", query: di.handle })).items).toEqual([]);
    await expectAppError(
      findCoupons(t.db, adminActor, { by: "id", query: "x".repeat(2000) }),
      "VALIDATION_FAILED",
    );
    await expectAppError(findCoupons(t.db, actorOf(di), { by: "id", query: coupon.id }), "FORBIDDEN");
  });

  it("shows every event of the history as verified, and a tampered event as not verified", async () => {
    const fa = await createTestUser(t.db);
    const gu = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, fa);
    await giveTestCoupon(t.db, fa, gu, coupon);
    const history = await findCouponHistory(t.db, adminActor, coupon.id);
    expect(history.verified).toBe(true);
    expect(history.events[0]?.kind).toBe("issued");
    expect(history.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["offered", "accepted"]));
    expect(history.events.every((e) => e.verified)).toBe(true);
    // Rewrite the recipient of the accepted event behind the trigger's back: that event no longer verifies.
    const rewrite = (partyId: string) =>
      t.sql.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update coupon_events set to_party_id = ${partyId} where coupon_id = ${coupon.id} and kind = 'accepted'`;
      });
    await rewrite(fa.partyId);
    const tampered = await findCouponHistory(t.db, adminActor, coupon.id);
    await rewrite(gu.partyId); // put it back, so the ledger check of later tests sees an honest database
    expect(tampered.verified).toBe(false);
    const accepted = tampered.events.find((e) => e.kind === "accepted");
    expect(accepted?.verified).toBe(false);
    expect(accepted?.problems.join(" ")).toMatch(/hash mismatch/);
    expect(tampered.events.find((e) => e.kind === "issued")?.verified).toBe(true);
    await expectAppError(findCouponHistory(t.db, adminActor, "cpn_nope"), "NOT_FOUND");
  });

  it("revokes with a passkey assertion over the coupon and reason; a funded coupon is first converted", async () => {
    const ha = await createTestUser(t.db);
    const io = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, ha, { amountMinor: 900n });
    await giveTestCoupon(t.db, ha, io, coupon);
    const operation: AdminOperation = {
      type: "admin.coupon.revoke",
      couponId: coupon.id,
      reason: "fraud report",
    };
    const otherReason = await authorize(t.db, admin, toStepUpOperation({ ...operation, reason: "other" }));
    await expectAppError(
      performAdminOperation(t.db, adminActor, { operation, stepUp: otherReason }),
      "STEP_UP_INVALID",
    );
    // An admin's assertion does not make a consumer an admin.
    await expectAppError(confirmed(operation, io, actorOf(io)), "FORBIDDEN");
    const outcome = await confirmed(operation);
    expect(outcome).toMatchObject({ type: "admin.coupon.revoke", couponId: coupon.id });
    expect(outcome.type === "admin.coupon.revoke" && outcome.convertedPostingId).toBeTruthy();
    const history = await findCouponHistory(t.db, adminActor, coupon.id);
    expect(history.coupon.status).toBe("revoked");
    expect(history.events.at(-1)).toMatchObject({ kind: "revoked", reason: "fraud report", verified: true });
    expect(history.verified).toBe(true);
    expect((await auditOf(coupon.id)).map((a) => [a.action, a.reason])).toEqual([
      ["coupon.revoked", "fraud report"],
    ]);
    expect(await checkLedger(t.db)).toEqual([]);
  });
});

describe("issuer keys", () => {
  it("rotates with step-up; JWKS lists the new key at once and keeps the old one; old coupons still verify", async () => {
    const ju = await createTestUser(t.db);
    const before = await issueTestCoupon(t.db, ju);
    const jwksBefore = await getJwks(t.db);
    const oldValue = jwksBefore.keys.find((k) => k.purpose === "value" && k.status === "active");
    expect(oldValue).toBeDefined();
    await expectAppError(
      performAdminOperation(t.db, adminActor, {
        operation: { type: "admin.key.rotate", purpose: "value", reason: "yearly" },
        stepUp: await authorize(
          t.db,
          admin,
          toStepUpOperation({ type: "admin.key.rotate", purpose: "owner_attestation", reason: "yearly" }),
        ),
      }),
      "STEP_UP_INVALID",
    );
    const outcome = await confirmed({ type: "admin.key.rotate", purpose: "value", reason: "yearly" });
    if (outcome.type !== "admin.key.rotate") throw new Error("wrong outcome");
    expect(outcome.retiredKid).toBe(oldValue?.kid);
    // What the published route answers right away (it reads the database on every request).
    process.env.DATABASE_URL = t.url;
    const jwks = (await (await jwksRoute()).json()) as Awaited<ReturnType<typeof getJwks>>;
    expect(jwks.keys.find((k) => k.kid === outcome.kid)).toMatchObject({
      status: "active",
      purpose: "value",
    });
    expect(jwks.keys.find((k) => k.kid === oldValue?.kid)).toMatchObject({ status: "retired" });
    const listed = await listIssuerKeys(t.db, adminActor);
    expect(listed.find((k) => k.kid === oldValue?.kid)?.retiredAt).toBeInstanceOf(Date);
    expect(listed.filter((k) => k.purpose === "value" && k.status === "active")).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toMatch(/private/i);
    const after = await issueTestCoupon(t.db, ju);
    const [row] = await t.db.select({ kid: coupons.valueKid }).from(coupons).where(eq(coupons.id, after.id));
    expect(row?.kid).toBe(outcome.kid);
    expect((await findCouponHistory(t.db, adminActor, before.id)).verified).toBe(true);
    expect((await auditOf(outcome.kid)).map((a) => [a.action, a.reason])).toEqual([
      ["issuer_key.rotated", "yearly"],
    ]);
    await expectAppError(listIssuerKeys(t.db, actorOf(ju)), "FORBIDDEN");
  });
});

describe("parties", () => {
  it("searches people and shops by handle, name or party id, length-limited and paginated", async () => {
    const kim = await createTestUser(t.db, { handle: `kimsearch_${Date.now() % 100000}` });
    const shop = await createTestShop(t.db);
    const found = await searchParties(t.db, adminActor, { query: "KIMSEARCH" });
    expect(found.items.map((p) => p.partyId)).toContain(kim.partyId);
    expect((await searchParties(t.db, adminActor, { query: shop.partyId })).items).toMatchObject([
      { partyId: shop.partyId, kind: "shop" },
    ]);
    expect((await searchParties(t.db, adminActor, { query: "%" })).items).toEqual([]);
    const page = await searchParties(t.db, adminActor, { limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await searchParties(t.db, adminActor, { limit: 2, cursor: page.nextCursor });
    expect(next.items.map((p) => p.partyId)).not.toContain(page.items[0]?.partyId);
    await expectAppError(searchParties(t.db, adminActor, { query: "x".repeat(101) }), "VALIDATION_FAILED");
    await expectAppError(searchParties(t.db, actorOf(kim), { query: "k" }), "FORBIDDEN");
  });

  it("shows a party's holdings, postings and credit; sets its credit limit with step-up, enforced on requests", async () => {
    const lu = await createTestUser(t.db);
    const mo = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, lu, { amountMinor: 1200n });
    await giveTestCoupon(t.db, lu, mo, coupon);
    const detail = await getPartyDetail(t.db, adminActor, mo.partyId);
    expect(detail.holdings.map((h) => h.couponId)).toEqual([coupon.id]);
    expect(detail.holdingTotals).toEqual([{ currency: "EUR", amountMinor: 1200n, count: 1 }]);
    const payer = await getPartyDetail(t.db, adminActor, lu.partyId);
    expect(payer.postings.map((p) => [p.kind, p.amountMinor])).toEqual([["funding", 1200n]]);
    expect(payer.user?.handle).toBe(lu.handle);

    await confirmed({
      type: "admin.party.credit_limit",
      partyId: lu.partyId,
      currency: "EUR",
      limitMinor: "1500",
      reason: "new",
    });
    expect((await getPartyDetail(t.db, adminActor, lu.partyId)).ownCreditLimits).toEqual([
      { currency: "EUR", limitMinor: 1500n },
    ]);
    // 1 200 unbilled funding + 400 > 1 500: refused.
    await expectAppError(issueTestCoupon(t.db, lu, { amountMinor: 400n }), "CREDIT_LIMIT_EXCEEDED");
    await issueTestCoupon(t.db, lu, { amountMinor: 300n });
    await confirmed({
      type: "admin.party.credit_limit",
      partyId: lu.partyId,
      currency: "EUR",
      limitMinor: null,
      reason: "back",
    });
    expect((await getPartyDetail(t.db, adminActor, lu.partyId)).ownCreditLimits).toEqual([]);
    const audit = await auditOf(lu.partyId);
    expect(audit.map((a) => [a.action, a.data])).toEqual([
      ["party.credit_limit_set", { currency: "EUR", fromMinor: null, toMinor: "1500" }],
      ["party.credit_limit_set", { currency: "EUR", fromMinor: "1500", toMinor: null }],
    ]);
    await expectAppError(getPartyDetail(t.db, adminActor, "pty_unknown"), "NOT_FOUND");
    await expectAppError(getPartyDetail(t.db, actorOf(lu), lu.partyId), "FORBIDDEN");
    expect(await checkLedger(t.db)).toEqual([]);
  });

  it("suspension ends sessions and blocks transfers out and requests; reinstating lets the person act again", async () => {
    const ny = await createTestUser(t.db);
    const ol = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, ny);
    const session = await createTestSession(t.db, ny.userId);
    const suspend: AdminOperation = {
      type: "admin.party.suspend",
      partyId: ny.partyId,
      reason: "chargebacks",
    };
    await expectAppError(
      performAdminOperation(t.db, adminActor, { operation: suspend, stepUp: {} }),
      "STEP_UP_INVALID",
    );
    expect(await getActiveSession(t.db, session)).not.toBeNull();
    expect(await confirmed(suspend)).toEqual({
      type: "admin.party.suspend",
      partyId: ny.partyId,
      endedSessions: 1,
    });
    expect(await getActiveSession(t.db, session)).toBeNull();
    expect(
      await getActiveSession(t.db, await createTestSession(t.db, ny.userId).catch(() => "ses_x")),
    ).toBeNull();
    // The wallet's entry points refuse the ended session, so no new transfer out can start.
    const context = { db: t.db, sessionId: session, meta: { ip: "192.0.2.7", userAgent: null } };
    const offer = await giveOptionsAction.run(context, {
      couponId: coupon.id,
      amount: "1",
      currency: coupon.currency,
      recipientPartyId: ol.partyId,
      validitySeconds: 3600,
    });
    expect(offer.ok ? "ok" : offer.error.code).toBe("UNAUTHENTICATED");
    await expectAppError(issueTestCoupon(t.db, ny), "ACCOUNT_SUSPENDED");
    await expectAppError(confirmed(suspend), "CONFLICT");
    // Nobody suspends themselves: an admin never decides on their own party.
    await expectAppError(
      confirmed({ type: "admin.party.suspend", partyId: admin.partyId, reason: "oops" }),
      "FORBIDDEN",
    );

    await confirmed({ type: "admin.party.reinstate", partyId: ny.partyId, reason: "resolved" });
    const [party] = await t.db.select().from(parties).where(eq(parties.id, ny.partyId));
    expect(party?.status).toBe("active");
    expect(await getActiveSession(t.db, session)).toBeNull(); // ended sessions stay ended
    expect(await getActiveSession(t.db, await createTestSession(t.db, ny.userId))).not.toBeNull();
    await offerTestCoupon(t.db, ny, coupon, { partyId: ol.partyId });
    await expectAppError(
      confirmed({ type: "admin.party.reinstate", partyId: ny.partyId, reason: "again" }),
      "CONFLICT",
    );
    expect((await auditOf(ny.partyId)).map((a) => [a.action, a.reason, a.actorUserId])).toEqual([
      ["party.suspended", "chargebacks", admin.userId],
      ["party.reinstated", "resolved", admin.userId],
    ]);
  });

  it("suspends a shop: no transfers out, no member's session touched", async () => {
    const owner = await createTestUser(t.db);
    const shop = await createTestShop(t.db, [{ userId: owner.userId, role: "owner" }]);
    const session = await createTestSession(t.db, owner.userId);
    expect(
      await confirmed({ type: "admin.party.suspend", partyId: shop.partyId, reason: "shop closed" }),
    ).toEqual({ type: "admin.party.suspend", partyId: shop.partyId, endedSessions: 0 });
    expect(await getActiveSession(t.db, session)).not.toBeNull();
    expect((await getPartyDetail(t.db, adminActor, shop.partyId)).status).toBe("suspended");
  });
});

describe("audit log", () => {
  it("filters by actor, action (exact or prefix), target and date, newest first, paginated", async () => {
    const pat = await createTestUser(t.db);
    const waiting = await requestAboveThreshold(pat);
    await rejectIssuance(t.db, adminActor, { requestId: waiting.requestId, reason: "audit test" });
    const byTarget = await listAuditEvents(t.db, adminActor, { filters: { target: waiting.requestId } });
    expect(byTarget.items.map((e) => [e.action, e.actorHandle, e.reason])).toEqual([
      ["issuance.rejected", admin.handle, "audit test"],
    ]);
    const byActor = await listAuditEvents(t.db, adminActor, {
      filters: { actor: `@${admin.handle}` },
      limit: 100,
    });
    expect(byActor.items.every((e) => e.actorUserId === admin.userId)).toBe(true);
    expect(byActor.items.map((e) => e.action)).toEqual(expect.arrayContaining(["issuance.rejected"]));
    const parties = await listAuditEvents(t.db, adminActor, { filters: { action: "party." }, limit: 100 });
    expect(parties.items.length).toBeGreaterThan(0);
    expect(parties.items.every((e) => e.action.startsWith("party."))).toBe(true);
    const ids = parties.items.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const future = await listAuditEvents(t.db, adminActor, {
      filters: { from: new Date(Date.now() + 86_400_000) },
    });
    expect(future.items).toEqual([]);
    const past = await listAuditEvents(t.db, adminActor, {
      filters: { to: new Date(Date.now() - 86_400_000) },
    });
    expect(past.items).toEqual([]);
    const first = await listAuditEvents(t.db, adminActor, { limit: 2 });
    const second = await listAuditEvents(t.db, adminActor, { limit: 2, cursor: first.nextCursor });
    expect(BigInt(second.items[0]?.id ?? "0")).toBeLessThan(BigInt(first.items[1]?.id ?? "0"));
    await expectAppError(listAuditEvents(t.db, adminActor, { cursor: "1; drop" }), "VALIDATION_FAILED");
    await expectAppError(
      listAuditEvents(t.db, adminActor, { filters: { action: "a".repeat(101) } }),
      "VALIDATION_FAILED",
    );
    await expectAppError(listAuditEvents(t.db, actorOf(pat)), "FORBIDDEN");
  });

  it("is append-only: UPDATE and DELETE of audit rows fail", async () => {
    const [row] = await t.db.select({ id: auditLog.id }).from(auditLog).limit(1);
    expect(row).toBeDefined();
    await expect(
      t.db.update(auditLog).set({ reason: "rewritten" }).where(eq(auditLog.id, row!.id)),
    ).rejects.toThrow();
    await expect(t.db.delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    for (const table of ["audit_log", "coupon_events", "postings"]) {
      await expect(t.sql.unsafe(`truncate ${table} cascade`)).rejects.toThrow(/append-only/);
    }
    expect((await t.db.select({ id: auditLog.id }).from(auditLog).limit(1)).length).toBe(1);
  });

  it("counts what the overview shows", async () => {
    const overview = await getAdminOverview(t.db, adminActor);
    expect(overview.activeKeys).toBe(2);
    expect(overview.retiredKeys).toBeGreaterThanOrEqual(1);
    expect(overview.awaitingApprovals).toBeGreaterThanOrEqual(1);
  });
});
