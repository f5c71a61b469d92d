"use client";

import { useId, useState } from "react";
import {
  approveIssuanceAction,
  approveOptionsAction,
  rejectIssuanceAction,
} from "@/app/(admin)/admin/approvals/actions";
import { dangerButton, primaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { confirmWithPasskey } from "./confirm-with-passkey";

/** Approve (with a passkey, optional note) or reject (with a reason) one issuance request. */
export function ApprovalDecision({ requestId, summary }: { requestId: string; summary: string }) {
  const ids = useId();
  const [reason, setReason] = useState("");
  const { busy, status, run } = useActionStatus();
  const [done, setDone] = useState(false);
  // The decided request stays on screen with its outcome (no refresh): the next visit no longer lists it.
  const finish = (ok: boolean) => {
    if (ok) setDone(true);
  };

  const approve = () =>
    run("Confirm with your passkey…", async () => {
      const input = { requestId, reason: reason.trim() };
      const outcome = await confirmWithPasskey(
        () => approveOptionsAction(input),
        (stepUp) => approveIssuanceAction({ ...input, stepUp }),
        () => `Approved: the coupon for ${summary} is issued to the requester.`,
      );
      finish(outcome?.kind === "success");
      return outcome;
    });
  const reject = () =>
    run("Rejecting…", async () => {
      const result = await rejectIssuanceAction({ requestId, reason: reason.trim() });
      finish(result.ok);
      return result.ok
        ? { kind: "success", text: `Rejected the request for ${summary}.` }
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
