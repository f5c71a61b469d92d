"use client";

import { useId, useState } from "react";
import { revealOptionsAction, revealTokenAction } from "@/app/(wallet)/wallet/coupon-actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/** Shows the coupon's token as text and QR code after a passkey confirmation (inside an unlocked wallet). */
export function RevealToken({ couponId }: { couponId: string }) {
  const ids = useId();
  const { busy, status, run } = useActionStatus();
  const [token, setToken] = useState<string | null>(null);
  if (token) {
    return (
      <div className="space-y-3">
        <label htmlFor={`${ids}-token`} className="font-medium">
          Coupon token
        </label>
        <textarea
          id={`${ids}-token`}
          aria-describedby={`${ids}-qr`}
          className={`${textInput} font-mono text-xs break-all`}
          rows={4}
          readOnly
          value={token}
        />
        <p id={`${ids}-qr`} className="text-sm text-stone-600">
          The QR code below carries exactly this token: a shop scans it or pastes the text.
        </p>
        <ClientQrCode text={token} label="QR code of the coupon token" />
        <button type="button" className={secondaryButton} onClick={() => setToken(null)}>
          Hide token
        </button>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <button
        type="button"
        className={secondaryButton}
        disabled={busy}
        onClick={() =>
          run("Confirm with your passkey…", async () => {
            const result = await withStepUp(
              () => revealOptionsAction({ couponId }),
              (stepUp) => revealTokenAction({ couponId, stepUp }),
            );
            if (!result.ok) return { kind: "error", text: errorText(result.error) };
            // The short form when the coupon's ids pack (compact-token.ts): the smallest QR code a camera reads.
            setToken(result.data.qrText);
            return null;
          })
        }
      >
        Show token and QR code
      </button>
      <StatusMessage status={status} />
    </div>
  );
}
