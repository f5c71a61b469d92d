"use server";

import { z } from "zod";
import { apiKeyScopeNames } from "@/lib/api-keys/api-key-scopes";
import { beginCreateApiKey } from "@/lib/api-keys/begin-create-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { shopAction } from "@/lib/auth/shop-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { nameText, plainText } from "@/lib/validation/text";
import { beginCreateWebhookEndpoint } from "@/lib/webhooks/begin-create-webhook-endpoint";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { retryWebhookMessage } from "@/lib/webhooks/retry-webhook-message";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-webhook-secret";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-webhook-endpoint";
import { webhookEventTypeNames } from "@/lib/webhooks/webhook-event-types";

const shopId = plainText("a shop id").min(1).max(64);
const id = plainText("an id").min(1).max(64);

const apiKeyInput = z.object({
  shopId,
  name: nameText("a key name").min(1).max(60),
  scopes: z
    .array(z.enum(apiKeyScopeNames as [string, ...string[]]))
    .min(1)
    .max(3),
});

/** Passkey options for creating exactly this API key (shop owners). */
export const createApiKeyOptionsAction = shopAction(
  "shop.api_keys.write",
  apiKeyInput,
  async ({ db, actor, meta, input }) => {
    const draft = await beginCreateApiKey(db, actor, { ...input, ip: meta.ip });
    return { options: draft.options, name: draft.name, scopes: draft.scopes };
  },
);

/** Creates an API key confirmed with the owner's passkey; the key is in the result this once. */
export const createApiKeyAction = shopAction(
  "shop.api_keys.write",
  apiKeyInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const created = await createApiKey(db, actor, { ...input, authorization: input.stepUp, ip: meta.ip });
    return { id: created.id, key: created.key, prefix: created.prefix };
  },
);

/** Revokes one of the shop's API keys (shop owners). */
export const revokeApiKeyAction = shopAction(
  "shop.api_keys.write",
  z.object({ shopId, apiKeyId: id }),
  async ({ db, actor, input }) => {
    await revokeApiKey(db, actor, input);
    return { revoked: true };
  },
);

const endpointInput = z.object({
  shopId,
  url: plainText("an address").min(1).max(500),
  eventTypes: z
    .array(z.enum(webhookEventTypeNames as [string, ...string[]]))
    .min(1)
    .max(10),
});

/** Passkey options for adding exactly this webhook endpoint (shop owners); returns the URL as it will be saved. */
export const createWebhookEndpointOptionsAction = shopAction(
  "shop.webhooks.write",
  endpointInput,
  async ({ db, actor, meta, input }) => {
    const draft = await beginCreateWebhookEndpoint(db, actor, { ...input, ip: meta.ip });
    return { options: draft.options, url: draft.url, eventTypes: draft.eventTypes };
  },
);

/** Adds a webhook endpoint confirmed with the owner's passkey; its signing secret is in the result this once. */
export const createWebhookEndpointAction = shopAction(
  "shop.webhooks.write",
  endpointInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const created = await createWebhookEndpoint(db, actor, {
      ...input,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { id: created.id, secret: created.secret };
  },
);

/** Rotates an endpoint's signing secret; the old one keeps signing for 24 hours (shop owners). */
export const rotateWebhookSecretAction = shopAction(
  "shop.webhooks.write",
  z.object({ shopId, endpointId: id }),
  async ({ db, actor, input }) => {
    const rotated = await rotateWebhookSecret(db, actor, input);
    return { secret: rotated.secret, previousSecretExpiresAt: rotated.previousSecretExpiresAt.toISOString() };
  },
);

/** Enables, disables or deletes an endpoint (shop owners). */
export const updateWebhookEndpointAction = shopAction(
  "shop.webhooks.write",
  z.object({ shopId, endpointId: id, change: z.enum(["enable", "disable", "delete"]) }),
  async ({ db, actor, input }) => {
    await updateWebhookEndpoint(db, actor, input);
    return { changed: input.change };
  },
);

/** Sends a webhook message again now (shop owners). */
export const retryWebhookMessageAction = shopAction(
  "shop.webhooks.write",
  z.object({ shopId, messageId: id }),
  async ({ db, actor, input }) => {
    await retryWebhookMessage(db, actor, input);
    return { queued: true };
  },
);
