/**
 * Canonical JSON of an operation, in one file that imports nothing, so the server (lib/auth/operations.ts) and the
 * wallet terminal in the browser (lib/terminal) hash an operation from the same code.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with keys sorted at every level, so the same operation always hashes the same. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new Error("operations carry only safe integers; send money as a decimal string");
  }
  return JSON.stringify(value);
}
