import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { column, queryRows } from "@/db/rows";
import { AppError } from "@/lib/errors";
import { maxCampaignRecipients } from "./campaign-terms";

/** Largest recipient list accepted, in characters (100,000 handles of up to 30 characters, with room for CSV). */
export const maxRecipientListChars = 4_000_000;
/** How many problems a refused list reports. */
export const maxReportedProblems = 20;

const handlePattern = /^[A-Za-z0-9_]{3,30}$/;

/** One problem of a recipient list, with its line number (1-based, as a spreadsheet shows it). */
export interface RecipientProblem {
  line: number;
  message: string;
}

/** Thrown when a list has problems: nothing is created, and the first problems are reported by line. */
export class RecipientListError extends AppError {
  constructor(
    readonly problems: RecipientProblem[],
    total: number,
  ) {
    const listed = problems.map((p) => `Line ${p.line}: ${p.message}`).join("\n");
    const more = total > problems.length ? `\n…and ${total - problems.length} more.` : "";
    super(
      "VALIDATION_FAILED",
      `The list has ${total === 1 ? "a problem" : `${total} problems`}; nothing was created.\n${listed}${more}`,
    );
  }
}

/** Reads the handles of a CSV: one per line, or a column headed `handle` (a leading @ is allowed). */
function readHandles(text: string): { line: number; handle: string }[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const header = (lines[0] ?? "").split(",").map((cell) => cell.trim().replace(/^"|"$/g, "").toLowerCase());
  const column = header.includes("handle") ? header.indexOf("handle") : -1;
  const rows: { line: number; handle: string }[] = [];
  for (const [index, raw] of lines.entries()) {
    if (column >= 0 && index === 0) continue;
    const cells = raw.split(",");
    const cell = (column >= 0 ? (cells[column] ?? "") : raw).trim().replace(/^"|"$/g, "").trim();
    if (cell === "") continue;
    rows.push({ line: index + 1, handle: cell.replace(/^@/, "") });
  }
  return rows;
}

const partyRow = { handle: column.text, party_id: column.text, status: column.text };

/**
 * Checks every handle of a recipient list before anything is created: unknown, repeated, suspended, or the
 * sponsor itself. Returns the recipients' parties in list order, or throws RecipientListError with the first
 * problems by line number.
 */
export async function parseRecipientList(
  db: DbOrTx,
  input: { csv: unknown; sponsorPartyId: string },
): Promise<string[]> {
  if (typeof input.csv !== "string" || input.csv.trim() === "") {
    throw new AppError("VALIDATION_FAILED", "Choose a list of people: a CSV file with one handle per line.");
  }
  if (input.csv.length > maxRecipientListChars) {
    throw new AppError("VALIDATION_FAILED", "This file is too large for a list of people.");
  }
  const rows = readHandles(input.csv);
  if (rows.length === 0) throw new AppError("VALIDATION_FAILED", "The list names nobody.");
  if (rows.length > maxCampaignRecipients) {
    throw new AppError(
      "VALIDATION_FAILED",
      `A list may name at most ${maxCampaignRecipients.toLocaleString("en")} people; this one names ${rows.length.toLocaleString("en")}.`,
    );
  }
  const wellFormed = [
    ...new Set(rows.filter((r) => handlePattern.test(r.handle)).map((r) => r.handle.toLowerCase())),
  ];
  const found = new Map<string, { partyId: string; status: string }>();
  for (let start = 0; start < wellFormed.length; start += 10_000) {
    const chunk = wellFormed.slice(start, start + 10_000);
    const result = await queryRows(
      db,
      partyRow,
      sql`select lower(u.handle) as handle, u.party_id, p.status::text as status
        from users u join parties p on p.id = u.party_id
        where lower(u.handle) = any(string_to_array(${chunk.join(",")}, ','))`,
    );
    for (const row of result) found.set(row.handle, { partyId: row.party_id, status: row.status });
  }
  const problems: RecipientProblem[] = [];
  let total = 0;
  const report = (line: number, message: string) => {
    total += 1;
    if (problems.length < maxReportedProblems) problems.push({ line, message });
  };
  const firstLine = new Map<string, number>();
  const partyIds: string[] = [];
  for (const row of rows) {
    if (!handlePattern.test(row.handle)) {
      report(row.line, "this is not a handle (3 to 30 letters, digits or underscores).");
      continue;
    }
    const key = row.handle.toLowerCase();
    const seen = firstLine.get(key);
    if (seen !== undefined) {
      report(row.line, `@${row.handle} is already on line ${seen}.`);
      continue;
    }
    firstLine.set(key, row.line);
    const party = found.get(key);
    if (!party) report(row.line, `there is no account @${row.handle}.`);
    else if (party.status !== "active")
      report(row.line, `@${row.handle} is suspended and cannot receive coupons.`);
    else if (party.partyId === input.sponsorPartyId)
      report(row.line, `@${row.handle} is the sponsor itself.`);
    else partyIds.push(party.partyId);
  }
  if (total > 0) throw new RecipientListError(problems, total);
  return partyIds;
}
