/**
 * The route label of a request: the route's pattern as the app names it (`/s/[shop]`, `/api/v1/transfers/[id]`),
 * never the raw path, so a metric has one series per route and not one per coupon or shop (bounded cardinality).
 *
 * Patterns come from the production build's own routing table, `.next/routes-manifest.json` (its `staticRoutes`
 * and `dynamicRoutes`, each a page pattern and the regular expression Next routes it by, most specific first).
 * Next's internal paths and files outside the table get a fixed label each.
 */
import fs from "node:fs";
import path from "node:path";

/** The part of routes-manifest.json read here. */
export interface RoutesManifest {
  staticRoutes?: { page: string; regex: string }[];
  dynamicRoutes?: { page: string; regex: string }[];
}

/** Label of a path no route matches (a public file, a 404). */
export const unmatchedRoute = "(unmatched)";

export type RouteMatcher = (pathname: string) => string;

/** A matcher for the routes of `manifest`. */
export function routeMatcher(manifest: RoutesManifest): RouteMatcher {
  const staticPages = new Map<string, string>();
  for (const route of manifest.staticRoutes ?? []) staticPages.set(route.page, route.page);
  const dynamic = (manifest.dynamicRoutes ?? []).map((route) => ({
    page: route.page,
    pattern: new RegExp(route.regex),
  }));
  return (rawPath) => {
    if (rawPath.startsWith("/_next/")) {
      const area = /^\/_next\/([\w-]+)/.exec(rawPath)?.[1];
      return area ? `/_next/${area}` : "/_next";
    }
    // An RSC request for a page (`/wallet.rsc`, `/wallet.segments/…`) is that page's route.
    const pathname = rawPath.replace(/\.rsc$/, "").replace(/\.segments\/.*$/, "") || "/";
    const normalised = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
    const exact = staticPages.get(normalised);
    if (exact) return exact;
    for (const route of dynamic) if (route.pattern.test(normalised)) return route.page;
    return unmatchedRoute;
  };
}

/** The route matcher of the build in `root`/.next (every path unmatched when there is no build). */
export function buildRouteMatcher(root: string): RouteMatcher {
  try {
    const text = fs.readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8");
    return routeMatcher(JSON.parse(text) as RoutesManifest);
  } catch {
    return routeMatcher({});
  }
}
