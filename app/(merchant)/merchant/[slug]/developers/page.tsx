import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiKeysPanel } from "@/components/developers/api-keys-panel";
import { DeliveryLog } from "@/components/developers/delivery-log";
import { WebhookEndpointsPanel } from "@/components/developers/webhook-endpoints-panel";
import { getDb } from "@/db/client";
import { apiKeyScopes } from "@/lib/api-keys/api-key-scopes";
import { getDeveloperSettings } from "@/lib/api-keys/get-developer-settings";
import { requireUser } from "@/lib/auth/get-current-session";
import { isAppError } from "@/lib/errors";
import { webhookEventTypes } from "@/lib/webhooks/webhook-event-types";

export const metadata: Metadata = { title: "Developers" };

export default async function DevelopersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireUser(`/merchant/${encodeURIComponent(slug)}/developers`);
  let settings: Awaited<ReturnType<typeof getDeveloperSettings>>;
  try {
    settings = await getDeveloperSettings(getDb(), session.actor, { slug });
  } catch (error) {
    // Staff (no owner rights), other shops and unknown slugs all look the same: not found.
    if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
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
