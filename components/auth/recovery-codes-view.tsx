"use client";

import { useId, useState } from "react";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";

/**
 * Shows a new set of recovery codes once, and stays until the person says they saved them (the codes are never
 * shown again: only their hashes are kept).
 */
export function RecoveryCodesView({
  codes,
  onDone,
  doneLabel = "Continue",
}: {
  codes: string[];
  onDone: () => void;
  doneLabel?: string;
}) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState(false);
  const checkboxId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section
      aria-label="Your recovery codes"
      className="space-y-4 rounded-xl border border-amber-300 bg-amber-50 p-4"
    >
      <h2 className="text-lg font-semibold">Save your recovery codes</h2>
      <p className="text-stone-800">
        If you lose every passkey, one of these codes lets you add a new passkey to your wallet. Each code
        works once. Keep them somewhere safe, away from this device: anyone with a code and your handle can
        take over your wallet. They will not be shown again.
      </p>
      <ol className="grid grid-cols-1 gap-2 font-mono text-base sm:grid-cols-2" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code} className="rounded bg-white px-3 py-2 tracking-wide break-all">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={secondaryButton} onClick={copy}>
          Copy the codes
        </button>
        <span aria-live="polite" className="text-sm text-stone-700">
          {copied ? "Copied." : ""}
        </span>
      </div>
      <div className="flex items-start gap-2">
        <input
          id={checkboxId}
          type="checkbox"
          className="mt-1 size-5"
          checked={saved}
          onChange={(e) => setSaved(e.target.checked)}
        />
        <label htmlFor={checkboxId}>I have saved these codes somewhere safe</label>
      </div>
      <button type="button" className={primaryButton} disabled={!saved} onClick={onDone}>
        {doneLabel}
      </button>
    </section>
  );
}
