import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode } from "./recovery-code";

describe("recovery codes", () => {
  it("are four groups of five unambiguous characters, all different", () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("hash the same however they are typed, and differently from any other code", () => {
    const code = newRecoveryCode();
    const typed = ` ${code.toLowerCase().replace(/-/g, " ")} `;
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code));
    expect(normaliseRecoveryCode("o1l-i")).toBe("0111");
    expect(hashRecoveryCode(newRecoveryCode())).not.toBe(hashRecoveryCode(code));
  });
});
