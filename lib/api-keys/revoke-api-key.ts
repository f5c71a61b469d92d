import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { apiKeys } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * Revokes one of the shop's API keys (owner only); it stops working at once. Another shop's key, or one
 * already revoked, is not found.
 */
export async function revokeApiKey(db: DbOrTx, actor: Actor, input: { shopId: string; apiKeyId: string }) {
  requirePermission(actor, "shop.api_keys.write", { shopId: input.shopId });
  await inTransaction(db, async (tx) => {
    const revoked = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, input.apiKeyId), eq(apiKeys.shopId, input.shopId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked.length !== 1) throw new AppError("NOT_FOUND", "There is no such active API key.");
    await recordAuditEvent(tx, {
      action: "api_key.revoked",
      actor,
      targetType: "api_key",
      targetId: input.apiKeyId,
      data: { shopId: input.shopId },
    });
  });
}
