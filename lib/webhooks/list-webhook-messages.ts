import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listJoinedPage, pickColumns } from "@/db/list-page";
import { webhookDeliveries, webhookEndpoints, webhookMessages } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

/** Messages the delivery log shows at most. */
export const webhookLogSizeMax = 50;

export interface WebhookLogEntry {
  id: string;
  endpointUrl: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deliveries: {
    attempt: number;
    responseStatus: number | null;
    error: string | null;
    durationMs: number;
    createdAt: Date;
  }[];
}

/** The columns of a message the log shows. */
const logColumns = [
  "id",
  "eventType",
  "status",
  "attempts",
  "nextAttemptAt",
  "lastError",
  "createdAt",
  "deliveredAt",
] as const;

/** The shop's delivery log: its newest webhook messages with every attempt (owner only). */
export async function listWebhookMessages(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string },
): Promise<WebhookLogEntry[]> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const messages = await listJoinedPage(
    db,
    {
      ...pickColumns(webhookMessages, logColumns),
      endpointUrl: webhookEndpoints.url,
    },
    {
      from: webhookMessages,
      join: webhookEndpoints,
      on: eq(webhookEndpoints.id, webhookMessages.endpointId),
      where: eq(webhookEndpoints.shopId, input.shopId),
      orderBy: [desc(webhookMessages.createdAt)],
      limit: webhookLogSizeMax,
    },
  );
  const ids = messages.map((message) => message.id);
  const deliveries = ids.length
    ? await db
        .select()
        .from(webhookDeliveries)
        .where(inArray(webhookDeliveries.messageId, ids))
        .orderBy(desc(webhookDeliveries.attempt))
    : [];
  return messages.map((message) => ({
    ...message,
    deliveries: deliveries
      .filter((delivery) => delivery.messageId === message.id)
      .slice(0, 20)
      .map(({ attempt, responseStatus, error, durationMs, createdAt }) => ({
        attempt,
        responseStatus,
        error,
        durationMs,
        createdAt,
      })),
  }));
}
