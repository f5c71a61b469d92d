"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  addPasskeyAction,
  addPasskeyOptionsAction,
  removePasskeyAction,
  renamePasskeyAction,
} from "@/app/(wallet)/wallet/settings/security/actions";
import { dangerButton, primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { addPasskey } from "./passkey-client";

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const formatDate = (iso: string | null) => (iso ? `${dateFormat.format(new Date(iso))} UTC` : "Never");

/** Lists the person's passkeys and lets them add, rename and remove them (never the last one). */
export function PasskeyManager({ passkeys }: { passkeys: PasskeyRow[] }) {
  const router = useRouter();
  const action = useActionStatus();
  const { busy, status } = action;
  const [renaming, setRenaming] = useState<string | null>(null);

  const run = async (
    progress: string,
    success: string,
    work: () => Promise<{ ok: boolean; error?: { message: string; retryAfterSeconds?: number } }>,
  ) => {
    let done = false;
    await action.run(progress, async () => {
      const result = await work();
      if (!result.ok)
        return { kind: "error", text: errorText(result.error ?? { message: "That did not work." }) };
      done = true;
      router.refresh();
      return { kind: "success", text: success };
    });
    return done;
  };

  const onAdd = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    const added = await run("Waiting for your passkey…", "Passkey added.", () =>
      addPasskey(
        () => addPasskeyOptionsAction({}),
        (response) => addPasskeyAction({ response, ...(name ? { name } : {}) }),
      ),
    );
    if (added) form.reset();
  };

  const onRename = async (event: FormEvent<HTMLFormElement>, passkeyId: string) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const renamed = await run("Renaming…", "Passkey renamed.", () =>
      renamePasskeyAction({ passkeyId, name }),
    );
    if (renamed) setRenaming(null);
  };

  return (
    <div className="space-y-6">
      <ul className="space-y-3" aria-label="Your passkeys">
        {passkeys.map((passkey) => (
          <li key={passkey.id} className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
            {renaming === passkey.id ? (
              <form
                className="flex flex-col gap-2 sm:flex-row sm:items-end"
                onSubmit={(e) => onRename(e, passkey.id)}
              >
                <div className="flex-1 space-y-1">
                  <label htmlFor={`rename-${passkey.id}`} className="block text-sm font-medium">
                    New name for {passkey.name}
                  </label>
                  <input
                    id={`rename-${passkey.id}`}
                    name="name"
                    defaultValue={passkey.name}
                    maxLength={60}
                    required
                    className={textInput}
                  />
                </div>
                <button type="submit" className={primaryButton} disabled={busy}>
                  Save name
                </button>
                <button type="button" className={secondaryButton} onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            ) : (
              <h3 className="font-semibold break-words">{passkey.name}</h3>
            )}
            <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm text-stone-700 sm:grid-cols-2">
              <div>
                <dt className="inline font-medium">Created: </dt>
                <dd className="inline">{formatDate(passkey.createdAt)}</dd>
              </div>
              <div>
                <dt className="inline font-medium">Last used: </dt>
                <dd className="inline">{formatDate(passkey.lastUsedAt)}</dd>
              </div>
              <div>
                <dt className="inline font-medium">Device: </dt>
                <dd className="inline">
                  {passkey.deviceType === "multiDevice" ? "Synced passkey" : "This device only"}
                </dd>
              </div>
              <div>
                <dt className="inline font-medium">Backed up: </dt>
                <dd className="inline">{passkey.backedUp ? "Yes" : "No"}</dd>
              </div>
            </dl>
            <div className="flex flex-wrap gap-2">
              {renaming !== passkey.id && (
                <button type="button" className={secondaryButton} onClick={() => setRenaming(passkey.id)}>
                  Rename<span className="sr-only"> {passkey.name}</span>
                </button>
              )}
              <button
                type="button"
                className={dangerButton}
                disabled={busy || passkeys.length <= 1}
                title={passkeys.length <= 1 ? "Add another passkey before removing this one." : undefined}
                onClick={() =>
                  run("Removing…", "Passkey removed.", () => removePasskeyAction({ passkeyId: passkey.id }))
                }
              >
                Remove<span className="sr-only"> {passkey.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {passkeys.length <= 1 && (
        <p className="text-sm text-stone-600">Your only passkey cannot be removed: add another one first.</p>
      )}
      <form className="space-y-3 rounded-xl border border-stone-200 bg-white p-4" onSubmit={onAdd}>
        <h3 className="font-semibold">Add a passkey or security key</h3>
        <div className="space-y-1">
          <label htmlFor="new-passkey-name" className="block text-sm font-medium">
            Name (optional)
          </label>
          <input
            id="new-passkey-name"
            name="name"
            maxLength={60}
            placeholder="e.g. Blue security key"
            className={textInput}
          />
        </div>
        <button type="submit" className={primaryButton} disabled={busy}>
          Add a passkey
        </button>
      </form>
      <StatusMessage status={status} />
    </div>
  );
}
