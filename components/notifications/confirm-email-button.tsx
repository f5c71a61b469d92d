"use client";

import Link from "next/link";
import { useState } from "react";
import { verifyEmailAddressAction } from "@/app/(wallet)/wallet/settings/email/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Confirms the address with the emailed link's token: a button, so a mail scanner opening the link confirms nothing. */
export function ConfirmEmailButton({ token }: { token: string }) {
  const { busy, status, run } = useActionStatus();
  const [done, setDone] = useState(false);
  const confirm = () =>
    run("Confirming…", async () => {
      const result = await verifyEmailAddressAction({ token });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDone(true);
      return { kind: "success", text: `Confirmed: Scrip will email ${result.data.address}.` };
    });
  return (
    <div className="space-y-3">
      {done ? (
        <Link href="/wallet/settings/email" className={primaryButton}>
          Choose what to email
        </Link>
      ) : (
        <button type="button" className={primaryButton} disabled={busy} onClick={confirm}>
          Confirm my email address
        </button>
      )}
      <StatusMessage status={status} />
    </div>
  );
}
