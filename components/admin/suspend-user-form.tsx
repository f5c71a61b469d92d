"use client";

import { type FormEvent, useId } from "react";
import { suspendByHandleOptionsAction } from "@/app/(admin)/admin/actions";
import { suspendPartyAction } from "@/app/(admin)/admin/parties/actions";
import { dangerButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { runStepUp } from "@/components/wallet/run-step-up";
import { plural } from "@/lib/words/plural";

/** Suspends an account by handle, confirmed with the admin's passkey; all of its sessions end. */
export function SuspendUserForm() {
  const ids = useId();
  const { busy, status, run } = useActionStatus();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const handle = String(data.get("handle") ?? "");
    const reason = String(data.get("reason") ?? "");
    return run("Confirm with your passkey…", async () => {
      const result = await runStepUp(
        () => suspendByHandleOptionsAction({ handle, reason }),
        (context, stepUp) => suspendPartyAction({ partyId: context.partyId, reason, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      form.reset();
      return {
        kind: "success",
        text: `Suspended; ${plural(result.data.result.endedSessions, "session")} ended.`,
      };
    });
  };
  return (
    <form className="space-y-3 rounded-xl border border-stone-200 bg-white p-5" onSubmit={onSubmit}>
      <h2 className="text-lg font-semibold">Suspend an account</h2>
      <div className="space-y-1">
        <label htmlFor={`${ids}-handle`} className="block text-sm font-medium">
          Handle
        </label>
        <input
          id={`${ids}-handle`}
          name="handle"
          required
          maxLength={31}
          autoCapitalize="none"
          autoComplete="off"
          className={textInput}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={`${ids}-reason`} className="block text-sm font-medium">
          Reason
        </label>
        <input
          id={`${ids}-reason`}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          className={textInput}
        />
      </div>
      <button type="submit" className={dangerButton} disabled={busy}>
        Suspend account
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
