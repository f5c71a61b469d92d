"use client";

import { useRouter } from "next/navigation";
import { enrolAdminAction } from "@/app/(admin)/admin/enrol/[token]/actions";
import { primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Confirms an admin enrolment link for the signed-in account. */
export function EnrolAdminForm({ token, handle }: { token: string; handle: string }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={primaryButton}
        disabled={busy}
        onClick={() =>
          run("Enrolling…", async () => {
            const result = await enrolAdminAction({ token });
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            router.replace("/admin");
            router.refresh();
            return { kind: "success", text: "You are now an admin." };
          })
        }
      >
        Make @{handle} an admin
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
