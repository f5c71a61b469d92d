"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import {
  createWebhookEndpointAction,
  createWebhookEndpointOptionsAction,
  rotateWebhookSecretAction,
  updateWebhookEndpointAction,
} from "@/app/(merchant)/merchant/[slug]/developers/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { dangerButton, primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { PasskeyConfirmation } from "./passkey-confirmation";

interface EndpointRow {
  id: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  rotating: boolean;
}

type Draft = { url: string; eventTypes: string[]; options: PublicKeyCredentialRequestOptionsJSON };

/**
 * The shop's webhook endpoints: add one (after saying where its events will go and confirming with a passkey;
 * secret shown once), rotate its secret, disable or delete it.
 */
export function WebhookEndpointsPanel(props: {
  shopId: string;
  endpoints: EndpointRow[];
  eventTypes: { name: string; description: string }[];
}) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [secret, setSecret] = useState<{ text: string; url: string } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  // Emptied once the item is created, so the same form cannot be sent again by mistake.
  const formRef = useRef<HTMLFormElement>(null);
  const confirm = (pending: Draft) =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => ({ ok: true, data: pending.options }),
        (stepUp) =>
          createWebhookEndpointAction({
            shopId: props.shopId,
            url: pending.url,
            eventTypes: pending.eventTypes,
            stepUp,
          }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDraft(null);
      setSecret({ text: result.data.secret, url: pending.url });
      formRef.current?.reset();
      router.refresh();
      return {
        kind: "success",
        text: "Endpoint added. Copy its signing secret now: it is not shown again.",
      };
    });
  const change = (endpoint: EndpointRow, kind: "enable" | "disable" | "delete") =>
    run("Saving…", async () => {
      const result = await updateWebhookEndpointAction({
        shopId: props.shopId,
        endpointId: endpoint.id,
        change: kind,
      });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: `Endpoint ${kind}d.` };
    });
  return (
    <section aria-labelledby="webhooks" className="space-y-4">
      <h2 id="webhooks" className="text-xl font-semibold">
        Webhook endpoints
      </h2>
      <p className="text-sm text-stone-700">
        Deliveries are signed following Standard Webhooks (<code>webhook-id</code>,{" "}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>) and retried with backoff until your
        server answers 2xx.
      </p>
      <form
        ref={formRef}
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const url = String(form.get("url") ?? "");
          const eventTypes = form.getAll("eventTypes").map(String);
          void run("Checking the address…", async () => {
            const result = await createWebhookEndpointOptionsAction({
              shopId: props.shopId,
              url,
              eventTypes,
            });
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            setSecret(null);
            setDraft({
              url: result.data.url,
              eventTypes: result.data.eventTypes,
              options: result.data.options,
            });
            return null;
          });
        }}
      >
        <label className="grid gap-1">
          <span className="font-medium">Endpoint URL</span>
          <input
            name="url"
            type="url"
            required
            maxLength={500}
            className={textInput}
            placeholder="https://shop.example/webhooks/scrip"
          />
        </label>
        <fieldset className="grid gap-1">
          <legend className="font-medium">Events</legend>
          {props.eventTypes.map((type) => (
            <label key={type.name} className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name="eventTypes" value={type.name} defaultChecked />
              <code className="text-sm">{type.name}</code>
              <span className="text-sm text-stone-600">{type.description}</span>
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className={primaryButton} disabled={busy || draft !== null}>
            Add endpoint
          </button>
        </div>
        {draft ? (
          <PasskeyConfirmation
            heading="Send your shop's events to this address?"
            busy={busy}
            confirmLabel="Confirm with passkey"
            onConfirm={() => void confirm(draft)}
            onCancel={() => setDraft(null)}
          >
            <p className="break-all font-medium">{draft.url}</p>
            <p>Events: {draft.eventTypes.join(", ")}.</p>
            <p>
              Whoever runs that server will learn about your shop's payments, so Scrip asks for your passkey
              first.
            </p>
          </PasskeyConfirmation>
        ) : null}
        <StatusMessage status={status} />
        {secret ? (
          <div className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 p-3">
            <p className="text-sm">Signing secret for {secret.url} (shown once):</p>
            <code data-testid="new-webhook-secret" className="block break-all font-mono text-sm">
              {secret.text}
            </code>
          </div>
        ) : null}
      </form>
      {props.endpoints.length === 0 ? (
        <p className="text-stone-700">No webhook endpoints yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {props.endpoints.map((endpoint) => (
            <li key={endpoint.id} className="space-y-2 p-4">
              <p className="break-all font-medium">{endpoint.url}</p>
              <p className="text-sm text-stone-600">
                {endpoint.enabled ? "Enabled" : "Disabled"} · {endpoint.eventTypes.join(", ")}
                {endpoint.rotating ? " · previous secret still signing (rotation)" : ""}
              </p>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={busy}
                  onClick={() =>
                    run("Rotating the secret…", async () => {
                      const result = await rotateWebhookSecretAction({
                        shopId: props.shopId,
                        endpointId: endpoint.id,
                      });
                      if (!result.ok) return { kind: "error", text: errorText(result.error) };
                      setSecret({ text: result.data.secret, url: endpoint.url });
                      router.refresh();
                      return {
                        kind: "success",
                        text: "New secret made; the old one keeps signing for 24 hours.",
                      };
                    })
                  }
                >
                  Rotate secret
                </button>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={busy}
                  onClick={() => change(endpoint, endpoint.enabled ? "disable" : "enable")}
                >
                  {endpoint.enabled ? "Disable" : "Enable"}
                </button>
                <button
                  type="button"
                  className={dangerButton}
                  disabled={busy}
                  onClick={() => change(endpoint, "delete")}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
