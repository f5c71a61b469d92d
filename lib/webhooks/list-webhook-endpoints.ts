import "server-only";
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";

export interface WebhookEndpointSummary {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  rotating: boolean;
  createdAt: Date;
}

/** A shop's webhook endpoints, without secrets (owner only: `shop.webhooks.write`). */
export async function listWebhookEndpoints(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; now?: Date },
): Promise<WebhookEndpointSummary[]> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const now = input.now ?? new Date();
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.shopId, input.shopId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    rotating: !!row.previousSecretExpiresAt && row.previousSecretExpiresAt > now,
    createdAt: row.createdAt,
  }));
}
