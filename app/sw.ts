/// <reference lib="webworker" />
/**
 * Scrip's service worker (built by app/serwist/[path]/route.ts, registered by the wallet layout). It makes the
 * installed wallet open without a network, and keeps nothing personal:
 * - precached: the app's JS/CSS chunks and icons (same for everyone) and the offline page, fetched without
 *   cookies so it is the signed-out shell;
 * - everything else goes to the network and is never stored — no API response (money data), no page HTML of a
 *   signed-in person. The wallet's own data lives only in its encrypted IndexedDB copy;
 * - a page navigation that fails (no network) gets the offline page: the wallet terminal, which unlocks and shows
 *   that encrypted copy.
 */
import type { PrecacheEntry, SerwistGlobalConfig } from "serwist";
import { NetworkOnly, Serwist } from "serwist";
import { offlinePath } from "@/lib/terminal/offline-path";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: {
    cleanupOutdatedCaches: true,
    fetchOptions: { credentials: "omit" },
  },
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  // Page navigations go to the network (never into a cache), so that a failed one can fall back; every other
  // request not precached (API calls, the live stream, server actions) is left to the browser untouched.
  runtimeCaching: [
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
      handler: new NetworkOnly(),
    },
  ],
  fallbacks: {
    entries: [{ url: offlinePath, matcher: ({ request }) => request.mode === "navigate" }],
  },
});

serwist.addEventListeners();
