"use client";

import { browserSupportsWebAuthnAutofill } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { signInWithPasskey } from "./passkey-client";

/**
 * Passkey sign-in: the username field offers the person's passkeys in its autofill (conditional UI) as soon
 * as the page loads; the button opens the browser's passkey dialog instead.
 */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const { busy, status, run, setStatus } = useActionStatus();
  const done = useRef(false);
  const signedIn: Status = { kind: "success", text: "Signed in. Opening your wallet…" };

  /** The status after a sign-in attempt, or undefined to leave the shown one as it is. */
  const finish = (
    result: Awaited<ReturnType<typeof signInWithPasskey>>,
    autofill: boolean,
  ): Status | undefined => {
    if (done.current) return signedIn;
    if (result.ok) {
      done.current = true;
      router.replace(next);
      router.refresh();
      return signedIn;
    }
    // A cancelled autofill request is normal: the person pressed the button, or left the field alone.
    if (autofill && result.error.code === "PASSKEY_CANCELLED") return undefined;
    return { kind: "error", text: errorText(result.error) };
  };

  const finishRef = useRef(finish);
  finishRef.current = finish;

  // Start the autofill request once per page load; it waits until the person picks a passkey.
  useEffect(() => {
    let cancelled = false;
    void browserSupportsWebAuthnAutofill().then(async (supported) => {
      if (!supported || cancelled) return;
      const result = await signInWithPasskey({ autofill: true });
      if (cancelled) return;
      const shown = finishRef.current(result, true);
      if (shown !== undefined) setStatus(shown);
    });
    return () => {
      cancelled = true;
    };
  }, [setStatus]);

  const onButton = () =>
    run("Waiting for your passkey…", async () => {
      const result = await signInWithPasskey();
      if (!result.ok && result.error.code === "PASSKEY_CANCELLED")
        return { kind: "error", text: result.error.message };
      return finish(result, false) ?? null;
    });

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
      <p className="text-sm text-stone-700">
        Lost your passkey?{" "}
        <Link className="text-brand-700 underline" href="/recover">
          Use a recovery code
        </Link>
      </p>
    </form>
  );
}
