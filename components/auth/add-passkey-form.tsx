"use client";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  addPasskeyAction,
  addPasskeyOptionsAction,
  addPasskeyStepUpAction,
} from "@/app/(wallet)/wallet/settings/security/actions";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { addPasskey, withStepUp } from "./passkey-client";

/**
 * Adds a passkey in two steps the person sees: first a passkey already on the account confirms, then the
 * new passkey or security key is created (the server hands out the second challenge only after the first).
 */
export function AddPasskeyForm() {
  const router = useRouter();
  const action = useActionStatus();
  const [name, setName] = useState("");
  const [options, setOptions] = useState<PublicKeyCredentialCreationOptionsJSON | null>(null);

  const onConfirm = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    return action.run("Confirm with one of the passkeys you already have…", async () => {
      const result = await withStepUp(
        () => addPasskeyStepUpAction({}),
        (stepUp) => addPasskeyOptionsAction({ stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setOptions(result.data);
      return { kind: "success", text: "Confirmed. Now create the new passkey." };
    });
  };

  const onCreate = () =>
    action.run("Waiting for the new passkey…", async () => {
      if (!options) return { kind: "error", text: "Start again: confirm with a passkey first." };
      const trimmed = name.trim();
      const result = await addPasskey(
        async () => ({ ok: true as const, data: options }),
        (response) => addPasskeyAction({ response, ...(trimmed ? { name: trimmed } : {}) }),
      );
      if (!result.ok) {
        setOptions(null);
        return { kind: "error", text: errorText(result.error) };
      }
      setOptions(null);
      setName("");
      router.refresh();
      return { kind: "success", text: "Passkey added." };
    });

  return (
    <form className="space-y-3 rounded-xl border border-stone-200 bg-white p-4" onSubmit={onConfirm}>
      <h3 className="font-semibold">Add a passkey or security key</h3>
      <p className="text-sm text-stone-700">
        First confirm with a passkey you already have. Then create the new one on this device, your phone or a
        security key.
      </p>
      <div className="space-y-1">
        <label htmlFor="new-passkey-name" className="block text-sm font-medium">
          Name (optional)
        </label>
        <input
          id="new-passkey-name"
          name="name"
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Blue security key"
          className={textInput}
        />
      </div>
      {options ? (
        <div className="flex flex-wrap gap-2">
          <button type="button" className={primaryButton} disabled={action.busy} onClick={onCreate}>
            Create the new passkey
          </button>
          <button type="button" className={secondaryButton} onClick={() => setOptions(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="submit" className={primaryButton} disabled={action.busy}>
          Add a passkey
        </button>
      )}
      <StatusMessage status={action.status} />
    </form>
  );
}
