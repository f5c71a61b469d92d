"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  removePasskeyAction,
  removePasskeyOptionsAction,
  renamePasskeyAction,
  renamePasskeyOptionsAction,
} from "@/app/(wallet)/wallet/settings/security/actions";
import { dangerButton, primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { When } from "@/components/ui/when";
import { AddPasskeyForm } from "./add-passkey-form";
import { withStepUp } from "./passkey-client";

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
}

/**
 * Lists the person's passkeys and lets them add, rename and remove them (never the last one). Each change says
 * what is about to happen, then asks for a passkey already on the account to confirm it.
 */
export function PasskeyManager({ passkeys }: { passkeys: PasskeyRow[] }) {
  const router = useRouter();
  const action = useActionStatus();
  const { busy, status } = action;
  const [renaming, setRenaming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  const confirm = async (
    success: string,
    work: () => Promise<{ ok: boolean; error?: { message: string; retryAfterSeconds?: number } }>,
  ) => {
    let done = false;
    await action.run("Confirm with one of your passkeys…", async () => {
      const result = await work();
      if (!result.ok)
        return { kind: "error", text: errorText(result.error ?? { message: "That did not work." }) };
      done = true;
      router.refresh();
      return { kind: "success", text: success };
    });
    return done;
  };

  const onRename = async (event: FormEvent<HTMLFormElement>, passkeyId: string) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    const renamed = await confirm("Passkey renamed.", () =>
      withStepUp(
        () => renamePasskeyOptionsAction({ passkeyId, name }),
        (stepUp) => renamePasskeyAction({ passkeyId, name, stepUp }),
      ),
    );
    if (renamed) setRenaming(null);
  };

  const onRemove = async (passkeyId: string) => {
    const removed = await confirm("Passkey removed.", () =>
      withStepUp(
        () => removePasskeyOptionsAction({ passkeyId }),
        (stepUp) => removePasskeyAction({ passkeyId, stepUp }),
      ),
    );
    if (removed) setRemoving(null);
  };

  return (
    <div className="space-y-6">
      <ul className="space-y-3" aria-label="Your passkeys">
        {passkeys.map((passkey) => (
          <li key={passkey.id} className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
            {renaming === passkey.id ? (
              <form className="space-y-2" onSubmit={(e) => onRename(e, passkey.id)}>
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
                <p className="text-sm text-stone-700">One of your passkeys will ask you to confirm.</p>
                <div className="flex flex-wrap gap-2">
                  <button type="submit" className={primaryButton} disabled={busy}>
                    Confirm and save name
                  </button>
                  <button type="button" className={secondaryButton} onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <h3 className="font-semibold break-words">{passkey.name}</h3>
            )}
            <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm text-stone-700 sm:grid-cols-2">
              <div>
                <dt className="inline font-medium">Created: </dt>
                <dd className="inline">
                  <When date={passkey.createdAt} />
                </dd>
              </div>
              <div>
                <dt className="inline font-medium">Last used: </dt>
                <dd className="inline">
                  {passkey.lastUsedAt ? <When date={passkey.lastUsedAt} /> : "Never"}
                </dd>
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
            {removing === passkey.id ? (
              <div className="space-y-2 rounded-lg border border-red-200 bg-red-50 p-3">
                <p className="text-sm text-red-900">
                  Remove {passkey.name}? It will no longer sign in or confirm payments, and browsers signed in
                  with it are signed out. One of your passkeys will ask you to confirm.
                </p>
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    className={dangerButton}
                    disabled={busy}
                    onClick={() => onRemove(passkey.id)}
                  >
                    Confirm and remove<span className="sr-only"> {passkey.name}</span>
                  </button>
                  <button type="button" className={secondaryButton} onClick={() => setRemoving(null)}>
                    Keep it
                  </button>
                </div>
              </div>
            ) : (
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
                  onClick={() => setRemoving(passkey.id)}
                >
                  Remove<span className="sr-only"> {passkey.name}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {passkeys.length <= 1 && (
        <p className="text-sm text-stone-600">Your only passkey cannot be removed: add another one first.</p>
      )}
      <StatusMessage status={status} />
      <AddPasskeyForm />
    </div>
  );
}
