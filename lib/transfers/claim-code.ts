import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";

const claimCodePattern = /^scc_[A-Za-z0-9_-]{22}$/;

/** A one-time claim code for an open transfer: 128 random bits. Shown once; only its hash is stored. */
export function newClaimCode(): string {
  return `scc_${randomBytes(16).toString("base64url")}`;
}

/** SHA-256 of a claim code, hex: what the transfer row and the offer operation hold. */
export function hashClaimCode(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/** Refuses anything that is not shaped like a claim code (before any database work or rate-limit count). */
export function parseClaimCode(code: unknown): string {
  if (typeof code !== "string" || !claimCodePattern.test(code)) {
    throw new AppError("CLAIM_CODE_INVALID", "This claim code is not valid.");
  }
  return code;
}

export const isClaimCodeHash = (value: unknown): value is string =>
  typeof value === "string" && /^[0-9a-f]{64}$/.test(value);
