import type { Operation } from "@/lib/auth/operations";
import type { Permission } from "@/lib/auth/permissions";
import type { IssuerKeyPurpose } from "@/lib/keys/key-ring";

/**
 * The back-office operations that need a fresh passkey assertion bound to exactly what is being done. The
 * entry point builds one of these from validated input twice — for the challenge and again to verify the
 * assertion — so an assertion made for one request, coupon, party, limit or reason authorises nothing else.
 */
export type AdminOperation =
  | { type: "admin.issuance.approve"; requestId: string; reason: string | null }
  | { type: "admin.coupon.revoke"; couponId: string; reason: string }
  | { type: "admin.key.rotate"; purpose: IssuerKeyPurpose; reason: string }
  | {
      type: "admin.party.credit_limit";
      partyId: string;
      currency: string;
      limitMinor: string | null;
      reason: string;
    }
  | { type: "admin.party.suspend"; partyId: string; reason: string }
  | { type: "admin.party.reinstate"; partyId: string; reason: string };

export type AdminOperationType = AdminOperation["type"];

/** The permission each operation needs, checked again inside the domain function that performs it. */
export const adminOperationPermission: Record<AdminOperationType, Permission> = {
  "admin.issuance.approve": "issuance.approve",
  "admin.coupon.revoke": "coupons.revoke",
  "admin.key.rotate": "keys.rotate",
  "admin.party.credit_limit": "parties.write",
  "admin.party.suspend": "parties.write",
  "admin.party.reinstate": "parties.write",
};

/** The operation as the step-up challenge commits to it (plain JSON; money as a decimal string). */
export function toStepUpOperation(operation: AdminOperation): Operation {
  return { ...operation };
}
