import { describe, expect, it } from "vitest";
import { codeOf } from "@/tests/support/app-error-of";
import {
  assertSepaId,
  idOfSepaId,
  isSepaText,
  sepaIdOf,
  toSepaText,
  untransliterableCharacters,
} from "./sepa-text";

describe("SEPA text", () => {
  it("transliterates accents, ß, & and typographic punctuation into the SEPA set", () => {
    expect(toSepaText("Zoë Müller & Söhne", 70)).toBe("Zoe Muller + Sohne");
    expect(toSepaText("Straße “Nord” – Øresund", 70)).toBe("Strasse 'Nord' - Oresund");
    expect(toSepaText("Łódź Café ☕ <b>", 70)).toBe("Lodz Cafe b");
    expect(toSepaText("ﬁne　Ａ²", 70)).toBe("fine A2");
    expect(toSepaText("[Nov] 5€; a\\b!", 70)).toBe("(Nov) 5EUR, a/b.");
    expect(isSepaText(toSepaText("Ελληνικά 日本 🙂 tab\there", 140))).toBe(true);
  });

  it("cuts to the maximum length without a trailing space", () => {
    expect(toSepaText("abc def", 4)).toBe("abc");
    expect(toSepaText("x".repeat(200), 140)).toHaveLength(140);
    expect(toSepaText("日本", 70)).toBe("");
  });

  it("names the characters that have no Latin form", () => {
    expect(untransliterableCharacters("Zoë Müller")).toEqual([]);
    expect(untransliterableCharacters("Иван 🙂")).toEqual(["И", "в", "а", "н", "🙂"]);
  });

  it("checks SEPA identifiers and maps Scrip ids one to one", () => {
    expect(assertSepaId("SCRIP-PAYOUT-1", "message id")).toBe("SCRIP-PAYOUT-1");
    for (const bad of ["", "a b", "/abc", "abc/", "a//b", "x".repeat(36), "stm_abc", "ä"]) {
      expect(codeOf(() => assertSepaId(bad, "reference"))).toBe("VALIDATION_FAILED");
    }
    const id = "stm_5vR2kLq9XwT3n_c8y-aB0e";
    expect(sepaIdOf(id)).toBe("stm+5vR2kLq9XwT3n+c8y-aB0e");
    expect(idOfSepaId(sepaIdOf(id))).toBe(id);
  });
});
