import { randomBytes } from "node:crypto";
import { idPrefixes } from "./id-prefixes";

export { idPrefixes };

export type IdKind = keyof typeof idPrefixes;

/** A new unguessable id: prefix + 128 random bits in base64url (22 characters). */
export function newId(kind: IdKind): string {
  return `${idPrefixes[kind]}_${randomBytes(16).toString("base64url")}`;
}

/**
 * `count` new ids of `kind` at once, for bulk writes: one `randomBytes` call encoded once, each id 22 base64url
 * characters of it (132 random bits, the same shape as {@link newId}'s).
 */
export function newIds(kind: IdKind, count: number): string[] {
  const text = randomBytes(33 * Math.ceil(count / 2)).toString("base64url"); // 33 bytes encode to 44 characters
  const prefix = `${idPrefixes[kind]}_`;
  return Array.from({ length: count }, (_, index) => prefix + text.slice(22 * index, 22 * index + 22));
}

const idPattern = /^[a-z]{2,3}_[A-Za-z0-9_-]{22}$/;

/** True when `value` looks like an id of `kind` (cheap shape check before touching the database). */
export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && idPattern.test(value) && value.startsWith(`${idPrefixes[kind]}_`);
}
