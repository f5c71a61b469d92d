"use client";

import { useRef, useState } from "react";
import { requestFromCouponAction } from "@/app/(merchant)/merchant/[slug]/pos/scan-actions";
import { QrScanPanel } from "@/components/scan/qr-scan-panel";
import { readScanTarget } from "@/components/scan/scan-target";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import type { TillRequestStarted, TillSale } from "./till-types";

const emptySaleText = "Enter an amount or tap products first.";

const isEmpty = (sale: TillSale) =>
  !(sale.amount && sale.amount.trim() !== "") && !(sale.lines && sale.lines.length > 0);

/**
 * The till scans a customer's coupon QR code (camera in the page, or the token pasted) and sends that customer a
 * payment request for `sale`, which they confirm in their own wallet. An empty sale is refused before the camera
 * opens; whatever the server refuses (a stale, forged or foreign coupon…) is said plainly and the till may scan
 * again.
 */
export function ScanCustomerCoupon({
  slug,
  sale,
  onRequested,
}: {
  slug: string;
  sale: TillSale;
  onRequested: (request: TillRequestStarted) => void;
}) {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // The camera's callback outlives the render that opened it: it reads the sale as it stands when a code is read.
  const current = useRef({ sale, onRequested });
  current.current = { sale, onRequested };

  function toggle() {
    if (open) {
      setOpen(false);
      return;
    }
    if (isEmpty(sale)) {
      setProblem(emptySaleText);
      return;
    }
    setProblem(null);
    setOpen(true);
  }

  async function scanned(text: string): Promise<string | undefined> {
    const { sale: now, onRequested: done } = current.current;
    if (isEmpty(now)) return emptySaleText;
    const target = readScanTarget(text, window.location.origin);
    if (target.kind !== "coupon") {
      return "This is not a coupon's QR code. Ask the customer to open a coupon in their wallet and show its QR code.";
    }
    const result = await requestFromCouponAction({
      slug,
      token: target.token,
      amount: now.lines && now.lines.length > 0 ? null : now.amount,
      lines: now.lines && now.lines.length > 0 ? now.lines : null,
    });
    if (!result.ok) return errorText(result.error);
    setOpen(false);
    done(result.data);
    return undefined;
  }

  return (
    <div className="space-y-3">
      <button type="button" className={secondaryButton} aria-expanded={open} onClick={toggle}>
        {open ? "Close the coupon scanner" : "Scan the customer's coupon"}
      </button>
      {problem ? <StatusMessage status={{ kind: "error", text: problem }} /> : null}
      {open ? (
        <div className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
          <p className="text-sm text-stone-700">
            The customer opens a coupon in their wallet and shows its QR code. They then confirm the payment
            in their own wallet.
          </p>
          <QrScanPanel
            scanLabel="Scan with camera"
            pasteLabel="Or paste the coupon's code"
            pastePlaceholder="SCRIP2.…"
            onResult={scanned}
          />
        </div>
      ) : null}
    </div>
  );
}
