import { AppError } from "@/lib/errors";

/**
 * The SEPA basic character set (EPC Implementation Guidelines, "Character set"): the Latin letters, digits and
 * / - ? : ( ) . , ' + and space. Every bank in the SEPA area accepts it; anything else may be refused or garbled,
 * so free text written into a bank file (names, remittance text) goes through {@link toSepaText} first.
 */
const sepaCharacter = /^[A-Za-z0-9/\-?:().,'+ ]$/;
const sepaText = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** Letters that Unicode does not decompose into a base letter plus accents, and common punctuation. */
const replacements: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "SS",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ø: "o",
  Ø: "O",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "Th",
  ł: "l",
  Ł: "L",
  ı: "i",
  ħ: "h",
  Ħ: "H",
  ŧ: "t",
  Ŧ: "T",
  ĸ: "k",
  "&": "+",
  _: "-",
  '"': "'",
  "‘": "'",
  "’": "'",
  "‚": "'",
  "‛": "'",
  "“": "'",
  "”": "'",
  "„": "'",
  "«": "'",
  "»": "'",
  "–": "-",
  "—": "-",
  "‐": "-",
  "‑": "-",
  "−": "-",
  ";": ",",
  "!": ".",
  "\\": "/",
  "[": "(",
  "]": ")",
  "{": "(",
  "}": ")",
  "€": "EUR",
};

/** One character (a code point) in the SEPA set, or `undefined` when it has no faithful Latin form. */
function transliterateCharacter(character: string): string | undefined {
  if (sepaCharacter.test(character)) return character;
  if (/\s/u.test(character)) return " ";
  const replaced = replacements[character];
  if (replaced !== undefined) return replaced;
  // "é" → "e" + combining accent → "e"; compatibility forms too ("ﬁ" → "fi", "²" → "2", full-width "Ａ" → "A").
  const base = character.normalize("NFKD").replace(/\p{M}/gu, "");
  if (base.length > 0 && base !== character && sepaText.test(base)) return base;
  return undefined;
}

/**
 * `text` in the SEPA character set: accents dropped ("Müller" → "Muller"), ß → ss, & → +, typographic quotes and
 * dashes → ' and -, anything else (other scripts, symbols, emoji, control characters) → a space; runs of spaces
 * collapsed, trimmed, and cut to `maxLength` characters. May return "" when nothing Latin is left.
 */
export function toSepaText(text: string, maxLength: number): string {
  let result = "";
  for (const character of text) result += transliterateCharacter(character) ?? " ";
  return result.replace(/ {2,}/g, " ").trim().slice(0, maxLength).trim();
}

/**
 * The characters of `text` that {@link toSepaText} could not write in Latin (they would become spaces), each once;
 * empty when the text transliterates faithfully.
 */
export function untransliterableCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const character of text) {
    if (transliterateCharacter(character) === undefined) found.add(character);
  }
  return [...found];
}

/** True when every character of `text` is in the SEPA basic character set. */
export function isSepaText(text: string): boolean {
  return sepaText.test(text);
}

/**
 * The rules for an identifier in a SEPA file (MsgId, PmtInfId, InstrId, EndToEndId): 1–35 characters of the SEPA
 * set without spaces, not starting or ending with "/" and without "//". Throws VALIDATION_FAILED naming `label`.
 */
export function assertSepaId(value: string, label: string): string {
  if (
    value.length < 1 ||
    value.length > 35 ||
    !/^[A-Za-z0-9/\-?:().,'+]+$/.test(value) ||
    value.startsWith("/") ||
    value.endsWith("/") ||
    value.includes("//")
  ) {
    throw new AppError(
      "VALIDATION_FAILED",
      `The ${label} "${value.slice(0, 40)}" cannot be used in a bank file: it must be 1 to 35 Latin letters, ` +
        `digits or / - ? : ( ) . , ' + without spaces, and may not start or end with "/" or contain "//".`,
    );
  }
  return value;
}

/**
 * Scrip's ids ("stm_3kT…", base64url after the prefix) as SEPA identifiers: "_" is outside the SEPA set, so it
 * becomes "+", which base64url never uses; the mapping is one to one and {@link idOfSepaId} reverses it.
 */
export function sepaIdOf(id: string): string {
  return assertSepaId(id.replaceAll("_", "+"), "reference");
}

/** The Scrip id a bank file's identifier came from (see {@link sepaIdOf}). */
export function idOfSepaId(sepaId: string): string {
  return sepaId.replaceAll("+", "_");
}
