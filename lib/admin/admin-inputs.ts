import { z } from "zod";
import { adminReasonLengthMax } from "@/lib/parties/reason";
import { plainText } from "@/lib/validation/text";

/** Inputs the back-office actions share, with their limits. */
export const adminId = plainText("an id").min(1).max(80);
export const adminReason = plainText("a reason", { multiline: true })
  .min(3, "Give a reason (at least 3 characters).")
  .max(adminReasonLengthMax, `A reason has at most ${adminReasonLengthMax} characters.`);
export const keyPurpose = z.enum(["value", "owner_attestation"]);
/** A credit limit as typed: empty for the default, else a whole number or a decimal amount. */
export const creditLimitText = plainText("a credit limit").max(24);
