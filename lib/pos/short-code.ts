import { randomInt } from "node:crypto";

import { shortCodeAlphabet as alphabet, shortCodeLength } from "./short-code-format";

export { formatShortCode, parseShortCode, shortCodeLength } from "./short-code-format";

/** A new random payment code for a till, e.g. "K7M4QX". */
export function newShortCode(): string {
  let code = "";
  for (let index = 0; index < shortCodeLength; index++) code += alphabet[randomInt(alphabet.length)];
  return code;
}
