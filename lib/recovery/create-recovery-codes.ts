import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recoveryCodes } from "@/db/schema";
import { recordSecurityEvent } from "@/lib/security-events/record-security-event";
import { hashRecoveryCode, newRecoveryCode, recoveryCodesPerSet } from "./recovery-code";

/**
 * Replaces the account's recovery codes with a new set (the old ones, used or not, stop working) and returns
 * the codes themselves: the only time they exist in clear. Stores only their hashes. Run it in the caller's
 * transaction (sign-up, or a confirmed regeneration).
 */
export async function createRecoveryCodes(
  tx: DbOrTx,
  input: { userId: string; ip: string | null },
): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodesPerSet }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, input.userId));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId: input.userId, codeHash: hashRecoveryCode(code) })));
  await recordSecurityEvent(tx, { userId: input.userId, kind: "recovery_codes_created", ip: input.ip });
  return codes;
}
