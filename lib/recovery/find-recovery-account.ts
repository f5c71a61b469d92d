import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties, recoveryCodes, users } from "@/db/schema";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { AppError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { hashRecoveryCode } from "./recovery-code";

/** The one answer to every wrong handle, wrong or used code: it never tells whether the account exists. */
export const recoveryRefused = () =>
  new AppError(
    "RECOVERY_CODE_INVALID",
    "That handle and recovery code do not match, or the code was already used. Check both and try again.",
  );

export interface RecoveryAccount {
  userId: string;
  partyId: string;
  handle: string;
  displayName: string;
  webauthnUserId: string;
  codeHash: string;
}

/**
 * Counts one recovery attempt against the client address and the handle typed (known or not), then finds the
 * active account whose unused code this is; anything else is the one generic refusal.
 */
export async function findRecoveryAccount(
  db: DbOrTx,
  input: { handle: string; code: string; meta: RequestMeta; attempt: "recovery.options" | "recovery.verify" },
): Promise<RecoveryAccount> {
  const handle = String(input.handle).trim().replace(/^@/, "").slice(0, 40).toLowerCase();
  await limitAttempt(db, input.attempt, { ip: input.meta.ip, accountId: `handle:${handle}` });
  const codeHash = hashRecoveryCode(String(input.code).slice(0, 80));
  const [found] = await db
    .select({
      userId: users.id,
      partyId: users.partyId,
      handle: users.handle,
      displayName: users.displayName,
      webauthnUserId: users.webauthnUserId,
    })
    .from(users)
    .innerJoin(parties, eq(parties.id, users.partyId))
    .innerJoin(recoveryCodes, eq(recoveryCodes.userId, users.id))
    .where(
      and(
        sql`lower(${users.handle}) = ${handle}`,
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
        eq(parties.status, "active"),
      ),
    );
  if (!found) throw recoveryRefused();
  return { ...found, codeHash };
}
