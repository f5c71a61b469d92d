import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parties, transfers } from "../../db/schema";
import { moneyOf, toDecimalString } from "../../lib/money/money";
import { acceptTransfer } from "../../lib/transfers/accept-transfer";
import { beginGive } from "../../lib/transfers/begin-give";
import { findUserByHandle, handleLookupsPerMinute } from "../../lib/users/find-user-by-handle";
import { beginAccept } from "../../lib/wallet/begin-accept";
import { beginConversion, beginIssuance, beginReveal } from "../../lib/wallet/begin-coupon-step-up";
import { getCouponLiveStatus } from "../../lib/wallet/get-coupon-page";
import { getCreditLeft } from "../../lib/wallet/get-credit-left";
import { getStatementsPage } from "../../lib/wallet/get-statements-page";
import { getWalletHome } from "../../lib/wallet/get-wallet-home";
import { verifyOffer } from "../../lib/wallet/verify-offer";
import {
  actorOf,
  authorizeAccept,
  couponTestDatabaseForFile,
  expectAppError,
  giveTestCoupon,
  issueTestCoupon,
  offerTestCoupon,
} from "../support/coupon-fixtures";
import { createTestUser } from "../support/identity";

const t = couponTestDatabaseForFile();

const userActor = (user: Awaited<ReturnType<typeof createTestUser>>) =>
  actorOf(user) as Extract<ReturnType<typeof actorOf>, { kind: "user" }>;

describe("findUserByHandle", () => {
  it("finds an active person by exact handle, ignoring case and a leading @", async () => {
    const me = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const found = await findUserByHandle(t.db, actorOf(me), `@${other.handle.toUpperCase()}`);
    expect(found).toEqual({ handle: other.handle, displayName: other.handle, partyId: other.partyId });
  });

  it("answers NOT_FOUND for prefixes, unknown and suspended handles alike, and refuses malformed ones", async () => {
    const me = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    await expectAppError(findUserByHandle(t.db, actorOf(me), other.handle.slice(0, -1)), "NOT_FOUND");
    await expectAppError(findUserByHandle(t.db, actorOf(me), "nobody_has_this_1"), "NOT_FOUND");
    await t.db.update(parties).set({ status: "suspended" }).where(eq(parties.id, other.partyId));
    await expectAppError(findUserByHandle(t.db, actorOf(me), other.handle), "NOT_FOUND");
    await expectAppError(findUserByHandle(t.db, actorOf(me), "a%"), "VALIDATION_FAILED");
  });

  it("limits look-ups per account, found or not", async () => {
    const me = await createTestUser(t.db);
    for (let i = 0; i < handleLookupsPerMinute; i++) {
      await findUserByHandle(t.db, actorOf(me), `missing_${i}`).catch(() => undefined);
    }
    await expectAppError(findUserByHandle(t.db, actorOf(me), me.handle), "RATE_LIMITED");
    // Another account is not affected.
    const other = await createTestUser(t.db);
    expect((await findUserByHandle(t.db, actorOf(other), me.handle)).partyId).toBe(me.partyId);
  });
});

describe("wallet step-up preparation", () => {
  it("prepares issuance, offers, accept, conversion and reveal only for the right party", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const mallory = await createTestUser(t.db);
    const issuance = await beginIssuance(t.db, userActor(alice), {
      amountMinor: 500n,
      currency: "EUR",
      expiresInDays: 30,
      ip: null,
    });
    expect(issuance.couponId).toMatch(/^cpn_/);
    expect(issuance.options.challenge).toBeTruthy();

    const coupon = await issueTestCoupon(t.db, alice);
    const whole = {
      couponId: coupon.id,
      amount: toDecimalString(moneyOf(coupon.amountMinor, coupon.currency)),
      currency: coupon.currency,
    };
    await expectAppError(
      beginGive(t.db, userActor(mallory), {
        ...whole,
        recipientPartyId: null,
        validitySeconds: 3600,
        ip: null,
      }),
      "NOT_FOUND",
    );
    await expectAppError(
      beginGive(t.db, userActor(alice), {
        ...whole,
        recipientPartyId: null,
        validitySeconds: 5,
        ip: null,
      }),
      "VALIDATION_FAILED",
    );
    const draft = await beginGive(t.db, userActor(alice), {
      ...whole,
      recipientPartyId: null,
      validitySeconds: 3600,
      ip: null,
    });
    expect(draft.claimCode).toMatch(/^scc_/);
    expect(draft.version).toBe(1);
    expect(draft.whole).toBe(true);
    await expectAppError(
      beginReveal(t.db, userActor(mallory), { couponId: coupon.id, ip: null }),
      "NOT_FOUND",
    );
    expect(
      (await beginReveal(t.db, userActor(alice), { couponId: coupon.id, ip: null })).challenge,
    ).toBeTruthy();
    await expectAppError(
      beginConversion(t.db, userActor(alice), { couponId: coupon.id, ip: null }),
      "COUPON_NOT_FUNDED",
    );

    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    await expectAppError(
      beginAccept(t.db, userActor(mallory), { transferId: offer.transferId, ip: null }),
      "NOT_FOUND",
    );
    await expectAppError(
      beginAccept(t.db, userActor(alice), { transferId: offer.transferId, ip: null }),
      "NOT_FOUND",
    );
    expect(
      (await beginAccept(t.db, userActor(bob), { transferId: offer.transferId, ip: null })).challenge,
    ).toBeTruthy();
  });
});

describe("verifyOffer", () => {
  it("verifies a directed offer live for its recipient only, and reports it spent once accepted", async () => {
    const [alice, bob, mallory] = [
      await createTestUser(t.db),
      await createTestUser(t.db),
      await createTestUser(t.db),
    ];
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 1234n });
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    const verdict = await verifyOffer(t.db, { partyId: bob.partyId, ip: null, transferId: offer.transferId });
    expect(verdict).toMatchObject({
      genuine: true,
      current: true,
      offerStatus: "pending",
      amountMinor: 1234n,
    });
    await expectAppError(
      verifyOffer(t.db, { partyId: mallory.partyId, ip: null, transferId: offer.transferId }),
      "NOT_FOUND",
    );
    const authorization = await authorizeAccept(t.db, bob, offer);
    await acceptTransfer(t.db, actorOf(bob), { transferId: offer.transferId, authorization });
    const after = await verifyOffer(t.db, { partyId: bob.partyId, ip: null, transferId: offer.transferId });
    expect(after).toMatchObject({ genuine: true, current: false, offerStatus: "accepted" });
  });

  it("finds an open offer by its claim code for anyone, and refuses a tampered code", async () => {
    const alice = await createTestUser(t.db);
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { open: true });
    const code = offer.claimCode ?? "";
    const verdict = await verifyOffer(t.db, { partyId: null, ip: "198.51.100.7", claimCode: code });
    expect(verdict).toMatchObject({ open: true, current: true, transferId: offer.transferId });
    const tampered = `${code.slice(0, -1)}${code.endsWith("A") ? "B" : "A"}`;
    await expectAppError(
      verifyOffer(t.db, { partyId: null, ip: "198.51.100.7", claimCode: tampered }),
      "CLAIM_CODE_INVALID",
    );
    await expectAppError(
      verifyOffer(t.db, { partyId: null, ip: "198.51.100.7", claimCode: "nonsense" }),
      "CLAIM_CODE_INVALID",
    );
  });
});

describe("wallet reads", () => {
  it("treats an offer past its expiry as over without writing: hidden from the home, the coupon the giver's again", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const coupon = await issueTestCoupon(t.db, alice);
    const offer = await offerTestCoupon(t.db, alice, coupon, { partyId: bob.partyId });
    expect((await getWalletHome(t.db, actorOf(bob))).incomingOffers).toHaveLength(1);
    await t.db
      .update(transfers)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(transfers.id, offer.transferId));
    expect((await getWalletHome(t.db, actorOf(bob))).incomingOffers).toHaveLength(0);
    const status = await getCouponLiveStatus(t.db, actorOf(alice), { couponId: coupon.id });
    expect(status).toMatchObject({ status: "active", ownerIsViewer: true, pendingTransferId: null });
    // Nothing was written: the offer is still pending until the expiry job closes it.
    const [row] = await t.db.select().from(transfers).where(eq(transfers.id, offer.transferId));
    expect(row?.status).toBe("pending");
    await expectAppError(
      getCouponLiveStatus(t.db, actorOf(bob), { couponId: `cpn_${"x".repeat(22)}` }),
      "NOT_FOUND",
    );
  });

  it("shows credit left after unfunded and billed-pending value, and the statement preview per side", async () => {
    const [alice, bob] = [await createTestUser(t.db), await createTestUser(t.db)];
    const before = (await getCreditLeft(t.db, actorOf(alice))).find((row) => row.currency === "EUR");
    const coupon = await issueTestCoupon(t.db, alice, { amountMinor: 2500n });
    const after = (await getCreditLeft(t.db, actorOf(alice))).find((row) => row.currency === "EUR");
    expect((before?.leftMinor ?? 0n) - (after?.leftMinor ?? 0n)).toBe(2500n);
    await giveTestCoupon(t.db, alice, bob, coupon);
    const afterGift = (await getCreditLeft(t.db, actorOf(alice))).find((row) => row.currency === "EUR");
    expect(afterGift?.leftMinor).toBe(after?.leftMinor);
    expect((await getStatementsPage(t.db, actorOf(alice))).preview).toEqual([
      { currency: "EUR", netMinor: 2500n },
    ]);
    expect((await getStatementsPage(t.db, actorOf(bob))).preview).toEqual([]);
  });
});
