"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { declineOfferAction, verifyOfferAction } from "@/app/(wallet)/wallet/coupon-actions";
import { declineGiftAction } from "@/app/(wallet)/wallet/give-actions";
import { PurchaseLink } from "@/components/orders/purchase-link";
import { VerdictChecks } from "@/components/terminal/verdict-checks";
import { refusalText, useVerifyOnDevice } from "@/components/terminal/verify-on-device";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import type { PurchaseLink as Purchase } from "@/lib/orders/purchase-link";
import type { TerminalVerdict } from "@/lib/terminal/terminal-types";
import { acceptGiftWithPasskey, acceptWithPasskey } from "./accept-with-passkey";

/**
 * One offer waiting for this person's answer: verify it live, accept with a passkey, or decline. Accepting first
 * checks the offered coupon on this device (verifyOnDevice) and shows those checks; only when all pass does it
 * ask for the passkey and Scrip for the owner change. A gift of
 * several coupons (`groupId`) is one offer too: accepted or declined whole, with one passkey confirmation. A
 * shop's refund names the purchase it refunds, linked to its receipt.
 */
export function IncomingOfferCard({
  transferId,
  groupId,
  couponsText,
  amountText,
  fromName,
  expiresText,
  refundOf = null,
}: {
  transferId: string;
  groupId: string | null;
  /** For a gift of several coupons: how many ("2 coupons"). */
  couponsText: string | null;
  amountText: string;
  fromName: string;
  expiresText: string;
  refundOf?: Purchase | null;
}) {
  const router = useRouter();
  const { busy, status, run, setStatus } = useActionStatus();
  const verifyOnDevice = useVerifyOnDevice();
  const [declined, setDeclined] = useState(false);
  const [verdict, setVerdict] = useState<TerminalVerdict | null>(null);

  return (
    <li
      className="space-y-3 rounded-xl border border-amber-200 bg-amber-50/50 p-4"
      aria-label={`Offer of ${amountText} from ${fromName}`}
    >
      <div>
        <p className="text-lg font-semibold">
          {fromName} offers you <span className="tabular-nums">{amountText}</span>
        </p>
        <p className="text-sm text-stone-700">
          {couponsText ? `In ${couponsText} · ` : ""}answer by {expiresText}
        </p>
        {refundOf ? (
          <p className="text-sm">
            <PurchaseLink purchase={refundOf} relation="refund" />
          </p>
        ) : null}
      </div>
      <div className={declined ? "hidden" : "flex flex-wrap gap-2"}>
        <button
          type="button"
          className={secondaryButton}
          disabled={busy}
          onClick={() =>
            run("Asking Scrip to verify…", async () => {
              const result = await verifyOfferAction({ transferId });
              if (!result.ok) return { kind: "error", text: errorText(result.error) };
              return result.data.genuine && result.data.current
                ? { kind: "success", text: "Verified: a genuine coupon, and this offer is open for you." }
                : { kind: "error", text: "Not valid: this offer can no longer be accepted." };
            })
          }
        >
          Verify
        </button>
        <button
          type="button"
          className={primaryButton}
          disabled={busy}
          onClick={() =>
            run("Checking the coupon on this device…", async () => {
              const checked = await verifyOnDevice({ transferId, groupId });
              setVerdict(checked);
              if (!checked.ok) {
                return { kind: "error", text: refusalText(checked, "accepted") };
              }
              setStatus({ kind: "progress", text: "Confirm with your passkey…" });
              return groupId
                ? acceptGiftWithPasskey(
                    { groupId },
                    { success: `Accepted: ${amountText} is yours.`, open: () => router.refresh() },
                  )
                : acceptWithPasskey(
                    { transferId },
                    { success: "Accepted: the coupon is yours.", open: (path) => router.push(path) },
                  );
            })
          }
        >
          Accept
        </button>
        <button
          type="button"
          className={secondaryButton}
          disabled={busy}
          onClick={() =>
            run("Declining…", async () => {
              const result = groupId
                ? await declineGiftAction({ groupId })
                : await declineOfferAction({ transferId });
              if (!result.ok) return { kind: "error", text: errorText(result.error) };
              setDeclined(true);
              return {
                kind: "success",
                text: groupId
                  ? "Declined: the gift went back to its giver."
                  : "Declined: the coupon went back to its giver.",
              };
            })
          }
        >
          Decline
        </button>
      </div>
      {verdict ? <VerdictChecks verdict={verdict} /> : null}
      <StatusMessage status={status} />
    </li>
  );
}
