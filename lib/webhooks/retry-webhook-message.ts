import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookMessages } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";

/** Manual retries allowed per message, and per endpoint over all its messages, in `webhookRetryWindowSeconds`. */
export const webhookRetriesPerMessage = 5;
export const webhookRetriesPerEndpoint = 30;
export const webhookRetryWindowSeconds = 3600;

/**
 * Queues one of the shop's webhook messages for delivery now (owner only): a failed one gets a fresh round of
 * attempts, a delivered one is sent again (same `webhook-id`, so receivers can dedupe). Rate-limited per message
 * and per endpoint (429 RATE_LIMITED), so retry spam cannot turn the worker against a receiver or crowd out
 * other shops. Counted only for the shop's own messages (another shop's id is not found, and counts nothing).
 * Refused (409) while a worker is sending the message, so it is never in flight twice.
 */
export async function retryWebhookMessage(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; messageId: string },
): Promise<void> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const [message] = await db
    .select({
      endpointId: webhookMessages.endpointId,
      sending: sql<boolean>`coalesce(${webhookMessages.sendingUntil} > now(), false)`,
    })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(and(eq(webhookMessages.id, input.messageId), eq(webhookEndpoints.shopId, input.shopId)));
  if (!message) throw new AppError("NOT_FOUND", "There is no such webhook message.");
  if (message.sending) throw sendingNow();
  const tooMany = "This message was sent again too often; try again in a while.";
  await consumeRateLimit(
    db,
    {
      key: `webhook.retry:message:${input.messageId}`,
      limit: webhookRetriesPerMessage,
      windowSeconds: webhookRetryWindowSeconds,
    },
    tooMany,
  );
  await consumeRateLimit(
    db,
    {
      key: `webhook.retry:endpoint:${message.endpointId}`,
      limit: webhookRetriesPerEndpoint,
      windowSeconds: webhookRetryWindowSeconds,
    },
    "Messages to this endpoint were sent again too often; try again in a while.",
  );
  const updated = await db
    .update(webhookMessages)
    .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
    .where(
      and(
        eq(webhookMessages.id, input.messageId),
        // Never while a worker is sending it: the message would be in flight twice.
        sql`(${webhookMessages.sendingUntil} is null or ${webhookMessages.sendingUntil} <= now())`,
        sql`${webhookMessages.endpointId} in (select ${webhookEndpoints.id} from ${webhookEndpoints} where ${webhookEndpoints.shopId} = ${input.shopId})`,
      ),
    )
    .returning({ id: webhookMessages.id });
  if (updated.length !== 1) throw sendingNow(); // it was found above: a worker claimed it meanwhile
}

const sendingNow = () =>
  new AppError("CONFLICT", "This message is being sent right now; see the delivery log in a moment.");
