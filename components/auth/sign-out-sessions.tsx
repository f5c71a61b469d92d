"use client";

import { useRouter } from "next/navigation";
import {
  signOutSessionsAction,
  signOutSessionsOptionsAction,
} from "@/app/(wallet)/wallet/settings/security/actions";
import { dangerButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { withStepUp } from "./passkey-client";

type Scope = "others" | "everywhere";

/**
 * Signs out every other browser, or every browser including this one, each after a passkey confirms it.
 */
export function SignOutSessions() {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const signOut = (scope: Scope) =>
    run("Confirm with one of your passkeys…", async () => {
      const result = await withStepUp(
        () => signOutSessionsOptionsAction({ scope }),
        (stepUp) => signOutSessionsAction({ scope, stepUp }),
      );
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      if (scope === "everywhere") {
        router.replace("/signin");
        router.refresh();
        return { kind: "progress", text: "Signed out everywhere; going to the sign-in page…" };
      }
      router.refresh();
      const count = result.data.revoked;
      return {
        kind: "success",
        text: count === 1 ? "1 other browser was signed out." : `${count} other browsers were signed out.`,
      };
    });
  return (
    <div className="space-y-3">
      <p className="text-stone-700">
        Lost a device, or signed in somewhere you should not have? Sign out the other browsers, or every
        browser including this one. One of your passkeys will ask you to confirm.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButton} disabled={busy} onClick={() => signOut("others")}>
          Sign out other browsers
        </button>
        <button type="button" className={dangerButton} disabled={busy} onClick={() => signOut("everywhere")}>
          Sign out everywhere
        </button>
      </div>
      <StatusMessage status={status} />
    </div>
  );
}
