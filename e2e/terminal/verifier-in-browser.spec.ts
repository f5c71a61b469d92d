import { expect, test } from "@playwright/test";
import { build } from "esbuild";
import { verifyCouponInTerminal, verifyOfferInTerminal } from "../../lib/terminal/verify-terminal";
import { shortFormOf } from "../../tests/support/terminal-forgery";
import { genuine, jwks, kinds, now } from "../../tests/support/terminal-synthetic";
import { type TerminalVector, terminalVectors } from "../../tests/support/terminal-vectors";

/**
 * The wallet terminal's verifier is one module for Node and the browser (issue #16, claim 7): bundled for the
 * browser exactly as it is (a Node API anywhere in it fails the bundle), it gives in Chromium the verdicts it gives
 * in Node — word for word — on every vector of the shared corpus, with Chromium's own WebCrypto. The page is a
 * blank https page served by the test itself, since WebCrypto needs a secure context and nothing of the app is used.
 */
const vectors: TerminalVector[] = [
  ...kinds.map((kind) => genuine(kind)),
  genuine("offer", "EdDSA"),
  genuine("offer", "RS256"),
].flatMap(({ base }) => terminalVectors(base));

test("[terminal] verify in the browser: the same verdicts as in Node on every vector", async ({ page }) => {
  const bundle = await build({
    entryPoints: ["lib/terminal/verify-terminal.ts"],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "scripTerminal",
    platform: "browser",
  });
  const inNode = await Promise.all(
    vectors.map((vector) =>
      verifyOfferInTerminal(vector.offer, vector.jwks, vector.now, vector.recipient, vector.rp),
    ),
  );
  const tokens = vectors.map((vector) => vector.offer?.token).filter((token) => typeof token === "string");
  const tokenVerdicts = async (verify: typeof verifyCouponInTerminal, at: Date) =>
    Promise.all(
      tokens.map(async (token) => {
        const verdict = await verify(token, jwks, at);
        return { status: verdict.status, amountMinor: verdict.coupon?.value.amountMinor.toString() };
      }),
    );
  const tokensInNode = await tokenVerdicts(verifyCouponInTerminal, now);

  await page.route("https://terminal.scrip.test/", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Terminal verifier</title>" }),
  );
  await page.goto("https://terminal.scrip.test/");
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text });
  const inBrowser = await page.evaluate(
    async ({ input, tokenList, jwksIn, at }) => {
      const terminal = (
        window as unknown as { scripTerminal: typeof import("../../lib/terminal/verify-terminal") }
      ).scripTerminal;
      const verdicts = await Promise.all(
        input.map((vector) =>
          terminal.verifyOfferInTerminal(
            vector.offer,
            vector.jwks,
            new Date(vector.now),
            vector.recipient,
            vector.rp,
          ),
        ),
      );
      const tokenResults = await Promise.all(
        tokenList.map(async (token) => {
          const verdict = await terminal.verifyCouponInTerminal(token, jwksIn, new Date(at));
          return { status: verdict.status, amountMinor: verdict.coupon?.value.amountMinor.toString() };
        }),
      );
      return { verdicts, tokenResults, secure: window.isSecureContext };
    },
    {
      input: vectors.map((vector) => ({ ...vector, now: vector.now.toISOString() })),
      tokenList: tokens,
      jwksIn: jwks,
      at: now.toISOString(),
    },
  );
  expect(inBrowser.secure).toBe(true);
  expect(inBrowser.verdicts).toEqual(inNode);
  expect(inBrowser.tokenResults).toEqual(tokensInNode);
  vectors.forEach((vector, index) => {
    const failing = inBrowser.verdicts[index]?.checks.filter((check) => !check.ok).map((check) => check.name);
    expect(failing?.sort(), vector.name).toEqual([...vector.failing].sort());
  });
  // Both token forms verify in the browser, and the genuine offers of every kind are accepted.
  expect(tokensInNode.filter((verdict) => verdict.status === "valid").length).toBeGreaterThan(10);
  expect(shortFormOf(vectors[0]!.offer.token)).toMatch(/^SCRIP2\./);
  const genuineCount = vectors.filter((vector) => vector.failing.length === 0).length;
  expect(genuineCount).toBeGreaterThanOrEqual(2 * 8);
  expect(inBrowser.verdicts.filter((verdict) => verdict.ok)).toHaveLength(genuineCount);
});
