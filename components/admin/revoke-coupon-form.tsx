"use client";

import type { FormEvent } from "react";
import { revokeCouponAction, revokeOptionsAction } from "@/app/(admin)/admin/coupons/actions";
import { dangerButton } from "@/components/ui/button-styles";
import { StatusMessage } from "@/components/ui/status-message";
import { ReasonField } from "./reason-field";
import { usePasskeyConfirmed } from "./use-passkey-confirmed";

/** Revokes a coupon for a reason, confirmed with the admin's passkey. */
export function RevokeCouponForm({
  couponId,
  funded,
  revocable,
}: {
  couponId: string;
  funded: boolean;
  /** False once the coupon is revoked, converted, split or void; the form then only keeps its outcome. */
  revocable: boolean;
}) {
  const { busy, status, reason, setReason, confirm } = usePasskeyConfirmed();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = { couponId, reason: reason.trim() };
    return confirm(
      () => revokeOptionsAction(input),
      (stepUp) => revokeCouponAction({ ...input, stepUp }),
      (data) =>
        data.converted
          ? "Revoked. Its value was first converted to the holder."
          : "Revoked. The coupon is out of circulation.",
    );
  };
  // Rendered after the refresh too (when it is no longer revocable), so the outcome stays visible.
  if (!revocable) return status ? <StatusMessage status={status} /> : null;
  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-xl border border-red-200 bg-white p-5">
      <h2 className="text-lg font-semibold">Revoke this coupon</h2>
      <p className="text-sm text-stone-700">
        {funded
          ? "It has been paid for, so its value is first converted to the current holder (paid out at the next charging run)."
          : "It has not been paid for; nobody is charged for it."}{" "}
        A pending offer is cancelled.
      </p>
      <ReasonField label="Reason for revoking" value={reason} onChange={setReason} />
      <button type="submit" className={dangerButton} disabled={busy}>
        Revoke with passkey
      </button>
      <StatusMessage status={status} />
    </form>
  );
}
