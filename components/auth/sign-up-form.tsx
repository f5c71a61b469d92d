"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { signUpWithPasskey } from "./passkey-client";
import { RecoveryCodesView } from "./recovery-codes-view";

/** Creates an account: a handle, a display name and a new passkey (platform or security key). */
export function SignUpForm({ next }: { next: string }) {
  const router = useRouter();
  const { busy, status, run, setStatus } = useActionStatus();
  // Once the wallet exists the form stays disabled while the wallet opens (a second submission would only fail).
  const [created, setCreated] = useState(false);
  // The recovery codes, shown once after the wallet was created, until the person says they saved them.
  const [codes, setCodes] = useState<string[] | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return run("Waiting for your passkey…", async () => {
      const result = await signUpWithPasskey({
        handle: String(form.get("handle") ?? ""),
        displayName: String(form.get("displayName") ?? ""),
      });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setCreated(true);
      setCodes(result.data.recoveryCodes);
      return { kind: "success", text: "Your wallet is ready." };
    });
  };

  if (codes && codes.length > 0) {
    return (
      <RecoveryCodesView
        codes={codes}
        doneLabel="Open my wallet"
        onDone={() => {
          setCodes([]);
          setStatus({ kind: "progress", text: "Opening your wallet…" });
          router.replace(next);
          router.refresh();
        }}
      />
    );
  }

  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <div className="space-y-1">
        <label htmlFor="signup-handle" className="block font-medium">
          Handle
        </label>
        <input
          id="signup-handle"
          name="handle"
          required
          minLength={3}
          maxLength={30}
          pattern="[A-Za-z0-9_]{3,30}"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          aria-describedby="signup-handle-help"
          className={textInput}
        />
        <p id="signup-handle-help" className="text-sm text-stone-600">
          3–30 letters, digits or underscores. Others give you coupons by this handle.
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="signup-display-name" className="block font-medium">
          Display name
        </label>
        <input
          id="signup-display-name"
          name="displayName"
          required
          maxLength={100}
          autoComplete="name"
          className={textInput}
        />
      </div>
      <button type="submit" className={`${primaryButton} w-full`} disabled={busy || created}>
        Create wallet with a passkey
      </button>
      <StatusMessage status={status} />
      <p className="text-sm text-stone-700">
        Already have a wallet?{" "}
        <Link className="text-brand-700 underline" href={`/signin?next=${encodeURIComponent(next)}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
