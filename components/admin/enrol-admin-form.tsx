"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { enrolAdminAction } from "@/app/(admin)/admin/enrol/[token]/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, type Status, StatusMessage } from "@/components/ui/status-message";

/** Confirms an admin enrolment link for the signed-in account. */
export function EnrolAdminForm({ token, handle }: { token: string; handle: string }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setStatus({ kind: "progress", text: "Enrolling…" });
          const result = await enrolAdminAction({ token });
          if (!result.ok) {
            setBusy(false);
            setStatus({ kind: "error", text: errorText(result.error) });
            return;
          }
          setStatus({ kind: "success", text: "You are now an admin." });
          router.replace("/admin");
          router.refresh();
        }}
      >
        Make @{handle} an admin
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
