import { AppError } from "@/lib/errors";

/** Longest reason an admin may give for an action (the audit log keeps it whole). */
export const adminReasonLengthMax = 500;

/** A trimmed, non-empty reason of at most `adminReasonLengthMax` characters, or VALIDATION_FAILED. */
export function requireReason(reason: unknown): string {
  const text = typeof reason === "string" ? reason.trim() : "";
  if (text.length < 3 || text.length > adminReasonLengthMax) {
    throw new AppError("VALIDATION_FAILED", `Give a reason (3 to ${adminReasonLengthMax} characters).`);
  }
  return text;
}
