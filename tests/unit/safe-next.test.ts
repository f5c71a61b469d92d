import { describe, expect, it } from "vitest";
import { safeNext } from "@/lib/auth/safe-next";

describe("safeNext", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeNext("/wallet/settings/security")).toBe("/wallet/settings/security");
    expect(safeNext("/admin/enrol/abc")).toBe("/admin/enrol/abc");
    expect(safeNext("/s/demo?x=1#top")).toBe("/s/demo?x=1#top");
  });

  it("sends everything that a browser would resolve to another origin to /wallet", () => {
    for (const hostile of [
      "/\t/evil.com",
      "/\n/evil.com",
      "/\r/evil.com",
      "/\\/evil.com",
      "/\\\\evil.com",
      "\\\\evil.com",
      "//evil.com",
      "///evil.com",
      "/.//evil.com",
      "/x/..//evil.com",
      "https://evil.com",
      "javascript:alert(1)",
      " /wallet",
      "wallet",
      "",
    ]) {
      const result = safeNext(hostile);
      expect(new URL(result, "https://scrip.test").origin, JSON.stringify(hostile)).toBe(
        "https://scrip.test",
      );
      expect(result.startsWith("//"), JSON.stringify(hostile)).toBe(false);
    }
    expect(safeNext("/\t/evil.com")).toBe("/wallet");
    expect(safeNext("/.//evil.com")).toBe("/wallet");
  });

  it("never returns a control character, a backslash or a space (it ends up in a Location header)", () => {
    for (const input of [
      "/wallet\u0000",
      "/wallet\n",
      "/wal\u007flet",
      "/wallet?q=a b",
      "/wallet\\x",
      "/wallet\u0085",
    ]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
      expect(safeNext(input), JSON.stringify(input)).not.toMatch(/[\u0000-\u0020\u007f-\u009f\\]/);
    }
  });

  it("is /wallet for anything that is not one string (a repeated query parameter is an array)", () => {
    expect(safeNext(undefined)).toBe("/wallet");
    expect(safeNext(null)).toBe("/wallet");
    expect(safeNext(["/a", "/b"])).toBe("/wallet");
    expect(safeNext(`/${"a".repeat(5000)}`)).toBe("/wallet");
  });
});
