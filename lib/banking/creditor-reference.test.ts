import { describe, expect, it } from "vitest";
import { codeOf, messageOf } from "@/tests/support/app-error-of";
import {
  creditorReferenceOf,
  formatCreditorReference,
  isCreditorReference,
  parseCreditorReference,
} from "./creditor-reference";

describe("ISO 11649 creditor reference", () => {
  it("knows published valid references", () => {
    expect(isCreditorReference("RF18539007547034")).toBe(true);
    expect(isCreditorReference("RF712348231")).toBe(true);
    expect(creditorReferenceOf("539007547034")).toBe("RF18539007547034");
    expect(creditorReferenceOf("2348231")).toBe("RF712348231");
  });

  it("makes a reference from an invoice number and validates it back", () => {
    const reference = creditorReferenceOf("inv-2026-0042");
    expect(reference).toBe("RF73INV20260042");
    expect(isCreditorReference(reference)).toBe(true);
    expect(parseCreditorReference(formatCreditorReference(reference).toLowerCase())).toBe(reference);
    for (const number of ["1", "A", "2026/000123", "ZZZZZZZZZZZZZZZZZZZZZ", "000000000000000000001"]) {
      expect(isCreditorReference(creditorReferenceOf(number))).toBe(true);
    }
  });

  it("pads check digits below 10", () => {
    const references = Array.from({ length: 200 }, (_, index) => creditorReferenceOf(`N${index}`));
    expect(references.some((reference) => reference.startsWith("RF0"))).toBe(true);
    expect(references.every((reference) => /^RF[0-9]{2}N[0-9]+$/.test(reference))).toBe(true);
    expect(references.every(isCreditorReference)).toBe(true);
  });

  it("formats in groups of four for printing", () => {
    expect(formatCreditorReference(parseCreditorReference("RF18539007547034"))).toBe("RF18 5390 0754 7034");
    expect(formatCreditorReference(parseCreditorReference("RF712348231"))).toBe("RF71 2348 231");
  });

  it("catches typing mistakes and malformed references", () => {
    expect(isCreditorReference("RF19539007547034")).toBe(false);
    expect(isCreditorReference("RF18539007547043")).toBe(false);
    expect(messageOf(() => parseCreditorReference("RF18 5390 0754 7043"))).toContain(
      "check digits do not match",
    );
    for (const bad of ["", "RF18", "XX18539007547034", "RF1853900754703-4", `RF18${"1".repeat(22)}`, 42]) {
      expect(codeOf(() => parseCreditorReference(bad))).toBe("VALIDATION_FAILED");
    }
  });

  it("refuses invoice numbers with no letters or digits, or too many", () => {
    expect(messageOf(() => creditorReferenceOf("--/--"))).toContain("needs letters or digits");
    expect(messageOf(() => creditorReferenceOf("X".repeat(22)))).toContain("at most 21");
  });
});
