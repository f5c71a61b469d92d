"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { recoverWithCode } from "./passkey-client";

/** Handle + recovery code, then a new passkey; on success the person is signed in on the security page. */
export function RecoverForm() {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [done, setDone] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return run("Checking the code, then create your new passkey…", async () => {
      const result = await recoverWithCode({
        handle: String(form.get("handle") ?? ""),
        code: String(form.get("code") ?? ""),
      });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setDone(true);
      router.replace("/wallet/settings/security");
      router.refresh();
      return {
        kind: "success",
        text: "Your new passkey was added and you are signed in. Opening your settings…",
      };
    });
  };

  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <div className="space-y-1">
        <label htmlFor="recover-handle" className="block font-medium">
          Handle
        </label>
        <input
          id="recover-handle"
          name="handle"
          required
          maxLength={40}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          className={textInput}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="recover-code" className="block font-medium">
          Recovery code
        </label>
        <input
          id="recover-code"
          name="code"
          required
          maxLength={80}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          placeholder="e.g. 7KQ2M-X4B9R-PC0TW-3HNZE"
          className={`${textInput} font-mono`}
        />
      </div>
      <button type="submit" className={`${primaryButton} w-full`} disabled={busy || done}>
        Check the code and create a new passkey
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
