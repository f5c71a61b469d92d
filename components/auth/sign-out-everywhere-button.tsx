"use client";

import { useRouter } from "next/navigation";
import { signOutEverywhereAction } from "@/app/(wallet)/wallet/settings/security/actions";
import { dangerButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Ends every session of this account, on every device, this one included. */
export function SignOutEverywhereButton() {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={dangerButton}
        disabled={busy}
        onClick={() =>
          run("Signing out everywhere…", async () => {
            const result = await signOutEverywhereAction({});
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            router.replace("/signin");
            router.refresh();
            return { kind: "progress", text: "Signed out; going to the sign-in page…" };
          })
        }
      >
        Sign out everywhere
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
