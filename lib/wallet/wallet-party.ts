import type { Actor } from "@/lib/auth/actor";
import { type Permission, requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * The wallet party of a person holding `permission` (FORBIDDEN otherwise): wallet reads take the Actor and
 * derive the party from it, so no caller can name another party's wallet.
 */
export function walletPartyOf(actor: Actor, permission: Permission = "wallet.use"): string {
  requirePermission(actor, permission);
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has a wallet.");
  return actor.partyId;
}
