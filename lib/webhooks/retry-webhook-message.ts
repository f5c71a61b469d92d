import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookMessages } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

/**
 * Queues one of the shop's webhook messages for delivery now (owner only): a failed one gets a fresh round of
 * attempts, a delivered one is sent again (same `webhook-id`, so receivers can dedupe).
 */
export async function retryWebhookMessage(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; messageId: string },
): Promise<void> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const updated = await db
    .update(webhookMessages)
    .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
    .where(
      and(
        eq(webhookMessages.id, input.messageId),
        sql`${webhookMessages.endpointId} in (select ${webhookEndpoints.id} from ${webhookEndpoints} where ${webhookEndpoints.shopId} = ${input.shopId})`,
      ),
    )
    .returning({ id: webhookMessages.id });
  if (updated.length !== 1) throw new AppError("NOT_FOUND", "There is no such webhook message.");
}
