"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  removeEmailAddressAction,
  setEmailAddressAction,
  setEmailOptOutsAction,
} from "@/app/(wallet)/wallet/settings/email/actions";
import { dangerButton, primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { OptionalEmailKind } from "@/lib/notifications/notification-kinds";

export interface EmailKindChoice {
  kind: OptionalEmailKind;
  label: string;
  on: boolean;
}

/** Add or change the email address (a confirmation link is emailed), remove it, and choose what is emailed. */
export function EmailSettingsForm({
  address,
  verified,
  choices,
  securityLabel,
}: {
  address: string | null;
  verified: boolean;
  choices: EmailKindChoice[];
  securityLabel: string;
}) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [draft, setDraft] = useState("");
  const [on, setOn] = useState(
    () => new Set<OptionalEmailKind>(choices.filter((c) => c.on).map((c) => c.kind)),
  );
  const save = () =>
    run("Sending a confirmation link…", async () => {
      const result = await setEmailAddressAction({ address: draft });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDraft("");
      router.refresh();
      return {
        kind: "success",
        text: `We are sending a link to ${result.data.address}. Open it in this browser to confirm the address.`,
      };
    });
  const remove = () =>
    run("Removing your email address…", async () => {
      const result = await removeEmailAddressAction({});
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: "Your email address was removed. Scrip will not email you." };
    });
  const saveChoices = () =>
    run("Saving…", async () => {
      const optedOut = choices.map((c) => c.kind).filter((kind) => !on.has(kind));
      const result = await setEmailOptOutsAction({ optedOut });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: "Saved." };
    });
  return (
    <div className="space-y-6">
      <section aria-labelledby="address" className="space-y-3">
        <h2 id="address" className="text-xl font-semibold">
          Your address
        </h2>
        {address ? (
          <p className="break-words text-stone-700">
            {verified ? (
              <>
                Scrip emails <span className="font-medium">{address}</span>.
              </>
            ) : (
              <>
                <span className="font-medium">{address}</span> is waiting for you to open the link we emailed
                to it. Nothing else is sent there until then.
              </>
            )}
          </p>
        ) : (
          <p className="text-stone-700">
            Scrip does not email you. Add an address to get your notifications by email too.
          </p>
        )}
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label className="block min-w-0 flex-1 space-y-1">
            <span className="text-sm font-medium">{address ? "A different address" : "Email address"}</span>
            <input
              type="email"
              name="email"
              autoComplete="email"
              required
              maxLength={254}
              className={textInput}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
            />
          </label>
          <button type="submit" className={primaryButton} disabled={busy || draft.trim() === ""}>
            Send confirmation link
          </button>
        </form>
        {address ? (
          <button type="button" className={dangerButton} disabled={busy} onClick={remove}>
            Remove my address
          </button>
        ) : null}
      </section>
      {address ? (
        <section aria-labelledby="kinds" className="space-y-3">
          <h2 id="kinds" className="text-xl font-semibold">
            What to email
          </h2>
          <fieldset className="space-y-2">
            <legend className="sr-only">Email me when</legend>
            {choices.map((choice) => (
              <label key={choice.kind} className="flex min-h-11 items-center gap-3">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={on.has(choice.kind)}
                  onChange={(event) => {
                    const next = new Set(on);
                    if (event.target.checked) next.add(choice.kind);
                    else next.delete(choice.kind);
                    setOn(next);
                  }}
                />
                <span>{choice.label}</span>
              </label>
            ))}
            <label className="flex min-h-11 items-center gap-3 text-stone-600">
              <input type="checkbox" className="size-5" checked disabled />
              <span>{securityLabel}</span>
            </label>
          </fieldset>
          <button type="button" className={secondaryButton} disabled={busy} onClick={saveChoices}>
            Save email choices
          </button>
        </section>
      ) : null}
      <StatusMessage status={status} />
    </div>
  );
}
