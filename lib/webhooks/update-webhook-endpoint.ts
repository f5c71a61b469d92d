import "server-only";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { inTransaction } from "@/db/in-transaction";
import { webhookEndpoints } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * Enables, disables or deletes one of the shop's endpoints (owner only). A disabled endpoint gets no new
 * messages; messages already in its outbox are still delivered. Deleting removes its outbox and log too.
 */
export async function updateWebhookEndpoint(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; endpointId: string; change: "enable" | "disable" | "delete" },
): Promise<void> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  await inTransaction(db, async (tx) => {
    const where = and(eq(webhookEndpoints.id, input.endpointId), eq(webhookEndpoints.shopId, input.shopId));
    const changed =
      input.change === "delete"
        ? await tx.delete(webhookEndpoints).where(where).returning({ id: webhookEndpoints.id })
        : await tx
            .update(webhookEndpoints)
            .set({ enabled: input.change === "enable" })
            .where(where)
            .returning({ id: webhookEndpoints.id });
    if (changed.length !== 1) throw new AppError("NOT_FOUND", "There is no such webhook endpoint.");
    await recordAuditEvent(tx, {
      action: `webhook_endpoint.${input.change}d`,
      actor,
      targetType: "webhook_endpoint",
      targetId: input.endpointId,
      data: { shopId: input.shopId },
    });
  });
}
