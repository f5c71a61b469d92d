"use client";

import { type FormEvent, useId } from "react";
import { rotateKeyAction, rotateKeyOptionsAction } from "@/app/(admin)/admin/keys/actions";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { usePasskeyConfirmed } from "./use-passkey-confirmed";

/** Rotates the issuer key of one purpose, for a reason, confirmed with the admin's passkey. */
export function RotateKeyForm({ purpose, label }: { purpose: "value" | "owner_attestation"; label: string }) {
  const ids = useId();
  const { busy, status, reason, setReason, confirm } = usePasskeyConfirmed();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = { purpose, reason: reason.trim() };
    return confirm(
      () => rotateKeyOptionsAction(input),
      (stepUp) => rotateKeyAction({ ...input, stepUp }),
      (data) => `Rotated: ${data.kid} is now the active ${label}; the old key stays published.`,
    );
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
