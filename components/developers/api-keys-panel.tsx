"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import {
  createApiKeyAction,
  createApiKeyOptionsAction,
  revokeApiKeyAction,
} from "@/app/(merchant)/merchant/[slug]/developers/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { dangerButton, primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { When } from "@/components/ui/when";
import { PasskeyConfirmation } from "./passkey-confirmation";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const when = (iso: string | null) => (iso ? <When date={iso} /> : "never");

type Draft = { name: string; scopes: string[]; options: PublicKeyCredentialRequestOptionsJSON };

/**
 * The shop's API keys: create one (shown once, after saying what it may do and confirming with a passkey), see
 * prefixes, scopes and last use, revoke.
 */
export function ApiKeysPanel(props: {
  shopId: string;
  keys: ApiKeyRow[];
  scopes: { name: string; label: string }[];
}) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  // Emptied once the item is created, so the same form cannot be sent again by mistake.
  const formRef = useRef<HTMLFormElement>(null);
  const labelOf = (scope: string) => props.scopes.find((entry) => entry.name === scope)?.label ?? scope;
  const confirm = (pending: Draft) =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => ({ ok: true, data: pending.options }),
        (stepUp) =>
          createApiKeyAction({ shopId: props.shopId, name: pending.name, scopes: pending.scopes, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDraft(null);
      setCreated({ key: result.data.key, name: pending.name });
      formRef.current?.reset();
      router.refresh();
      return { kind: "success", text: "Key created. Copy it now: it is not shown again." };
    });
  return (
    <section aria-labelledby="api-keys" className="space-y-4">
      <h2 id="api-keys" className="text-xl font-semibold">
        API keys
      </h2>
      <form
        ref={formRef}
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const name = String(form.get("name") ?? "");
          const scopes = form.getAll("scopes").map(String);
          void run("Checking…", async () => {
            const result = await createApiKeyOptionsAction({ shopId: props.shopId, name, scopes });
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            setCreated(null);
            setDraft({ name: result.data.name, scopes: result.data.scopes, options: result.data.options });
            return null;
          });
        }}
      >
        <label className="grid gap-1">
          <span className="font-medium">Name</span>
          <input name="name" required maxLength={60} className={textInput} placeholder="Production server" />
        </label>
        <fieldset className="flex flex-wrap gap-4">
          <legend className="font-medium">Scopes</legend>
          {props.scopes.map((scope) => (
            <label key={scope.name} className="flex min-h-11 items-center gap-2">
              <input
                type="checkbox"
                name="scopes"
                value={scope.name}
                defaultChecked={scope.name !== "conversions"}
              />
              {scope.label}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className={primaryButton} disabled={busy || draft !== null}>
            Create API key
          </button>
        </div>
        {draft ? (
          <PasskeyConfirmation
            heading={`Create the API key “${draft.name}”?`}
            busy={busy}
            confirmLabel="Confirm with passkey"
            onConfirm={() => void confirm(draft)}
            onCancel={() => setDraft(null)}
          >
            <p>It will be able to: {draft.scopes.map(labelOf).join("; ")}.</p>
            <p>
              Whoever holds the key can act for your shop through the API until you revoke it, so Scrip asks
              for your passkey first.
            </p>
          </PasskeyConfirmation>
        ) : null}
        <StatusMessage status={status} />
        {created ? (
          <div className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 p-3">
            <p className="text-sm">Your new key “{created.name}” (shown once):</p>
            <code data-testid="new-api-key" className="block break-all font-mono text-sm">
              {created.key}
            </code>
          </div>
        ) : null}
      </form>
      {props.keys.length === 0 ? (
        <p className="text-stone-700">No API keys yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {props.keys.map((key) => (
            <li
              key={key.id}
              className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between"
            >
              <div>
                <p className="font-medium">
                  {key.name} <code className="font-mono text-sm text-stone-600">{key.prefix}…</code>
                </p>
                <p className="text-sm text-stone-600">
                  {key.scopes.join(", ")} · created {when(key.createdAt)} · last used {when(key.lastUsedAt)}
                  {key.revokedAt ? <> · revoked {when(key.revokedAt)}</> : null}
                </p>
              </div>
              {key.revokedAt ? (
                <span className="text-sm text-stone-500">Revoked</span>
              ) : (
                <button
                  type="button"
                  className={dangerButton}
                  disabled={busy}
                  onClick={() =>
                    run("Revoking…", async () => {
                      const result = await revokeApiKeyAction({ shopId: props.shopId, apiKeyId: key.id });
                      if (!result.ok) return { kind: "error", text: errorText(result.error) };
                      router.refresh();
                      return { kind: "success", text: `Revoked “${key.name}”.` };
                    })
                  }
                >
                  Revoke {key.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
