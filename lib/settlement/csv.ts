/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet would read as
 * a formula (starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe, so an exported
 * name like `=HYPERLINK(…)` stays text (CSV injection).
 */
export function csvCell(value: string | number | bigint | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV document (CRLF line ends) from a header and rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map((cell) => csvCell(cell)).join(",")];
  for (const row of rows) {
    lines.push(row.map((cell) => csvCell(cell as Parameters<typeof csvCell>[0])).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
