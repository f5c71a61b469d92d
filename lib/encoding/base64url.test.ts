import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { concatBytes, fromBase64Url, sameBytes, textOfBase64Url, toBase64Url } from "./base64url";

describe("base64url", () => {
  it("spells bytes exactly as Node's Buffer does, for every length", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      const text = toBase64Url(bytes);
      expect(text).toBe(bytes.toString("base64url"));
      expect(Buffer.from(fromBase64Url(text) as Uint8Array).equals(bytes)).toBe(true);
    }
  });

  it("refuses anything but the canonical unpadded spelling", () => {
    expect(fromBase64Url("AQ==")).toBeUndefined();
    expect(fromBase64Url("AR")).toBeUndefined(); // non-zero leftover bits: "AQ" is the one spelling of 0x01
    expect(fromBase64Url("A")).toBeUndefined();
    expect(fromBase64Url("a+b/")).toBeUndefined();
    expect(fromBase64Url("ab c")).toBeUndefined();
    expect(fromBase64Url("")).toEqual(new Uint8Array());
  });

  it("reads UTF-8 text and refuses invalid UTF-8", () => {
    expect(textOfBase64Url(Buffer.from("Grüße").toString("base64url"))).toBe("Grüße");
    expect(textOfBase64Url(toBase64Url(Uint8Array.of(0xc3, 0x28)))).toBeUndefined();
  });

  it("compares and joins bytes", () => {
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
    expect(concatBytes(Uint8Array.of(1), Uint8Array.of(), Uint8Array.of(2, 3))).toEqual(
      Uint8Array.of(1, 2, 3),
    );
  });
});
