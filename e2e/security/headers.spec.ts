import { expect, type Page, test } from "@playwright/test";
import { addVirtualAuthenticator, signUp, uniqueHandle, withoutPasskeyAutofill } from "../support/webauthn";

/** Records every CSP violation the page reports, from the browser's own event. */
async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void })
        .__reportCspViolation;
      report(`${event.violatedDirective} ${event.blockedURI} on ${location.pathname}`);
    });
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return violations;
}

test("[security] headers: a page carries a per-request nonce CSP, Permissions-Policy, and every script has the nonce", async ({
  request,
}) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const csp = first.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(second.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  const directives = Object.fromEntries(
    csp.split(";").map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  ) as Record<string, string[]>;
  expect(directives["script-src"]).toEqual(
    expect.arrayContaining(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]),
  );
  expect(directives["script-src"]).not.toContain("'unsafe-eval'");
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["base-uri"]).toEqual(expect.arrayContaining(["'none'"]));
  expect(directives["connect-src"]).toEqual(["'self'"]);
  expect(first.headers()["permissions-policy"]).toContain("camera=(self)");
  expect(first.headers()["permissions-policy"]).toContain("microphone=()");
  // Plain http (as here): no HSTS, which would pin a host to https that does not serve it.
  expect(first.headers()["strict-transport-security"]).toBeUndefined();
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
});

test("[security] CSP: the main pages run without a single CSP violation", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const violations = await watchCspViolations(page);
    await withoutPasskeyAutofill(page);
    await addVirtualAuthenticator(page);
    await page.goto("/");
    await page.goto("/signin");
    await signUp(page, uniqueHandle("csp"), "Cecil Policy");
    for (const path of ["/wallet", "/wallet/request", "/wallet/settings/security", "/merchant", "/s/demo"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    }
    expect(violations).toEqual([]);
  } finally {
    await context.close();
  }
});
