"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  dismissCreditAction,
  matchCreditAction,
  matchCreditOptionsAction,
} from "@/app/(admin)/admin/bank/actions";
import { confirmWithPasskey } from "@/components/admin/confirm-with-passkey";
import { ReasonField } from "@/components/admin/reason-field";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

export interface ReviewCreditRow {
  id: string;
  /** "€4.00 on 30 Nov 2026 from Zoe Muller". */
  heading: string;
  /** Why it waits: "The payment is less than the invoice (€5.00)." */
  reason: string;
  /** The RF reference the payment carried, as printed; null when none. */
  paidReference: string | null;
  /** The reference to suggest for matching (the invoice it names), typed form. */
  suggestedReference: string;
}

/** One payment waiting for review: match it to an invoice by its reference (passkey), or dismiss it with a reason. */
export function ReviewCredit({ credit }: { credit: ReviewCreditRow }) {
  const router = useRouter();
  const ids = useId();
  const [reference, setReference] = useState(credit.suggestedReference);
  const [reason, setReason] = useState("");
  const { busy, status, run, setStatus } = useActionStatus();

  function match() {
    if (reference.trim() === "") {
      setStatus({ kind: "error", text: "Enter the payment reference of the invoice this payment is for." });
      return;
    }
    void run("Confirm with your passkey to settle the invoice with this payment…", async () => {
      const outcome = await confirmWithPasskey(
        () =>
          matchCreditOptionsAction({ creditId: credit.id, reference }).then((result) =>
            result.ok ? { ok: true as const, data: result.data.options } : result,
          ),
        (stepUp) => matchCreditAction({ creditId: credit.id, reference, stepUp }),
        () => "Matched: the invoice is settled.",
      );
      if (outcome?.kind === "success") router.refresh();
      return outcome;
    });
  }

  function dismiss() {
    if (reason.trim().length < 3) {
      setStatus({ kind: "error", text: "Say in a few words why this payment is dismissed." });
      return;
    }
    void run("Dismissing…", async () => {
      const result = await dismissCreditAction({ creditId: credit.id, reason });
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      router.refresh();
      return { kind: "success", text: "Dismissed." };
    });
  }

  return (
    <li className="space-y-3 p-4" data-testid="review-credit">
      <p className="font-semibold tabular-nums">{credit.heading}</p>
      <p className="text-sm text-stone-700">
        {credit.reason}
        {credit.paidReference ? ` Reference given: ${credit.paidReference}.` : ""}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor={`${ids}-reference`} className="block text-sm font-medium">
            Invoice's payment reference
          </label>
          <input
            id={`${ids}-reference`}
            className={textInput}
            value={reference}
            maxLength={64}
            onChange={(event) => setReference(event.target.value)}
          />
        </div>
        <button type="button" className={secondaryButton} disabled={busy} onClick={match}>
          Match with passkey
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <ReasonField label="Reason to dismiss" value={reason} onChange={setReason} />
        </div>
        <button type="button" className={secondaryButton} disabled={busy} onClick={dismiss}>
          Dismiss
        </button>
      </div>
      <StatusMessage status={status} />
    </li>
  );
}
