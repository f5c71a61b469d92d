import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  isForeignServerAction,
  newNonce,
  permissionsPolicy,
  strictTransportSecurity,
} from "@/lib/auth/security-headers";

describe("security headers", () => {
  it("HSTS only for an https origin", () => {
    expect(strictTransportSecurity("https://scrip.example")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(strictTransportSecurity("http://localhost:3000")).toBeNull();
    expect(strictTransportSecurity(undefined)).toBeNull();
  });

  it("CSP: nonce and strict-dynamic for scripts, eval only in development, upgrades only on https", () => {
    const nonce = newNonce();
    expect(nonce).not.toBe(newNonce());
    const production = contentSecurityPolicy(nonce, { https: true, development: false });
    expect(production).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(production).not.toContain("unsafe-eval");
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).toContain("upgrade-insecure-requests");
    const development = contentSecurityPolicy(nonce, { https: false, development: true });
    expect(development).toContain("'unsafe-eval'");
    expect(development).not.toContain("upgrade-insecure-requests");
  });

  it("Permissions-Policy lets only Scrip's own pages use the camera", () => {
    expect(permissionsPolicy).toContain("camera=(self)");
    expect(permissionsPolicy).toContain("microphone=()");
    expect(permissionsPolicy).toContain("geolocation=()");
    expect(permissionsPolicy).toContain("payment=()");
  });

  it("a server action is foreign when its Origin names another host than the one it was sent to", () => {
    const action = (headers: Record<string, string>, method = "POST") =>
      isForeignServerAction(method, new Headers({ "next-action": "abc", host: "scrip.example", ...headers }));
    expect(action({ origin: "https://scrip.example" })).toBe(false);
    expect(action({})).toBe(false);
    expect(action({ origin: "https://evil.example" })).toBe(true);
    expect(action({ origin: "null" })).toBe(true);
    expect(action({ origin: "not a url" })).toBe(true);
    expect(action({ origin: "https://scrip.example.evil.example" })).toBe(true);
    expect(action({ origin: "https://shop.example", "x-forwarded-host": "shop.example" })).toBe(false);
    expect(action({ origin: "https://evil.example" }, "GET")).toBe(false);
    expect(isForeignServerAction("POST", new Headers({ origin: "https://evil.example" }))).toBe(false);
  });
});
