import "server-only";
import { and, arrayContains, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints, webhookMessages } from "@/db/schema";
import { newId } from "@/lib/ids";
import { type WebhookEventData, type WebhookEventType, webhookEventTypes } from "./webhook-event-types";

/** The JSON every delivery carries: Standard Webhooks' `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: WebhookEventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * Writes one outbox message per enabled endpoint of the shop subscribed to `type`, in the caller's transaction,
 * so the event is committed exactly when the change it reports is (and never without it). `data` is checked
 * against the type's schema (webhook-event-types.ts: money as strings of minor units, times as ISO strings);
 * a mismatch is a programmer error. Returns the message ids.
 */
export async function enqueueWebhookEvent<T extends WebhookEventType>(
  tx: DbOrTx,
  input: { shopId: string; type: T; data: WebhookEventData<T>; at?: Date },
): Promise<string[]> {
  return enqueueWebhookEvents(tx, {
    shopId: input.shopId,
    type: input.type,
    data: [input.data],
    at: input.at,
  });
}

/**
 * enqueueWebhookEvent for several events of one type at once (a batch of answers): the shop's endpoints are read
 * once and every message is written in one insert, in the order of `data`.
 */
export async function enqueueWebhookEvents<T extends WebhookEventType>(
  tx: DbOrTx,
  input: { shopId: string; type: T; data: WebhookEventData<T>[]; at?: Date },
): Promise<string[]> {
  if (input.data.length === 0) return [];
  const checked = input.data.map((data) => {
    const result = webhookEventTypes[input.type].data.safeParse(data);
    if (!result.success)
      throw new Error(`webhook ${input.type}: data does not match its schema: ${result.error.message}`);
    return result.data as Record<string, unknown>;
  });
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.shopId, input.shopId),
        eq(webhookEndpoints.enabled, true),
        arrayContains(webhookEndpoints.eventTypes, [input.type]),
      ),
    );
  if (endpoints.length === 0) return [];
  const timestamp = (input.at ?? new Date()).toISOString();
  const rows = checked.flatMap((data) => {
    const payload: WebhookPayload = { type: input.type, timestamp, data };
    return endpoints.map((endpoint) => ({
      id: newId("webhookMessage"),
      endpointId: endpoint.id,
      eventType: input.type,
      payload,
    }));
  });
  await tx.insert(webhookMessages).values(rows);
  return rows.map((row) => row.id);
}
