"use client";

import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { ActionResult } from "@/lib/auth/action-result";
import { confirmWithPasskey } from "./confirm-with-passkey";

/**
 * An admin form whose action needs a reason and the admin's passkey: the reason's state, and `confirm`, which
 * runs {@link confirmWithPasskey} with progress and outcome shown, then on success clears the reason and
 * refreshes the page so it shows the new state.
 */
export function usePasskeyConfirmed() {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const { busy, status, run } = useActionStatus();
  function confirm<T>(
    begin: () => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>,
    perform: (stepUp: AuthenticationResponseJSON) => Promise<ActionResult<T>>,
    success: (data: T) => string,
  ): Promise<void> {
    return run("Confirm with your passkey…", async () => {
      const outcome = await confirmWithPasskey(begin, perform, success);
      if (outcome?.kind === "success") {
        setReason("");
        router.refresh();
      }
      return outcome;
    });
  }
  return { busy, status, reason, setReason, confirm };
}
