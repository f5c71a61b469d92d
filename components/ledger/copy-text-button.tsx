"use client";

import { secondaryButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** A button that copies `text` (a payment reference, an IBAN) and says so. */
export function CopyTextButton({ text, label, what }: { text: string; label: string; what: string }) {
  const { status, setStatus } = useActionStatus();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={`${secondaryButton} min-h-9 px-3 py-1 text-sm`}
        onClick={() =>
          navigator.clipboard
            ?.writeText(text)
            .then(() => setStatus({ kind: "success", text: `${what} copied.` }))
            .catch(() =>
              setStatus({
                kind: "error",
                text: `Could not copy the ${what.toLowerCase()}; select it instead.`,
              }),
            )
        }
      >
        {label}
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
