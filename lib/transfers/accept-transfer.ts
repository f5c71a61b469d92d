import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import type { Actor } from "@/lib/auth/actor";
import type { PasskeyAuthorization } from "@/lib/auth/passkey-authorization";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp, startStepUp } from "@/lib/auth/require-step-up";
import { acceptOperation } from "@/lib/coupons/operations";
import { attestOwner } from "@/lib/coupons/sign-coupon-parts";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { assertAcceptable } from "./check-accept";
import { hashClaimCode, parseClaimCode } from "./claim-code";
import { lockTransferWithCoupon } from "./lock-transfer";
import { writeAcceptance } from "./write-acceptance";

/** Refuses to take one coupon of a gift of several on its own (moved to check-accept.ts; kept for its callers). */
export { assertNotInGift } from "./check-accept";

export interface AcceptResult {
  transferId: string;
  couponId: string;
  ownerPartyId: string;
  version: number;
  /** True when this accept funded the coupon (its first transfer: the requester is charged). */
  funded: boolean;
}

/** Wrong claim codes a party may try per ten minutes; every attempt counts, right or wrong. */
export const claimAttemptsPerWindow = 10;

function acceptorOf(actor: Actor): { partyId: string; userId: string | null } {
  if (actor.kind === "user") {
    requirePermission(actor, "coupons.hold");
    return { partyId: actor.partyId, userId: actor.userId };
  }
  if (actor.kind === "shop") return { partyId: actor.partyId, userId: actor.userId ?? null };
  throw new AppError("FORBIDDEN", "Only a person or a shop can accept coupons.");
}

/**
 * Finds the transfer by id, or by claim code. Claim attempts are counted per party on the database itself
 * (not the transaction, which may roll back) before anything else, so wrong guesses count although they fail.
 */
export async function transferLookup(
  db: DbOrTx,
  partyId: string,
  input: { transferId?: string; claimCode?: string },
): Promise<{ transferId: string } | { claimCodeHash: string }> {
  if (input.claimCode === undefined) return { transferId: String(input.transferId) };
  await consumeRateLimit(
    db,
    { key: `claim:party:${partyId}`, limit: claimAttemptsPerWindow, windowSeconds: 600 },
    "Too many claim attempts; wait a few minutes.",
  );
  return { claimCodeHash: hashClaimCode(parseClaimCode(input.claimCode)) };
}

/**
 * Phase two: the named recipient (or the holder of the claim code) becomes the owner. Their passkey assertion
 * over (transfer, coupon, new owner, version + 1) becomes the new owner part (a shop's is the issuer's
 * attestation). The owner change, the transfer's acceptance, the event and — on the coupon's first transfer —
 * the funding posting are one transaction with guarded updates.
 */
export async function acceptTransfer(
  db: DbOrTx,
  actor: Actor,
  input: { transferId?: string; claimCode?: string; authorization?: unknown; ip?: string | null },
): Promise<AcceptResult> {
  const acceptor = acceptorOf(actor);
  const lookup =
    input.claimCode === undefined
      ? { transferId: String(input.transferId) }
      : await transferLookup(db, acceptor.partyId, input);
  const now = new Date();
  return inTransaction(db, async (tx) => {
    const locking = lockTransferWithCoupon(tx, lookup, acceptor.partyId);
    // The passkey's consuming statement goes out right behind the lock (one round trip for both); it is checked
    // against the operation below, and any refusal rolls it back with the rest. Found by claim code, the
    // transfer id is not known yet: then the step-up waits for the lock as before.
    const early =
      "transferId" in lookup
        ? startStepUp(tx, {
            actor,
            response: input.authorization,
            ip: input.ip,
            whileTransferPending: lookup.transferId,
          })
        : null;
    const locked = await locking;
    const { transfer, coupon } = locked;
    assertAcceptable(locked, acceptor.partyId, "claimCodeHash" in lookup, now);
    const version = coupon.version + 1;
    let authorization: PasskeyAuthorization | null = null;
    if (actor.kind === "user") {
      authorization = await completeStepUp(tx, {
        actor,
        ip: input.ip,
        auditDb: db,
        operation: acceptOperation({
          transferId: transfer.id,
          couponId: coupon.id,
          ownerPartyId: acceptor.partyId,
          version,
        }),
        response: input.authorization,
        early,
      });
    }
    const owner = await attestOwner(tx, {
      couponId: coupon.id,
      ownerPartyId: acceptor.partyId,
      version,
      basis: authorization ? "passkey" : "issuer",
    });
    const { funded } = await writeAcceptance(tx, {
      transfer,
      coupon,
      acceptor,
      authorization,
      owner,
      at: now,
    });
    return {
      transferId: transfer.id,
      couponId: coupon.id,
      ownerPartyId: acceptor.partyId,
      version,
      funded,
    };
  });
}
