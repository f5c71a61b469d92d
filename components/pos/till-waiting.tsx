"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  cancelTillRequestAction,
  tillRequestStatusAction,
} from "@/app/(merchant)/merchant/[slug]/pos/actions";
import { ClientQrCode } from "@/components/coupons/client-qr-code";
import { liveChangeEvent } from "@/components/live/live-refresh";
import { dangerButton, primaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { formatShortCode } from "@/lib/pos/short-code-format";
import { TillReceipt } from "./till-receipt";
import type { TillRequestStatus } from "./till-status";
import type { TillRequestStarted } from "./till-types";

/** How often the till asks where its request stands, besides whenever the live stream reports a change. */
const pollMs = 2_000;

function timeLeft(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The till while a request is open: the payment QR code and its short code (or, for a request addressed to the
 * customer whose coupon was scanned, who it waits for), the amount, the time left, and Cancel. It follows the
 * request live (the stream's change event, and a poll every two seconds) and turns to the receipt when paid.
 */
export function TillWaiting({
  slug,
  shopName,
  request,
  onDone,
}: {
  slug: string;
  shopName: string;
  request: TillRequestStarted;
  onDone: () => void;
}) {
  const [current, setCurrent] = useState<TillRequestStatus | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [origin, setOrigin] = useState<string | null>(null);
  const cancel = useActionStatus();
  const asking = useRef(false);
  const amount = formatMoney(moneyOf(BigInt(request.amountMinor), request.currency));
  const expiresAt = new Date(request.expiresAt).getTime();
  const state = current?.state ?? "open";
  // The server's word decides (this device's clock may be off): "Expired" shows when the server says so.
  const expired = state === "expired";
  const settled = state !== "open";

  const check = useCallback(async () => {
    if (asking.current) return;
    asking.current = true;
    try {
      const result = await tillRequestStatusAction({ slug, id: request.id });
      if (result.ok) setCurrent(result.data);
    } catch {
      // Offline for a moment: the next poll asks again.
    } finally {
      asking.current = false;
    }
  }, [slug, request.id]);

  useEffect(() => setOrigin(window.location.origin), []);
  useEffect(() => {
    if (settled) return;
    void check();
    const poll = setInterval(() => void check(), pollMs);
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    const onLive = () => void check();
    window.addEventListener(liveChangeEvent, onLive);
    return () => {
      clearInterval(poll);
      clearInterval(tick);
      window.removeEventListener(liveChangeEvent, onLive);
    };
  }, [settled, check]);

  function cancelRequest() {
    void cancel.run("Cancelling…", async () => {
      const result = await cancelTillRequestAction({ slug, id: request.id });
      await check();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      return null;
    });
  }

  if (state === "paid" && current?.receipt) {
    return (
      <TillReceipt
        amount={amount}
        currency={request.currency}
        status={current}
        receipt={current.receipt}
        onNext={onDone}
      />
    );
  }
  if (expired || state === "cancelled") {
    return (
      <section
        className="space-y-4 rounded-xl border border-stone-200 bg-white p-6 text-center"
        aria-live="polite"
      >
        <p className="text-3xl font-semibold" data-testid="till-state">
          {expired ? "Expired" : "Cancelled"}
        </p>
        <p className="text-stone-700">
          {amount} to {shopName} was not paid.
        </p>
        <button type="button" className={`${primaryButton} text-lg`} onClick={onDone}>
          Start again
        </button>
      </section>
    );
  }
  return (
    <section className="space-y-4 rounded-xl border border-stone-200 bg-white p-4 text-center sm:p-6">
      <p className="text-sm text-stone-600">Payment to {shopName}</p>
      <p className="text-5xl font-semibold tabular-nums" data-testid="till-amount">
        {amount}
      </p>
      {request.payerName ? (
        <p className="text-xl" data-testid="till-state">
          Waiting for {request.payerName} to confirm in their wallet
        </p>
      ) : (
        <>
          <div className="mx-auto w-full max-w-80">
            {origin ? (
              <ClientQrCode text={`${origin}/pay/${request.id}`} label={`Payment QR code for ${amount}`} />
            ) : null}
          </div>
          <p className="text-stone-700">Scan with Scrip, or type this code in Scrip</p>
          <p className="font-mono text-5xl font-semibold tracking-widest" data-testid="till-code">
            {formatShortCode(request.shortCode)}
          </p>
        </>
      )}
      <p className="text-stone-700" aria-live="off">
        <span className="tabular-nums">{timeLeft(expiresAt - now)}</span> left
      </p>
      <p className="sr-only" aria-live="polite" data-testid="till-waiting">
        Waiting for the payment
      </p>
      <button type="button" className={dangerButton} disabled={cancel.busy} onClick={cancelRequest}>
        Cancel
      </button>
      <StatusMessage status={cancel.status} />
    </section>
  );
}
