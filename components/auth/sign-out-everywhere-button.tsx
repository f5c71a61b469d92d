"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOutEverywhereAction } from "@/app/(wallet)/wallet/settings/security/actions";
import { dangerButton } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";

/** Ends every session of this account, on every device, this one included. */
export function SignOutEverywhereButton() {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={dangerButton}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setStatus({ kind: "progress", text: "Signing out everywhere…" });
          const result = await signOutEverywhereAction({});
          if (!result.ok) {
            setBusy(false);
            setStatus({ kind: "error", text: errorText(result.error) });
            return;
          }
          router.replace("/signin");
          router.refresh();
        }}
      >
        Sign out everywhere
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
