"use client";

import { type FormEvent, useState } from "react";
import { suspendUserAction } from "@/app/(admin)/admin/actions";
import { dangerButton, textInput } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";

/** Suspends an account by handle, which ends all of its sessions. */
export function SuspendUserForm() {
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setStatus({ kind: "progress", text: "Suspending…" });
    const result = await suspendUserAction({
      handle: String(data.get("handle") ?? ""),
      reason: String(data.get("reason") ?? ""),
    });
    setBusy(false);
    if (!result.ok) {
      setStatus({ kind: "error", text: errorText(result.error) });
      return;
    }
    form.reset();
    setStatus({ kind: "success", text: `Suspended; ${result.data.endedSessions} session(s) ended.` });
  };
  return (
    <form className="space-y-3 rounded-xl border border-stone-200 bg-white p-5" onSubmit={onSubmit}>
      <h2 className="text-lg font-semibold">Suspend an account</h2>
      <div className="space-y-1">
        <label htmlFor="suspend-handle" className="block text-sm font-medium">
          Handle
        </label>
        <input
          id="suspend-handle"
          name="handle"
          required
          maxLength={30}
          autoCapitalize="none"
          className={textInput}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="suspend-reason" className="block text-sm font-medium">
          Reason
        </label>
        <input
          id="suspend-reason"
          name="reason"
          required
          minLength={3}
          maxLength={300}
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
