import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AppError } from "@/lib/errors";
import { type XmlNode, xmlTextProcessor } from "./xml-nodes";

/**
 * The one door for XML files from a bank (camt.053, camt.054, pain.002), hostile-input safe before any parsing:
 * at most {@link maxBankFileBytes}, strict UTF-8, no DOCTYPE or ENTITY declaration at all (so no entity expansion
 * and no external entities, ever), well-formed, and the expected message in the expected namespace. Parsed with
 * fast-xml-parser with entity processing off (the five predefined entities and character references are decoded
 * by xml-nodes.ts), values kept as text (never numbers), namespace prefixes removed and only the attributes
 * bank messages use (Ccy) kept.
 */
export const maxBankFileBytes = 5 * 1024 * 1024;

/** A bank message Scrip reads: its ISO 20022 identifier and the element inside Document. */
export interface BankMessageKind {
  /** "camt.054.001.08": the namespace is urn:iso:std:iso:20022:tech:xsd:<id>. */
  readonly id: string;
  readonly rootElement: string;
  /** How people call it in messages: "a camt.054 notification". */
  readonly label: string;
}

const invalid = (message: string) => new AppError("VALIDATION_FAILED", message);

function decodeUtf8(input: Uint8Array | string): string {
  // A string has at least as many UTF-8 bytes as UTF-16 code units, so a long one is refused before encoding it.
  const size =
    typeof input !== "string"
      ? input.byteLength
      : input.length > maxBankFileBytes
        ? input.length
        : new TextEncoder().encode(input).length;
  if (size > maxBankFileBytes) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `This file is larger than ${maxBankFileBytes / 1024 / 1024} MB. Ask the bank for a file per day or per account.`,
    );
  }
  if (size === 0) throw invalid("This file is empty.");
  if (typeof input === "string") return input.replace(/^\ufeff/, "");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw invalid("This file is not UTF-8 text. Download the bank file again as XML.");
  }
}

/** The root element's local name and namespace, read from its start tag (after the declaration and comments). */
function rootOf(text: string): { name: string; namespace: string | undefined } | undefined {
  const start =
    /^(?:\s+|<\?[^?]*\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?([^>]*)>/.exec(text);
  if (!start) return undefined;
  const [, first, second, attributes = ""] = start;
  const prefix = second ? first : undefined;
  const name = (second ?? first) as string;
  const declaration = prefix ? `xmlns:${prefix}` : "xmlns";
  const pattern = new RegExp(
    `(?:^|\\s)${declaration.replaceAll(".", "\\.")}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`,
  );
  const match = pattern.exec(attributes);
  return { name, namespace: match ? (match[1] ?? match[2]) : undefined };
}

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  ignoreAttributes: (name) => name !== "Ccy",
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  maxNestedTags: 40,
  tagValueProcessor: (_name, value) => xmlTextProcessor(value),
  attributeValueProcessor: (_name, value) => xmlTextProcessor(value),
});

/**
 * Reads `input` (the uploaded bytes, or text) as `kind` and returns its message element (the child of Document),
 * or throws a clear AppError: PAYLOAD_TOO_LARGE over 5 MB, VALIDATION_FAILED for everything else.
 */
export function readBankXml(input: Uint8Array | string, kind: BankMessageKind): XmlNode {
  const text = decodeUtf8(input);
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/i.exec(text);
  if (declared && declared[1]?.toLowerCase() !== "utf-8") {
    throw invalid(
      `This file declares the encoding ${declared[1]?.slice(0, 20)}; Scrip reads UTF-8 bank files only.`,
    );
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw invalid(
      "This file contains a DOCTYPE or ENTITY declaration, which bank files never have. It was not read.",
    );
  }
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    throw invalid(
      `This file is not well-formed XML (line ${wellFormed.err.line}): it may be cut off or damaged.`,
    );
  }
  const root = rootOf(text);
  const namespace = `urn:iso:std:iso:20022:tech:xsd:${kind.id}`;
  if (root?.name !== "Document")
    throw invalid(`This file is not ${kind.label}: it has no ISO 20022 Document.`);
  if (root.namespace !== namespace) {
    const other = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.[0-9]{3}\.[0-9]{3}\.[0-9]{2})$/.exec(
      root.namespace ?? "",
    );
    throw invalid(
      other
        ? `This file is a ${other[1]} message; Scrip reads ${kind.label} in version ${kind.id} here.`
        : `This file is not ${kind.label} (${kind.id}).`,
    );
  }
  let parsed: XmlNode;
  try {
    parsed = parser.parse(text) as XmlNode;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid("This file could not be read as XML: it may be cut off or damaged.");
  }
  const documents = parsed.Document;
  const document = Array.isArray(documents) && documents.length === 1 ? documents[0] : undefined;
  const messages = document?.[kind.rootElement];
  const message = Array.isArray(messages) && messages.length === 1 ? messages[0] : undefined;
  if (!message) throw invalid(`This file is not ${kind.label}: its Document has no ${kind.rootElement}.`);
  return message;
}
