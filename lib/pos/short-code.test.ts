import { describe, expect, it } from "vitest";
import { formatShortCode, newShortCode, parseShortCode } from "./short-code";

describe("till payment codes", () => {
  it("makes six characters of Crockford's alphabet that parse back to themselves", () => {
    for (let round = 0; round < 200; round++) {
      const code = newShortCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
      expect(parseShortCode(code)).toBe(code);
      expect(parseShortCode(formatShortCode(code))).toBe(code);
    }
  });

  it("reads what people type: lower case, spaces, dashes, and O, I, L for 0, 1, 1", () => {
    expect(parseShortCode("k7m-4qx")).toBe("K7M4QX");
    expect(parseShortCode(" k7m 4qx ")).toBe("K7M4QX");
    expect(parseShortCode("OIL234")).toBe("011234");
    expect(formatShortCode("K7M4QX")).toBe("K7M-4QX");
  });

  it("refuses anything else", () => {
    for (const typed of ["", "K7M4Q", "K7M4QXX", "K7M4QU", "K7M4Q!", 123456, null, "x".repeat(40)]) {
      expect(parseShortCode(typed)).toBeNull();
    }
  });
});
