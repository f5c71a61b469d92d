import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type RowOf, rowParser } from "@/db/rows";

type CsvValue = string | number | bigint | boolean | Date | null | undefined;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet would read as
 * a formula (starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe, so an exported
 * name like `=HYPERLINK(…)` stays text (CSV injection).
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with its CRLF end. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map((cell) => csvCell(cell)).join(",")}\r\n`;
}

/** Rows fetched per round trip while streaming an export. */
export const csvPageRows = 2_000;

/**
 * A CSV download of every row `query` returns, however many: the rows are read through a server-side cursor,
 * `pageRows` at a time, inside one read-only REPEATABLE READ transaction (one consistent snapshot for the whole
 * file), and written to the stream as the reader takes them, so an export is never cut short and never held
 * whole in memory. Resolves once the query has run and its first page is in, so a failing query rejects here
 * (and becomes an error response) rather than in the middle of a download. A reader that goes away ends the
 * transaction; a failure later on errors the stream, so the download visibly fails instead of ending early.
 */
export function streamCsv<Shape extends z.ZodRawShape>(
  db: DbOrTx,
  input: {
    header: readonly string[];
    query: SQL;
    /** Each row's `queryRows` shape: every row is parsed by it before `toCells` sees it. */
    row: Shape;
    toCells: (row: RowOf<Shape>) => readonly CsvValue[];
    pageRows?: number;
  },
): Promise<ReadableStream<Uint8Array>>;
export async function streamCsv(
  db: DbOrTx,
  input: {
    header: readonly string[];
    query: SQL;
    row: z.ZodRawShape;
    toCells: (row: never) => readonly CsvValue[];
    pageRows?: number;
  },
): Promise<ReadableStream<Uint8Array>> {
  const toCells = input.toCells as (row: unknown) => readonly CsvValue[];
  const parse = rowParser(input.row);
  const pageRows = Math.max(1, Math.floor(input.pageRows ?? csvPageRows));
  const bytes = new TransformStream<Uint8Array, Uint8Array>();
  const writer = bytes.writable.getWriter();
  let opened: () => void = () => {};
  let failedToOpen: (error: unknown) => void = () => {};
  const open = new Promise<void>((resolve, reject) => {
    opened = resolve;
    failedToOpen = reject;
  });
  let isOpen = false;
  db.transaction(
    async (tx) => {
      await tx.execute(sql`declare scrip_csv_export no scroll cursor for ${input.query}`);
      // An async function, so each page is one real promise: a Drizzle query runs again on every `then`.
      const fetchPage = async (): Promise<readonly Record<string, unknown>[]> =>
        tx.execute(sql.raw(`fetch ${pageRows} from scrip_csv_export`));
      let rows = await fetchPage();
      isOpen = true;
      opened();
      await writer.write(Buffer.from(csvLine(input.header)));
      while (rows.length > 0) {
        let chunk = "";
        for (const row of rows) chunk += csvLine(toCells(parse(row)));
        // The next page is fetched while the reader takes this one.
        const next = rows.length < pageRows ? undefined : fetchPage();
        next?.catch(() => {}); // awaited below; if the reader left first, the transaction's own error is the one
        await writer.write(Buffer.from(chunk));
        rows = next ? await next : [];
      }
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  )
    .then(
      () => writer.close(),
      (error: unknown) => (isOpen ? writer.abort(error) : failedToOpen(error)),
    )
    .catch(() => {
      // The reader went away (the stream is already errored): nothing left to tell anyone.
    });
  await open;
  return bytes.readable;
}
