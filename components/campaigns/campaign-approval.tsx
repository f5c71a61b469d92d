"use client";

import { useId, useState } from "react";
import {
  adminCampaignDecisionOptionsAction,
  approveCampaignAction,
  rejectCampaignAction,
} from "@/app/(admin)/admin/campaigns/actions";
import { confirmWithPasskey } from "@/components/admin/confirm-with-passkey";
import { dangerButton, primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Approve (with a passkey) or reject (with a reason) one campaign awaiting approval. */
export function CampaignApproval({ campaignId, summary }: { campaignId: string; summary: string }) {
  const ids = useId();
  const [reason, setReason] = useState("");
  const [done, setDone] = useState(false);
  const { busy, status, run } = useActionStatus();
  const approve = () =>
    run("Confirm with your passkey…", async () => {
      const outcome = await confirmWithPasskey(
        () => adminCampaignDecisionOptionsAction({ campaignId, decision: "approve" }),
        (stepUp) => approveCampaignAction({ campaignId, stepUp }),
        () => `Approved: ${summary} can now be issued.`,
      );
      if (outcome?.kind === "success") setDone(true);
      return outcome;
    });
  const reject = () =>
    run("Rejecting…", async () => {
      const result = await rejectCampaignAction({ campaignId, reason: reason.trim() });
      if (result.ok) setDone(true);
      return result.ok
        ? { kind: "success", text: `Rejected ${summary}.` }
        : { kind: "error", text: errorText(result.error) };
    });
  return (
    <div className="space-y-2">
      {done ? null : (
        <>
          <label htmlFor={`${ids}-reason`} className="block text-sm font-medium">
            Reason (required to reject)
          </label>
          <input
            id={`${ids}-reason`}
            className={textInput}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <button type="button" className={primaryButton} disabled={busy} onClick={approve}>
              Approve with passkey
            </button>
            <button type="button" className={dangerButton} disabled={busy} onClick={reject}>
              Reject
            </button>
          </div>
        </>
      )}
      <StatusMessage status={status} />
    </div>
  );
}
