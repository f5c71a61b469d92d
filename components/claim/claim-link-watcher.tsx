"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** How often an open claim page asks where its link stands (a claim or cancellation shows within 2 s). */
const pollMilliseconds = 1_200;

/**
 * Keeps an open claim page current: while the link is still offered and the tab is visible, it asks the small
 * status route (with the link's code and the offer id) about once a second, and re-renders the page from the
 * server as soon as the link was claimed, cancelled or ran out, then stops. A claim page's viewer is usually no
 * party to the offer, so the signed-in live stream (which carries only a person's own things) cannot tell it.
 */
export function ClaimLinkWatcher({ transferId, claimCode }: { transferId: string; claimCode: string }) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (delay: number) => {
      if (!stopped) timer = setTimeout(check, delay);
    };
    async function check() {
      if (document.visibilityState !== "visible") {
        schedule(pollMilliseconds);
        return;
      }
      try {
        const response = await fetch("/api/claim/status", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ transferId, claimCode }),
          cache: "no-store",
        });
        if (stopped) return;
        if (response.status === 429) {
          schedule(Number(response.headers.get("Retry-After") ?? 30) * 1000);
          return;
        }
        if (response.status >= 500) {
          schedule(pollMilliseconds * 5);
          return;
        }
        const body = (await response.json().catch(() => null)) as { data?: { status?: string } } | null;
        if (response.ok && body?.data?.status === "pending") {
          schedule(pollMilliseconds);
          return;
        }
        // Claimed, cancelled, expired or no longer valid: the page says which.
        stopped = true;
        router.refresh();
      } catch {
        // Offline for a moment: ask again on the next tick.
        schedule(pollMilliseconds);
      }
    }
    schedule(pollMilliseconds);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [transferId, claimCode, router]);
  return (
    <p aria-live="polite" className="text-sm text-stone-600">
      This page updates by itself while the link is open.
    </p>
  );
}
