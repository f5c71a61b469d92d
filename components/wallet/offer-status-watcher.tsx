"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** How often the giver's page asks whether the offer was answered. */
const pollMilliseconds = 2_000;

/**
 * Watches a coupon with a pending offer by polling its small status route; when a new event lands (accepted,
 * declined, cancelled elsewhere) or the offer is no longer open (its expiry passed, even before the job closed it)
 * the page re-renders from the server, without a reload.
 */
export function OfferStatusWatcher({
  couponId,
  transferId,
  lastEventSeq,
}: {
  couponId: string;
  transferId: string;
  lastEventSeq: number;
}) {
  const router = useRouter();
  const seen = useRef(lastEventSeq);
  seen.current = lastEventSeq;
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/wallet/coupon-status", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ couponId }),
        });
        if (!response.ok || stopped) return;
        const { data } = (await response.json()) as {
          data: { lastEventSeq: number; pendingTransferId: string | null };
        };
        if (data.lastEventSeq !== seen.current || data.pendingTransferId !== transferId) router.refresh();
      } catch {
        // A missed poll is retried on the next tick.
      }
    }, pollMilliseconds);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [couponId, transferId, router]);
  return (
    <p role="status" aria-live="polite" className="text-sm text-stone-600">
      Waiting for an answer… this page updates by itself.
    </p>
  );
}
