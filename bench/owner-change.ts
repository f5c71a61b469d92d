import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { coupons, partyCreditLimits } from "../db/schema";
import { type Actor, userActor } from "../lib/auth/actor";
import { createStepUpOptions } from "../lib/auth/step-up-challenge";
import { acceptOperation, issueOperation } from "../lib/coupons/operations";
import { requestIssuance } from "../lib/issuance/request-issuance";
import { acceptTransfer } from "../lib/transfers/accept-transfer";
import { offerTransfer } from "../lib/transfers/offer-transfer";
import { prepareOffer } from "../lib/transfers/prepare-offer";
import { createTestUser, type TestUser } from "../tests/support/identity";

export interface PreparedAccept {
  actor: Actor;
  transferId: string;
  authorization: unknown;
}

const actorOf = (user: TestUser) => userActor({ userId: user.userId, partyId: user.partyId });

/** Real passkey users; assertions use counter 0 (as many platform passkeys do) so they can be made ahead. */
export async function createBenchUsers(db: Db, count: number): Promise<TestUser[]> {
  const users: TestUser[] = [];
  for (let i = 0; i < count; i++) users.push(await createTestUser(db));
  await db
    .insert(partyCreditLimits)
    .values(users.map((u) => ({ partyId: u.partyId, currency: "EUR", limitMinor: 10n ** 15n })));
  return users;
}

async function assertion(
  db: Db,
  user: TestUser,
  operation: Parameters<typeof createStepUpOptions>[1]["operation"],
) {
  const options = await createStepUpOptions(db, { userId: user.userId, operation });
  return user.authenticator.createAssertion(options.challenge, { counter: 0 });
}

/** Issues a coupon to `owner` through requestIssuance with a real passkey assertion. */
export async function issueBenchCoupon(db: Db, owner: TestUser, currency: string): Promise<string> {
  const couponId = (await import("../lib/ids")).newId("coupon");
  const input = { couponId, amountMinor: 1000n, currency, expiresInDays: 30 };
  const operation = issueOperation({ ...input, partyId: owner.partyId });
  const result = await requestIssuance(db, actorOf(owner), {
    ...input,
    authorization: await assertion(db, owner, operation),
  });
  if (result.status !== "issued") throw new Error(`bench coupon not issued: ${result.status}`);
  return couponId;
}

/** `from` offers the coupon at its current version to `to` (untimed set-up). */
export async function offerBenchCoupon(
  db: Db,
  couponId: string,
  from: TestUser,
  to: TestUser,
): Promise<string> {
  const [coupon] = await db
    .select({ version: coupons.version })
    .from(coupons)
    .where(eq(coupons.id, couponId));
  const version = coupon?.version ?? 1;
  const expiresAt = new Date(Date.now() + 3_600_000);
  const { operation } = prepareOffer({ couponId, version, recipient: { partyId: to.partyId }, expiresAt });
  const offer = await offerTransfer(db, actorOf(from), {
    couponId,
    version,
    recipient: { partyId: to.partyId },
    expiresAt,
    authorization: await assertion(db, from, operation),
  });
  return offer.transferId;
}

/** The recipient's accept, with its assertion made beforehand so only acceptTransfer itself is timed. */
export async function prepareBenchAccept(
  db: Db,
  transferId: string,
  couponId: string,
  to: TestUser,
): Promise<PreparedAccept> {
  const [coupon] = await db
    .select({ version: coupons.version })
    .from(coupons)
    .where(eq(coupons.id, couponId));
  const operation = acceptOperation({
    transferId,
    couponId,
    ownerPartyId: to.partyId,
    version: (coupon?.version ?? 1) + 1,
  });
  return { actor: actorOf(to), transferId, authorization: await assertion(db, to, operation) };
}

export async function runAccept(db: Db, prepared: PreparedAccept): Promise<boolean> {
  try {
    await acceptTransfer(db, prepared.actor, {
      transferId: prepared.transferId,
      authorization: prepared.authorization,
    });
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error) return false;
    throw error;
  }
}
