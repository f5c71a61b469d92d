import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, coupons, passkeys, webauthnChallenges } from "../../db/schema";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  expectLedgerClean,
  issueTestCoupon,
  offerTestCoupon,
  snapshotCouponData,
} from "../support/coupon-fixtures";
import { createTestUser, type TestUser } from "../support/identity";

/**
 * Accepting an offer verifies the recipient's passkey with the fast verifier (node:crypto) and sends the
 * step-up's consuming statement right behind the transfer lock: every refusal still changes nothing and leaves the
 * challenge unspent, a backwards counter is refused and flagged, and a passkey of a kind the fast verifier leaves
 * to SimpleWebAuthn (ES384) is verified by the library.
 */
const t = couponTestDatabaseForFile();

async function offered(owner: TestUser, recipient: TestUser) {
  const coupon = await issueTestCoupon(t.db, owner);
  return offerTestCoupon(t.db, owner, coupon, { partyId: recipient.partyId });
}

type Assertion = { response: Record<string, string> };

function tampered(authorization: unknown, field: "signature" | "authenticatorData" | "clientDataJSON") {
  const copy = structuredClone(authorization) as Assertion;
  const bytes = Buffer.from(copy.response[field] as string, "base64url");
  // A byte of the signature's s, of the RP ID hash, or of the client data's JSON.
  const index = { signature: bytes.length - 3, authenticatorData: 5, clientDataJSON: 40 }[field];
  bytes.writeUInt8((bytes.readUInt8(index) ^ 0x01) & 0xff, index);
  copy.response[field] = bytes.toString("base64url");
  return copy;
}

async function challengeSpent(authorization: unknown): Promise<boolean> {
  const clientData = JSON.parse(
    Buffer.from((authorization as Assertion).response.clientDataJSON as string, "base64url").toString(),
  ) as { challenge: string };
  const [row] = await t.db
    .select({ consumedAt: webauthnChallenges.consumedAt })
    .from(webauthnChallenges)
    .where(eq(webauthnChallenges.challenge, clientData.challenge));
  return row?.consumedAt != null;
}

describe("accepting with the fast passkey verifier", () => {
  it("refuses a tampered assertion, changes nothing, and accepts the genuine one afterwards", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const offer = await offered(alice, bob);
    const authorization = await authorizeAccept(t.db, bob, offer);
    for (const field of ["signature", "authenticatorData", "clientDataJSON"] as const) {
      const before = await snapshotCouponData(t.db);
      await expectAppError(
        acceptTransfer(t.db, actorOf(bob), {
          transferId: offer.transferId,
          authorization: tampered(authorization, field),
        }),
        "STEP_UP_INVALID",
      );
      expect(await snapshotCouponData(t.db)).toEqual(before);
      expect(await challengeSpent(authorization)).toBe(false);
    }
    const accepted = await acceptTransfer(t.db, actorOf(bob), {
      transferId: offer.transferId,
      authorization,
    });
    expect(accepted.ownerPartyId).toBe(bob.partyId);
    expect(await challengeSpent(authorization)).toBe(true);
    await expectLedgerClean(t.db);
  });

  it("refuses an assertion made for another offer, leaving its challenge unspent", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const [first, second] = [await offered(alice, bob), await offered(alice, bob)];
    const forSecond = await authorizeAccept(t.db, bob, second);
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), { transferId: first.transferId, authorization: forSecond }),
      "STEP_UP_INVALID",
    );
    expect(await challengeSpent(forSecond)).toBe(false);
    const [coupon] = await t.db.select().from(coupons).where(eq(coupons.id, first.couponId));
    expect(coupon?.ownerPartyId).toBe(alice.partyId);
    await acceptTransfer(t.db, actorOf(bob), { transferId: second.transferId, authorization: forSecond });
    await expectLedgerClean(t.db);
  });

  it("refuses a counter that does not move forward, flags it, and keeps the stored counter", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const [first, second] = [await offered(alice, bob), await offered(alice, bob)];
    const firstAuthorization = await authorizeAccept(t.db, bob, first);
    await acceptTransfer(t.db, actorOf(bob), {
      transferId: first.transferId,
      authorization: firstAuthorization,
    });
    const [stored] = await t.db
      .select({ counter: passkeys.counter })
      .from(passkeys)
      .where(eq(passkeys.userId, bob.userId));
    expect(stored?.counter).toBeGreaterThan(0);
    // A cloned authenticator repeats the counter it last sent.
    bob.authenticator.counter = (stored?.counter ?? 1) - 1;
    const replayedCounter = await authorizeAccept(t.db, bob, second);
    const before = await snapshotCouponData(t.db);
    await expectAppError(
      acceptTransfer(t.db, actorOf(bob), { transferId: second.transferId, authorization: replayedCounter }),
      "STEP_UP_INVALID",
    );
    expect(await snapshotCouponData(t.db)).toEqual(before);
    const [after] = await t.db
      .select({ counter: passkeys.counter })
      .from(passkeys)
      .where(eq(passkeys.userId, bob.userId));
    expect(after?.counter).toBe(stored?.counter);
    const flagged = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, bob.userId), eq(auditLog.action, "passkey.counter_regression")));
    expect(flagged).toHaveLength(1);
    await expectLedgerClean(t.db);
  });

  it("verifies a passkey of a kind the fast verifier leaves to SimpleWebAuthn (ES384), and refuses it tampered", async () => {
    const alice = await createTestUser(t.db);
    const carol = await createTestUser(t.db, { algorithm: "ES384" });
    const offer = await offered(alice, carol);
    const authorization = await authorizeAccept(t.db, carol, offer);
    await expectAppError(
      acceptTransfer(t.db, actorOf(carol), {
        transferId: offer.transferId,
        authorization: tampered(authorization, "signature"),
      }),
      "STEP_UP_INVALID",
    );
    const accepted = await acceptTransfer(t.db, actorOf(carol), {
      transferId: offer.transferId,
      authorization,
    });
    expect(accepted.ownerPartyId).toBe(carol.partyId);
    await expectLedgerClean(t.db);
  });

  it("refuses the loser of a race for one offer as a loser (not as a bad confirmation), spending nothing of its own", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const offer = await offered(alice, bob);
    const [one, two] = [await authorizeAccept(t.db, bob, offer), await authorizeAccept(t.db, bob, offer)];
    const results = await Promise.allSettled([
      acceptTransfer(t.db, actorOf(bob), { transferId: offer.transferId, authorization: one }),
      acceptTransfer(t.db, actorOf(bob), { transferId: offer.transferId, authorization: two }),
    ]);
    expect(results.filter(({ status }) => status === "fulfilled")).toHaveLength(1);
    const spent = [await challengeSpent(one), await challengeSpent(two)];
    expect(spent.filter(Boolean)).toHaveLength(1);
    const refusals = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, bob.userId), eq(auditLog.action, "auth.step_up_failed")));
    expect(refusals).toHaveLength(0);
    await expectLedgerClean(t.db);
  });
});
