import { AppError } from "@/lib/errors";

/**
 * The shape read-bank-xml.ts parses into: every element is an array of nodes (even when it occurs once), each node
 * maps child names to arrays, its text to "#text" and its kept attributes to "@_Name".
 */
export interface XmlNode {
  [name: string]: XmlNode[] | string | undefined;
}

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

const predefined: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references of XML text. Any other entity cannot be
 * declared (DOCTYPE is refused), so it is refused too rather than passed on as "&name;".
 */
export function xmlTextProcessor(value: string): string {
  return value.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]*);/g, (_all, entity: string) => {
    if (entity.startsWith("#")) {
      const code =
        entity[1] === "x" ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw invalid("This file contains a character reference that is not a character.");
      }
      return String.fromCodePoint(code);
    }
    const character = predefined[entity];
    if (character === undefined)
      throw invalid(`This file uses the undeclared entity "&${entity.slice(0, 20)};".`);
    return character;
  });
}

/** A value from the file, safe to quote in a message: control characters removed, at most 40 characters. */
export function quoted(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

/** The child elements `name` of `node` (empty when absent). */
export function childrenOf(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** The child element `name` along `path` ("RmtInf", "Strd"), first occurrence at each step, or undefined. */
export function childAt(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = childrenOf(current, name)[0];
  return current;
}

/** The text of `node`, or undefined when it is absent or empty. */
export function textOf(node: XmlNode | undefined): string | undefined {
  const text = node?.["#text"];
  return typeof text === "string" && text !== "" ? text : undefined;
}

/** The text of the element along `path`, or undefined. */
export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  return textOf(childAt(node, ...path));
}

/** The text along `path`, or a VALIDATION_FAILED naming `where` and the missing element. */
export function requiredTextAt(node: XmlNode | undefined, where: string, ...path: string[]): string {
  const text = textAt(node, ...path);
  if (text === undefined) throw invalid(`${where} has no ${path.join("/")}.`);
  return text;
}

/** The attribute `name` of `node` (only attributes read-bank-xml.ts keeps). */
export function attributeOf(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}
