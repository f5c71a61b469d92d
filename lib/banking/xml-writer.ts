import { assert } from "@/lib/errors";

/**
 * A tiny XML writer for the files Scrip sends to banks: elements, attributes and escaped text, indented two
 * spaces, UTF-8 declaration. Absent children (`undefined`, `false`) are skipped, so optional elements read as
 * `bic && element("BICFI", bic)`.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly content: string | readonly XmlChild[];
}

export type XmlChild = XmlElement | undefined | false;

/** An element with text content or child elements. */
export function element(
  name: string,
  content: string | readonly XmlChild[],
  attributes?: Readonly<Record<string, string>>,
): XmlElement {
  return { name, content, attributes };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 cannot carry
const notInXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * Escapes text for element content (& < >) or, with `attribute`, for a double-quoted attribute value (also ").
 * Apostrophes stay as they are: the SEPA character set has them, and some bank parsers dislike &apos;.
 */
export function escapeXml(text: string, { attribute = false }: { attribute?: boolean } = {}): string {
  assert(
    !notInXml.test(text),
    "text written to XML has no control characters (callers clean free text first)",
  );
  const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return attribute ? escaped.replaceAll('"', "&quot;") : escaped;
}

function render(node: XmlElement, indent: string, lines: string[]): void {
  assert(/^[A-Za-z][A-Za-z0-9]*$/.test(node.name), `XML element name ${node.name} is a plain name`);
  const attributes = Object.entries(node.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value, { attribute: true })}"`)
    .join("");
  if (typeof node.content === "string") {
    lines.push(`${indent}<${node.name}${attributes}>${escapeXml(node.content)}</${node.name}>`);
    return;
  }
  lines.push(`${indent}<${node.name}${attributes}>`);
  for (const child of node.content) if (child) render(child, `${indent}  `, lines);
  lines.push(`${indent}</${node.name}>`);
}

/** The whole document: declaration, then `root`, each element on its own line, ending with a newline. */
export function renderXmlDocument(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(root, "", lines);
  return `${lines.join("\n")}\n`;
}
