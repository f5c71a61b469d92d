"use client";

import { useEffect } from "react";

/** Where app/serwist/[path]/route.ts serves the worker built from app/sw.ts. */
export const serviceWorkerUrl = "/serwist/sw.js";

/**
 * Registers Scrip's service worker (app/sw.ts) for the whole site, so the installed wallet opens offline. Only in
 * production builds: in development the worker would keep serving old chunks. Renders nothing.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register(serviceWorkerUrl, { scope: "/", type: "module", updateViaCache: "none" })
      .catch((error: unknown) => console.warn("The offline wallet could not be set up:", error));
  }, []);
  return null;
}
