import type { Metadata } from "next";
import { ApiKeysPanel } from "@/components/developers/api-keys-panel";
import { DeliveryLog } from "@/components/developers/delivery-log";
import { WebhookEndpointsPanel } from "@/components/developers/webhook-endpoints-panel";
import { getDb } from "@/db/client";
import { apiKeyScopes } from "@/lib/api-keys/api-key-scopes";
import { getDeveloperSettings } from "@/lib/api-keys/get-developer-settings";
import { pageActor } from "@/lib/auth/page-actor";
import { webhookEventTypes } from "@/lib/webhooks/webhook-event-types";

export const metadata: Metadata = { title: "Developers" };

export default async function DevelopersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Staff (no owner rights), other shops and unknown slugs all look the same: not found.
  const { actor } = await pageActor({
    permission: "shop.api_keys.write",
    shopSlug: slug,
    next: `/merchant/${encodeURIComponent(slug)}/developers`,
  });
  const settings = await getDeveloperSettings(getDb(), actor, { slug });
  const scopes = Object.entries(apiKeyScopes).map(([name, scope]) => ({ name, label: scope.label }));
  const eventTypes = Object.entries(webhookEventTypes).map(([name, type]) => ({
    name,
    description: type.description,
  }));
  return (
    <div className="space-y-10">
      <header className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">Developers · {settings.shop.name}</h1>
        <p className="text-stone-700">
          API keys and webhooks for connecting your own shop server to Scrip. The API is documented at{" "}
          <a className="underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </p>
      </header>
      <ApiKeysPanel shopId={settings.shop.shopId} keys={settings.apiKeys} scopes={scopes} />
      <WebhookEndpointsPanel
        shopId={settings.shop.shopId}
        endpoints={settings.endpoints}
        eventTypes={eventTypes}
      />
      <DeliveryLog shopId={settings.shop.shopId} messages={settings.messages} />
    </div>
  );
}
