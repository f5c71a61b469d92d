"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { concernsArea, type LiveArea, parseLiveMessage } from "@/lib/live/topics";

/**
 * The window event LiveRefresh sends along with each refresh, for parts of a page that keep their own copy of
 * the data (the wallet terminal re-syncs its encrypted copy on it).
 */
export const liveChangeEvent = "scrip:live-change";

/** Several changes in a burst (one checkout touches many rows) become one refresh. */
const refreshDelayMs = 150;
/** Only when the stream cannot be opened: how often the page refreshes itself instead. */
const pollMs = 5_000;
/** …and how often it tries the stream again. */
const retryStreamMs = 30_000;

/**
 * Keeps the server-rendered page current: one EventSource on /api/live, and `router.refresh()` (debounced) when
 * an event concerns this `area`'s pages. It reconnects with the last event id (the server catches up), refreshes
 * after a reconnect, falls back to polling only while the stream cannot be opened, stops for good when the
 * session ended (401), and steps aside when a newer tab of the same session took its place until it is looked at
 * again. Renders nothing.
 */
export function LiveRefresh({ area }: { area: LiveArea }) {
  const router = useRouter();
  useEffect(() => {
    let source: EventSource | null = null;
    let stopped = false;
    let paused = false;
    let everOpened = false;
    let lastEventId = "";
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pollTimer: ReturnType<typeof setInterval> | undefined;

    // The first event of a burst schedules one refresh and the rest join it, so a steady stream of events
    // cannot postpone the refresh.
    const refresh = () => {
      refreshTimer ??= setTimeout(() => {
        refreshTimer = undefined;
        if (navigator.onLine) router.refresh();
        window.dispatchEvent(new Event(liveChangeEvent));
      }, refreshDelayMs);
    };
    const startPolling = () => {
      pollTimer ??= setInterval(() => {
        // Offline, a refresh cannot reach the server and would reload the page into the browser's error page.
        if (document.visibilityState === "visible" && navigator.onLine) router.refresh();
      }, pollMs);
    };
    const stopPolling = () => {
      clearInterval(pollTimer);
      pollTimer = undefined;
    };
    const closeSource = () => {
      source?.close();
      source = null;
    };
    const stop = () => {
      stopped = true;
      closeSource();
      stopPolling();
      clearTimeout(retryTimer);
    };

    /** The stream could not be opened: ask why, then stop (signed out) or poll and try again later. */
    const fallBack = async () => {
      try {
        const response = await fetch("/api/live", { method: "HEAD", cache: "no-store" });
        if (response.status === 401) {
          stop();
          return;
        }
      } catch {
        // Offline or the server is down: polling fails quietly too until it is back.
      }
      if (stopped) return;
      startPolling();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(open, retryStreamMs);
    };

    function open() {
      if (stopped || source) return;
      if (typeof EventSource === "undefined") {
        startPolling();
        return;
      }
      const url = lastEventId ? `/api/live?after=${encodeURIComponent(lastEventId)}` : "/api/live";
      const opened = new EventSource(url);
      source = opened;
      opened.onopen = () => {
        stopPolling();
        // Anything may have changed while no stream was open.
        if (everOpened) refresh();
        everOpened = true;
      };
      opened.onmessage = (event) => {
        if (event.lastEventId) lastEventId = event.lastEventId;
        const message = parseLiveMessage(event.data);
        if (message && concernsArea(area, message)) refresh();
      };
      opened.addEventListener("resync", refresh);
      opened.addEventListener("replaced", () => {
        closeSource();
        paused = true;
        if (document.visibilityState === "visible") startPolling();
      });
      opened.addEventListener("end", () => {
        stop();
        router.refresh();
      });
      opened.onerror = () => {
        // While CONNECTING the browser retries by itself (with Last-Event-ID); CLOSED means it gave up.
        if (opened.readyState === EventSource.CLOSED && source === opened) {
          closeSource();
          void fallBack();
        }
      };
    }

    const resume = () => {
      if (!paused || stopped || document.visibilityState !== "visible") return;
      paused = false;
      stopPolling();
      open();
    };
    document.addEventListener("visibilitychange", resume);
    window.addEventListener("focus", resume);
    open();
    return () => {
      stop();
      clearTimeout(refreshTimer);
      document.removeEventListener("visibilitychange", resume);
      window.removeEventListener("focus", resume);
    };
  }, [area, router]);
  return null;
}
