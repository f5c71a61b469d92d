import { randomUUID } from "node:crypto";
import { createSerwistRoute } from "@serwist/turbopack";
import { offlinePath } from "@/lib/terminal/offline-path";

/**
 * Serves the service worker at /serwist/sw.js (Serwist's Turbopack route, https://serwist.pages.dev/docs/next/turbo):
 * app/sw.ts bundled with esbuild at build time, with the precache manifest — every file under .next/static (the
 * app's JS and CSS chunks) and public/ (the icons) — plus the offline page. The offline page's HTML changes with
 * every build (its chunk names), so its revision is new with every build too.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  additionalPrecacheEntries: [{ url: offlinePath, revision: randomUUID() }],
  // Source maps would be precached too, and are no use offline.
  globIgnores: ["**/*.map"],
});
