import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { coupons } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { completeStepUp } from "@/lib/auth/require-step-up";
import { revokeCoupon } from "@/lib/coupons/revoke-coupon";
import { approveIssuance } from "@/lib/issuance/decide-issuance";
import { rotateIssuerKey } from "@/lib/keys/rotate-issuer-key";
import { reinstateParty } from "@/lib/parties/reinstate-party";
import { setCreditLimit } from "@/lib/parties/set-credit-limit";
import { suspendParty } from "@/lib/parties/suspend-party";
import { type AdminOperation, adminOperationPermission, toStepUpOperation } from "./admin-operations";
import { assertNotOwnParty } from "./assert-not-own-party";

/** What each operation reports back (small, no rows). */
export type AdminOperationOutcome =
  | { type: "admin.issuance.approve"; couponId: string }
  | { type: "admin.coupon.revoke"; couponId: string; convertedPostingId: string | null }
  | { type: "admin.key.rotate"; kid: string; retiredKid: string | null }
  | { type: "admin.party.credit_limit"; partyId: string; currency: string; limitMinor: bigint | null }
  | { type: "admin.party.suspend"; partyId: string; endedSessions: number }
  | { type: "admin.party.reinstate"; partyId: string };

/**
 * The parties an operation decides on: the party it names, or a revoked coupon's holder and requester (issuance
 * approvals check theirs in the domain, under the request's lock).
 */
async function targetPartiesOf(tx: DbOrTx, operation: AdminOperation): Promise<string[]> {
  switch (operation.type) {
    case "admin.party.credit_limit":
    case "admin.party.suspend":
    case "admin.party.reinstate":
      return [operation.partyId];
    case "admin.coupon.revoke": {
      const [coupon] = await tx
        .select({ owner: coupons.ownerPartyId, requester: coupons.requesterPartyId })
        .from(coupons)
        .where(eq(coupons.id, operation.couponId));
      return coupon ? [coupon.owner, coupon.requester] : [];
    }
    case "admin.issuance.approve":
    case "admin.key.rotate":
      return [];
    default: {
      const unreachable: never = operation;
      throw new Error(`unknown admin operation ${JSON.stringify(unreachable)}`);
    }
  }
}

async function perform(
  tx: DbOrTx,
  actor: Actor,
  operation: AdminOperation,
  ip: string | null,
): Promise<AdminOperationOutcome> {
  switch (operation.type) {
    case "admin.issuance.approve": {
      const coupon = await approveIssuance(tx, actor, {
        requestId: operation.requestId,
        reason: operation.reason ?? undefined,
      });
      return { type: operation.type, couponId: coupon.id };
    }
    case "admin.coupon.revoke":
      return { type: operation.type, ...(await revokeCoupon(tx, actor, operation)) };
    case "admin.key.rotate":
      return {
        type: operation.type,
        ...(await rotateIssuerKey(tx, actor, operation.purpose, { reason: operation.reason, ip })),
      };
    case "admin.party.credit_limit": {
      const limitMinor = operation.limitMinor === null ? null : BigInt(operation.limitMinor);
      const result = await setCreditLimit(tx, actor, { ...operation, limitMinor, ip });
      return { type: operation.type, ...result };
    }
    case "admin.party.suspend": {
      const result = await suspendParty(tx, actor, { ...operation, ip });
      return { type: operation.type, partyId: result.partyId, endedSessions: result.endedSessions };
    }
    case "admin.party.reinstate":
      return { type: operation.type, ...(await reinstateParty(tx, actor, { ...operation, ip })) };
    default: {
      const unreachable: never = operation;
      throw new Error(`unknown admin operation ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Admins only: performs a money or security operation of the back office (approve an issuance, revoke a
 * coupon, rotate a key, set a credit limit, suspend or reinstate a party) only with a fresh passkey assertion
 * over exactly that operation, and never on the admin's own party (their wallet or a shop they belong to). The assertion is consumed, the change made and its audit event written in one
 * transaction; a refused assertion is audited outside it, so the refusal survives the rollback.
 */
export async function performAdminOperation(
  db: DbOrTx,
  actor: Actor,
  input: { operation: AdminOperation; stepUp: unknown; ip?: string | null },
): Promise<AdminOperationOutcome> {
  const { operation } = input;
  requirePermission(actor, adminOperationPermission[operation.type]);
  const ip = input.ip ?? null;
  return inTransaction(db, async (tx) => {
    await completeStepUp(tx, {
      actor,
      operation: toStepUpOperation(operation),
      response: input.stepUp,
      ip,
      auditDb: db,
    });
    await assertNotOwnParty(tx, actor, await targetPartiesOf(tx, operation));
    return perform(tx, actor, operation, ip);
  });
}
