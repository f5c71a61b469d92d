import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import type { Operation } from "@/lib/auth/operations";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { parseEventTypes } from "./create-webhook-endpoint";
import { checkWebhookUrl } from "./webhook-address-policy";
import type { WebhookEventType } from "./webhook-event-types";

/** The operation a passkey confirms when an owner adds a webhook endpoint: this shop, URL and set of events. */
export function webhookEndpointCreateOperation(input: {
  shopId: string;
  url: string;
  eventTypes: readonly WebhookEventType[];
}): Operation {
  return {
    type: "shop.webhook_endpoint.create",
    shopId: input.shopId,
    url: input.url,
    eventTypes: [...input.eventTypes].sort(),
  };
}

/**
 * Step-up options for adding a webhook endpoint (owner only, `shop.webhooks.write`): checks the address as the
 * creation will, and commits the challenge to the normalised URL and the event types, so the confirmation
 * cannot send the shop's events anywhere else. Returns the URL as it will be saved, to show before confirming.
 */
export async function beginCreateWebhookEndpoint(
  db: DbOrTx,
  actor: Actor,
  input: { shopId: string; url: string; eventTypes: readonly string[]; ip: string | null },
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; url: string; eventTypes: WebhookEventType[] }> {
  requirePermission(actor, "shop.webhooks.write", { shopId: input.shopId });
  const eventTypes = parseEventTypes(input.eventTypes);
  const url = (await checkWebhookUrl(input.url)).toString();
  const operation = webhookEndpointCreateOperation({ shopId: input.shopId, url, eventTypes });
  return { options: await beginStepUp(db, { actor, operation, ip: input.ip }), url, eventTypes };
}
