"use client";

import { browserSupportsWebAuthnAutofill } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";
import { signInWithPasskey } from "./passkey-client";

/**
 * Passkey sign-in: the username field offers the person's passkeys in its autofill (conditional UI) as soon
 * as the page loads; the button opens the browser's passkey dialog instead.
 */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const done = useRef(false);

  const finish = (result: Awaited<ReturnType<typeof signInWithPasskey>>, autofill: boolean) => {
    if (done.current) return;
    if (result.ok) {
      done.current = true;
      setStatus({ kind: "success", text: "Signed in. Opening your wallet…" });
      router.replace(next);
      router.refresh();
      return;
    }
    // A cancelled autofill request is normal: the person pressed the button, or left the field alone.
    if (autofill && result.error.code === "PASSKEY_CANCELLED") return;
    setStatus({ kind: "error", text: errorText(result.error) });
  };

  const finishRef = useRef(finish);
  finishRef.current = finish;

  // Start the autofill request once per page load; it waits until the person picks a passkey.
  useEffect(() => {
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then(async (supported) => {
      if (!supported || cancelled) return;
      const result = await signInWithPasskey({ autofill: true });
      if (!cancelled) finishRef.current(result, true);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const onButton = async () => {
    setBusy(true);
    setStatus({ kind: "progress", text: "Waiting for your passkey…" });
    const result = await signInWithPasskey();
    setBusy(false);
    if (!result.ok && result.error.code === "PASSKEY_CANCELLED") {
      setStatus({ kind: "error", text: result.error.message });
      return;
    }
    finish(result, false);
  };

  return (
    <form className="space-y-4" onSubmit={(event) => event.preventDefault()}>
      <div className="space-y-1">
        <label htmlFor="signin-handle" className="block font-medium">
          Handle
        </label>
        <input
          id="signin-handle"
          name="username"
          className={textInput}
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={30}
          placeholder="Pick your passkey from the suggestions"
        />
      </div>
      <button type="button" className={`${primaryButton} w-full`} onClick={onButton} disabled={busy}>
        Sign in with a passkey
      </button>
      <StatusMessage status={status} />
      <p className="text-sm text-stone-700">
        New to Scrip?{" "}
        <Link className="text-brand-700 underline" href={`/signup?next=${encodeURIComponent(next)}`}>
          Create a wallet
        </Link>
      </p>
    </form>
  );
}
