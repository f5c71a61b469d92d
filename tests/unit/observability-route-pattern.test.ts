import { getRouteRegex } from "next/dist/shared/lib/router/utils/route-regex";
import { getSortedRoutes } from "next/dist/shared/lib/router/utils/sorted-routes";
import { describe, expect, it } from "vitest";
import { type RoutesManifest, routeMatcher, unmatchedRoute } from "../../lib/observability/route-pattern";

/** A routes manifest as `next build` writes it: static pages, then dynamic ones most specific first, each with
 * the regular expression Next's own route-regex utility makes for it. */
function manifestOf(pages: string[]): RoutesManifest {
  const sorted = getSortedRoutes(pages);
  const entry = (page: string) => ({ page, regex: getRouteRegex(page).re.source });
  return {
    staticRoutes: sorted.filter((page) => !page.includes("[")).map(entry),
    dynamicRoutes: sorted.filter((page) => page.includes("[")).map(entry),
  };
}

const route = routeMatcher(
  manifestOf([
    "/",
    "/wallet",
    "/s/[shop]",
    "/s/[shop]/checkout",
    "/api/health",
    "/api/ready",
    "/api/v1/transfers",
    "/api/v1/transfers/accept",
    "/api/v1/transfers/[id]/accept",
    "/api/v1/payment-requests/[id]",
    "/api/v1/[...path]",
    "/claim/[[...code]]",
  ]),
);

describe("[metrics] route label", () => {
  it("is the route pattern, never the ids in the path", () => {
    expect(route("/s/demo")).toBe("/s/[shop]");
    expect(route("/s/another-shop/checkout")).toBe("/s/[shop]/checkout");
    expect(route("/api/v1/transfers/trf_01HXYZabc/accept")).toBe("/api/v1/transfers/[id]/accept");
    expect(route("/api/v1/payment-requests/prq_secretish")).toBe("/api/v1/payment-requests/[id]");
  });

  it("prefers a static route over a dynamic one that also matches", () => {
    expect(route("/api/v1/transfers/accept")).toBe("/api/v1/transfers/accept");
    expect(route("/api/v1/transfers")).toBe("/api/v1/transfers");
    expect(route("/api/ready")).toBe("/api/ready");
  });

  it("gives a catch-all's pattern to every path under it", () => {
    expect(route("/api/v1/no/such/thing")).toBe("/api/v1/[...path]");
    expect(route("/claim")).toBe("/claim/[[...code]]");
    expect(route("/claim/abc/def")).toBe("/claim/[[...code]]");
  });

  it("labels a page's RSC requests and a trailing slash as the page", () => {
    expect(route("/wallet.rsc")).toBe("/wallet");
    expect(route("/wallet/")).toBe("/wallet");
    expect(route("/s/demo.rsc")).toBe("/s/[shop]");
    expect(route("/")).toBe("/");
  });

  it("gives Next's internal files and unknown paths a fixed label each (bounded cardinality)", () => {
    expect(route("/_next/static/chunks/abc123.js")).toBe("/_next/static");
    expect(route("/_next/image")).toBe("/_next/image");
    const unknown = new Set(
      Array.from({ length: 50 }, (_, index) => route(`/favicon-${index}.ico`)).concat(route("/nope/1/2")),
    );
    expect([...unknown]).toEqual([unmatchedRoute]);
  });

  it("matches nothing without a build (every path unmatched rather than a crash)", () => {
    expect(routeMatcher({})("/s/demo")).toBe(unmatchedRoute);
  });
});
