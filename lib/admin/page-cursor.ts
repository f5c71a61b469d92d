import { sql } from "drizzle-orm";
import { AppError } from "@/lib/errors";

/** Rows one page of a back-office list shows at most (and the default). */
export const adminPageSizeMax = 100;
export const adminPageSizeDefault = 25;

/** Clamps a requested page size to 1…adminPageSizeMax. */
export function pageSizeOf(limit: number | undefined): number {
  if (limit === undefined) return adminPageSizeDefault;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new AppError("VALIDATION_FAILED", "Bad page size.");
  return Math.min(limit, adminPageSizeMax);
}

/**
 * A keyset cursor: the sort key of the last row shown, as PostgreSQL's exact microsecond timestamp (a JS Date
 * would drop the microseconds and show that row again), and its id. Opaque to the browser.
 */
export interface PageCursor {
  /** UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ` — select it with `cursorKey(column)`. */
  at: string;
  id: string;
}

/** SQL for a timestamptz column as the exact text a cursor keeps. */
export const cursorKey = (column: ReturnType<typeof sql.raw> | ReturnType<typeof sql>) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const keyPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

/** Reads a cursor made by `encodeCursor`; anything else is VALIDATION_FAILED (never a 500). */
export function decodeCursor(text: string | undefined | null): PageCursor | null {
  if (!text) return null;
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) throw badCursor();
  const [at, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (!at || !keyPattern.test(at) || Number.isNaN(Date.parse(at))) throw badCursor();
  if (!id || rest.length > 0 || id.length > 80) throw badCursor();
  return { at, id };
}

const badCursor = () => new AppError("VALIDATION_FAILED", "This page link is not valid; start again.");
