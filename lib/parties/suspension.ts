import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * What suspending a party (a person's wallet or a shop) freezes. This is the one place that says so; every money
 * path asserts its freeze in the domain, inside the operation's transaction, so neither a session that was
 * already open nor an API key nor a passkey confirmation made before the suspension gets past it. Its history,
 * statements, pending charges and payouts stay; declining or cancelling offers (which moves nothing) stays open.
 *
 * - `receive`: becoming a coupon's owner — accepting a gift, a claim code or a refund, being paid by a
 *   storefront checkout or a payment request, being named as the recipient of an offer.
 * - `moveOut`: a coupon leaving it — offering (gift, claim link), paying at checkout or a payment request, a
 *   shop's refund.
 * - `convert`: turning a held coupon's value into money (a person, or a shop from its dashboard or the API).
 * - `requestIssuance`: asking for new coupons.
 * - `requestPayment`: a shop asking to be paid (payment requests).
 * - `useApi`: a shop's API keys.
 * - `changePayoutAccount`: adding, changing or removing where Scrip pays the party (a suspension is often a
 *   takeover being cleared up: the account Scrip pays must not move meanwhile).
 */
export const suspensionFreezes = {
  receive: "This account is suspended and cannot receive coupons or payments.",
  moveOut: "This account is suspended and cannot give or spend coupons.",
  convert: "This account is suspended and cannot convert coupons to money.",
  requestIssuance: "This account is suspended and cannot request coupons.",
  requestPayment: "This shop is suspended and cannot ask for payments.",
  useApi: "This shop is suspended.",
  changePayoutAccount:
    "This account is suspended, so where Scrip pays it cannot change until the suspension ends.",
} as const;

export type SuspensionFreeze = keyof typeof suspensionFreezes;

/** Status of a party as stored; a missing party reads as null (refused like a suspended one). */
export type PartyStatus = "active" | "suspended" | null | undefined;

/** Refuses `freeze` for a party whose status (already read, e.g. under a row lock) is not active. */
export function refuseIfSuspended(status: PartyStatus | string, freeze: SuspensionFreeze): void {
  if (status !== "active") throw new AppError("ACCOUNT_SUSPENDED", suspensionFreezes[freeze]);
}

async function assertPartyMay(db: DbOrTx, partyId: string, freeze: SuspensionFreeze): Promise<void> {
  const [party] = await db.select({ status: parties.status }).from(parties).where(eq(parties.id, partyId));
  refuseIfSuspended(party?.status, freeze);
}

/** Suspension freeze `receive`: the party may become the owner of coupons (gifts, payments, refunds). */
export const assertMayReceive = (db: DbOrTx, partyId: string) => assertPartyMay(db, partyId, "receive");

/** Suspension freeze `moveOut`: coupons may leave the party (offers, payments, refunds). */
export const assertMayMoveOut = (db: DbOrTx, partyId: string) => assertPartyMay(db, partyId, "moveOut");

/** Suspension freeze `convert`: the party may convert held coupons to money. */
export const assertMayConvert = (db: DbOrTx, partyId: string) => assertPartyMay(db, partyId, "convert");

/** Suspension freeze `requestPayment`: the shop may create payment requests. */
export const assertMayRequestPayment = (db: DbOrTx, partyId: string) =>
  assertPartyMay(db, partyId, "requestPayment");

/** Suspension freeze `changePayoutAccount`: the party's payout account may be added, changed or removed. */
export const assertMayChangePayoutAccount = (db: DbOrTx, partyId: string) =>
  assertPartyMay(db, partyId, "changePayoutAccount");

/** Suspension freeze `requestIssuance`: the party may be issued coupons it asked for (also after approval). */
export const assertMayRequestIssuance = (db: DbOrTx, partyId: string) =>
  assertPartyMay(db, partyId, "requestIssuance");
