import { AppError } from "@/lib/errors";

/** Opaque keyset cursors: base64url of `[isoTime, id]`, so pages stay stable while rows are added. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    if (cursor.length > 200) throw new Error("too long");
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string"
    ) {
      const at = new Date(parsed[0]);
      if (!Number.isNaN(at.getTime()) && parsed[1].length <= 64) return { at, id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("VALIDATION_FAILED", "cursor is not valid; pass the nextCursor of a previous page.");
}
