"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { rotateKeyAction, rotateKeyOptionsAction } from "@/app/(admin)/admin/keys/actions";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { confirmWithPasskey } from "./confirm-with-passkey";

/** Rotates the issuer key of one purpose, for a reason, confirmed with the admin's passkey. */
export function RotateKeyForm({ purpose, label }: { purpose: "value" | "owner_attestation"; label: string }) {
  const ids = useId();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const { busy, status, run } = useActionStatus();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    return run("Confirm with your passkey…", async () => {
      const input = { purpose, reason: reason.trim() };
      const outcome = await confirmWithPasskey(
        () => rotateKeyOptionsAction(input),
        (stepUp) => rotateKeyAction({ ...input, stepUp }),
        (data) => `Rotated: ${data.kid} is now the active ${label}; the old key stays published.`,
      );
      if (outcome?.kind === "success") {
        setReason("");
        router.refresh();
      }
      return outcome;
    });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <label htmlFor={`${ids}-reason`} className="block text-sm font-medium">
        Reason for rotating the {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={`${ids}-reason`}
          className={textInput}
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button type="submit" className={`${secondaryButton} shrink-0`} disabled={busy}>
          Rotate {label} with passkey
        </button>
      </div>
      <StatusMessage status={status} />
    </form>
  );
}
