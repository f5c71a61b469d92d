import "server-only";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getMemberShopOrThrow } from "@/lib/shops/get-member-shop";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { listWebhookMessages } from "@/lib/webhooks/list-webhook-messages";
import { listApiKeys } from "./list-api-keys";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Everything the shop's Developers page shows — API keys, webhook endpoints, the delivery log — for an owner
 * of the shop with this slug (`shop.api_keys.write`); anyone else is told there is no such shop.
 */
export async function getDeveloperSettings(db: DbOrTx, actor: Actor, input: { slug: string }) {
  const shop = await getMemberShopOrThrow(db, actor, { slug: input.slug, permission: "shop.api_keys.write" });
  const [keys, endpoints, messages] = [
    await listApiKeys(db, actor, { shopId: shop.shopId }),
    await listWebhookEndpoints(db, actor, { shopId: shop.shopId }),
    await listWebhookMessages(db, actor, { shopId: shop.shopId }),
  ];
  return {
    shop: { shopId: shop.shopId, name: shop.name, slug: shop.slug },
    apiKeys: keys.map((key) => ({
      ...key,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: iso(key.lastUsedAt),
      revokedAt: iso(key.revokedAt),
    })),
    endpoints: endpoints.map((endpoint) => ({ ...endpoint, createdAt: endpoint.createdAt.toISOString() })),
    messages: messages.map((message) => ({
      ...message,
      nextAttemptAt: message.nextAttemptAt.toISOString(),
      createdAt: message.createdAt.toISOString(),
      deliveredAt: iso(message.deliveredAt),
      deliveries: message.deliveries.map((delivery) => ({
        ...delivery,
        createdAt: delivery.createdAt.toISOString(),
      })),
    })),
  };
}

export type DeveloperSettings = Awaited<ReturnType<typeof getDeveloperSettings>>;
