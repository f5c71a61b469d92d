import { z } from "zod";

/**
 * One rule for the text people and shop servers send: no control characters anywhere (PostgreSQL refuses NUL,
 * terminals and logs act on the others), and in names people see no characters that reorder or hide text.
 * Every free-text field of a zod schema (server actions, route handlers, the REST API) uses these, so hostile
 * text is a 400 VALIDATION_FAILED with a plain message, never a 500.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const controlCharactersExceptLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Half a surrogate pair: not a character at all, and not valid UTF-8 once stored. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Characters that change how the text around them reads without showing themselves: bidi embeddings,
 * overrides, isolates and marks (the "gnp.exe" trick), zero-width spaces, word joiners and invisible operators,
 * the byte-order mark, line and paragraph separators, interlinear annotations, the soft hyphen and blank
 * fillers. Zero-width joiner and non-joiner (U+200C, U+200D) stay: emoji and several scripts need them.
 */
const invisibleCharacters =
  /\u034f|[\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]/;

/** "a display name" → "A display name". */
function sentence(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A zod check for any string schema (also z.url()): no control characters, well-formed UTF-16. */
export function refuseControlCharacters(label: string, options: { multiline?: boolean } = {}) {
  const pattern = options.multiline ? controlCharactersExceptLineBreaks : controlCharacters;
  return z.refine<string>((value) => !pattern.test(value) && !loneSurrogate.test(value), {
    message: `${sentence(label)} cannot contain control characters.`,
    abort: true,
  });
}

/** A zod check: none of the invisible or direction-changing characters above. */
export function refuseInvisibleCharacters(label: string) {
  return z.refine<string>((value) => !invisibleCharacters.test(value), {
    message: `${sentence(label)} cannot contain invisible or direction-changing characters.`,
    abort: true,
  });
}

/**
 * Free text (a reason, a description, a search, an id typed or pasted), trimmed; `label` names it in the
 * error message with its article ("a reason"). Chain `.min()` / `.max()` as usual.
 */
export function plainText(label: string, options: { multiline?: boolean } = {}) {
  return z.string().trim().check(refuseControlCharacters(label, options));
}

/** A name other people see (display name, shop, product, passkey): plain text on one line, nothing invisible. */
export function nameText(label: string) {
  return plainText(label).check(refuseInvisibleCharacters(label));
}
