"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  recoveryCodesAction,
  recoveryCodesOptionsAction,
} from "@/app/(wallet)/wallet/settings/security/actions";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { withStepUp } from "./passkey-client";
import { RecoveryCodesView } from "./recovery-codes-view";

/** How many recovery codes are left, and a new set on demand (confirmed with a passkey; shown once). */
export function RecoveryCodesPanel({ unused }: { unused: number }) {
  const router = useRouter();
  const { busy, status, run, setStatus } = useActionStatus();
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    return (
      <RecoveryCodesView
        codes={codes}
        doneLabel="Done"
        onDone={() => {
          setCodes(null);
          setStatus({ kind: "success", text: "New recovery codes saved. The old ones no longer work." });
          router.refresh();
        }}
      />
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-stone-700">
        {unused === 1 ? "1 unused recovery code is left." : `${unused} unused recovery codes are left.`} A new
        set replaces every old code. One of your passkeys will ask you to confirm.
      </p>
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        onClick={() =>
          run("Confirm with one of your passkeys…", async () => {
            const result = await withStepUp(
              () => recoveryCodesOptionsAction({}),
              (stepUp) => recoveryCodesAction({ stepUp }),
            );
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            setCodes(result.data.codes);
            return null;
          })
        }
      >
        Make new recovery codes
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
