"use client";

import { useRouter } from "next/navigation";
import { resolvePaymentCodeAction } from "@/app/(wallet)/wallet/scan/actions";
import { errorText } from "@/components/ui/status-message";
import { QrScanPanel } from "./qr-scan-panel";
import { readScanTarget } from "./scan-target";

/**
 * The wallet's scanner: a shop till's payment QR (or its six-character code) opens the payment page, a gift's
 * QR opens its claim page; both are checked there before any passkey prompt. Anything else is explained.
 */
export function WalletScanner() {
  const router = useRouter();
  async function open(text: string): Promise<string | undefined> {
    const target = readScanTarget(text, window.location.origin);
    switch (target.kind) {
      case "pay":
      case "claim":
        router.push(target.path);
        return undefined;
      case "code": {
        const result = await resolvePaymentCodeAction({ code: target.code });
        if (!result.ok) return errorText(result.error);
        router.push(`/pay/${result.data.paymentRequestId}`);
        return undefined;
      }
      case "coupon":
        return "This is a coupon's own QR code, which shows a coupon to a shop's till. To receive a coupon, scan the QR code the giver shows under Give in person.";
      case "foreign":
        return "This QR code leads to another website. Scrip opens only its own payment and gift codes.";
      case "unknown":
        return "This is not a Scrip payment or gift code.";
    }
  }
  return (
    <QrScanPanel
      scanLabel="Scan a QR code"
      pasteLabel="Or type the till's code, or paste a payment or gift link"
      pastePlaceholder="K7M-4QX"
      onResult={open}
    />
  );
}
