import { describe, expect, it } from "vitest";
import { readScanTarget } from "@/components/scan/scan-target";

const origin = "https://scrip.example";
const payId = "pay_AAAAAAAAAAAAAAAAAAAAAA";
const claimCode = "scc_BBBBBBBBBBBBBBBBBBBBBB";

describe("what a scanned code asks for", () => {
  it("opens this Scrip's payment pages and claim links, full or as a path", () => {
    expect(readScanTarget(`${origin}/pay/${payId}`, origin)).toEqual({ kind: "pay", path: `/pay/${payId}` });
    expect(readScanTarget(` /pay/${payId} `, origin)).toEqual({ kind: "pay", path: `/pay/${payId}` });
    expect(readScanTarget(`${origin}/claim/${claimCode}?x=1`, origin)).toEqual({
      kind: "claim",
      path: `/claim/${claimCode}?x=1`,
    });
  });

  it("reads a till's code and a coupon's token", () => {
    expect(readScanTarget("k7m-4qx", origin)).toEqual({ kind: "code", code: "k7m-4qx" });
    expect(readScanTarget("K7M4QX", origin)).toEqual({ kind: "code", code: "K7M4QX" });
    expect(readScanTarget("SCRIP2.abc", origin)).toEqual({ kind: "coupon", token: "SCRIP2.abc" });
    expect(readScanTarget("scrip1.a.b.c.d", origin)).toEqual({ kind: "coupon", token: "scrip1.a.b.c.d" });
  });

  it("never follows another site's address, however it looks", () => {
    expect(readScanTarget(`https://evil.example/pay/${payId}`, origin)).toEqual({ kind: "foreign" });
    expect(readScanTarget(`http://scrip.example/pay/${payId}`, origin)).toEqual({ kind: "foreign" });
    expect(readScanTarget(`//evil.example/pay/${payId}`, origin)).toEqual({ kind: "foreign" });
  });

  it("knows nothing else", () => {
    for (const text of [
      "",
      "hello",
      `javascript:alert(1)`,
      `${origin}/wallet`,
      `${origin}/pay/not-an-id`,
      `${origin}/claim/${claimCode}/extra`,
      "x".repeat(5000),
    ]) {
      expect(readScanTarget(text, origin)).toEqual({ kind: "unknown" });
    }
  });
});
