import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transfers } from "@/db/schema";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";
import { hashClaimCode, parseClaimCode } from "./claim-code";

export type ClaimLinkStatus = "pending" | "accepted" | "declined" | "cancelled" | "expired";

/**
 * Where a claim link stands now, for its open claim page to notice a claim or a cancellation elsewhere without a
 * reload. Only someone holding both the link's code and the offer's id (shown to whoever opened the link with
 * that code) learns it, and nothing else about the offer; anything else is "not valid". Counted per client
 * address (`claim.watch`), separately from the guessing limit of opening a link.
 */
export async function getClaimLinkStatus(
  db: DbOrTx,
  input: { transferId: unknown; claimCode: unknown; ip: string | null },
): Promise<{ status: ClaimLinkStatus }> {
  const invalid = new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  if (!isId("transfer", input.transferId)) throw invalid;
  const claimCodeHash = hashClaimCode(parseClaimCode(input.claimCode));
  await limitAttempt(db, "claim.watch", { ip: input.ip });
  const [row] = await db
    .select({ status: transfers.status, expiresAt: transfers.expiresAt })
    .from(transfers)
    .where(and(eq(transfers.id, input.transferId), eq(transfers.claimCodeHash, claimCodeHash)));
  if (!row) throw invalid;
  return { status: row.status === "pending" && row.expiresAt <= new Date() ? "expired" : row.status };
}
