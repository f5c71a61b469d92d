import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { createForShop } from "@/lib/shops/create-for-shop";
import { webhookEndpointCreateOperation } from "./begin-create-webhook-endpoint";
import { checkWebhookUrl } from "./webhook-address-policy";
import { isWebhookEventType, type WebhookEventType } from "./webhook-event-types";
import { encryptWebhookSecret } from "./webhook-secret-store";
import { newWebhookSecret } from "./webhook-signature";

/** Endpoints a shop may configure. */
export const webhookEndpointsMax = 10;

/** Checks the event type list of an endpoint: at least one, all known, no duplicates. */
export function parseEventTypes(types: readonly string[]): WebhookEventType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0 || !unique.every(isWebhookEventType)) {
    throw new AppError("VALIDATION_FAILED", "Choose at least one known event type.");
  }
  return unique as WebhookEventType[];
}

/**
 * Adds a webhook endpoint to a shop (owner only, `shop.webhooks.write`). The URL must resolve to allowed
 * addresses (webhook-address-policy.ts). Returns the signing secret, shown this once; it is stored encrypted.
 * A person confirms with a passkey assertion over exactly this URL and these events
 * (`beginCreateWebhookEndpoint`), spent in the same transaction; only the system adds endpoints without one.
 */
export async function createWebhookEndpoint(
  db: DbOrTx,
  actor: Actor,
  input: {
    shopId: string;
    url: string;
    eventTypes: readonly string[];
    authorization?: unknown;
    ip?: string | null;
  },
): Promise<{ id: string; url: string; eventTypes: WebhookEventType[]; secret: string }> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const eventTypes = parseEventTypes(input.eventTypes);
  const url = (await checkWebhookUrl(input.url)).toString();
  const id = newId("webhookEndpoint");
  const secret = newWebhookSecret();
  await createForShop(
    db,
    actor,
    {
      shopId: input.shopId,
      kind: "webhook_endpoints",
      operation: webhookEndpointCreateOperation({ shopId: input.shopId, url, eventTypes }),
      sent: input,
      confirm: "Confirm adding this webhook endpoint with your passkey.",
      counted: { from: webhookEndpoints, where: eq(webhookEndpoints.shopId, input.shopId) },
      max: webhookEndpointsMax,
      tooMany: `A shop can have at most ${webhookEndpointsMax} webhook endpoints.`,
    },
    async (tx) => {
      await tx.insert(webhookEndpoints).values({
        id,
        shopId: input.shopId,
        url,
        eventTypes,
        secretEncrypted: encryptWebhookSecret(secret, id),
      });
      await recordAuditEvent(tx, {
        action: "webhook_endpoint.created",
        actor,
        targetType: "webhook_endpoint",
        targetId: id,
        data: { shopId: input.shopId, url, eventTypes },
      });
    },
  );
  return { id, url, eventTypes, secret };
}
