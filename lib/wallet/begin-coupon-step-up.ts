import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { convertOperation, revealOperation } from "@/lib/coupons/operations";
import { AppError } from "@/lib/errors";
import { prepareIssuance } from "@/lib/issuance/prepare-issuance";
import { assertNoOverdueInvoice } from "@/lib/parties/overdue";
import { readOwnedCouponOrThrow } from "./read-owned-coupon";

type UserActor = Extract<Actor, { kind: "user" }>;
type Options = PublicKeyCredentialRequestOptionsJSON;

/**
 * Step-up options for requesting a coupon: reserves the coupon id and binds the challenge to the exact
 * `coupon.issue` operation (amount, currency, validity, owner, version 1) built here on the server. An overdue
 * invoice refuses it before any passkey prompt (requestIssuance refuses it again in its transaction).
 */
export async function beginIssuance(
  db: DbOrTx,
  actor: UserActor,
  input: { amountMinor: bigint; currency: string; expiresInDays: number; ip: string | null },
): Promise<{ couponId: string; options: Options }> {
  const { couponId, operation } = prepareIssuance(actor, input);
  await assertNoOverdueInvoice(db, actor.partyId);
  const options = await beginStepUp(db, { actor, operation, ip: input.ip });
  return { couponId, options };
}

/** Step-up options for converting a coupon the actor holds, at its current version and value. */
export async function beginConversion(
  db: DbOrTx,
  actor: UserActor,
  input: { couponId: string; ip: string | null },
): Promise<{ version: number; options: Options }> {
  const coupon = await readOwnedCouponOrThrow(db, actor.partyId, input.couponId);
  if (!coupon.funded) throw new AppError("COUPON_NOT_FUNDED", "This coupon has not been paid for yet.");
  const operation = convertOperation({
    couponId: coupon.id,
    version: coupon.version,
    amountMinor: coupon.amountMinor,
    currency: coupon.currency,
  });
  return { version: coupon.version, options: await beginStepUp(db, { actor, operation, ip: input.ip }) };
}

/** Step-up options for revealing the token of a coupon the actor holds (at its current version). */
export async function beginReveal(
  db: DbOrTx,
  actor: UserActor,
  input: { couponId: string; ip: string | null },
): Promise<Options> {
  const coupon = await readOwnedCouponOrThrow(db, actor.partyId, input.couponId);
  const operation = revealOperation({ couponId: coupon.id, version: coupon.version });
  return beginStepUp(db, { actor, operation, ip: input.ip });
}
