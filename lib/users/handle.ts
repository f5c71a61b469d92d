import { z } from "zod";
import { nameText } from "@/lib/validation/text";

/** Handles: 3–30 letters, digits or underscores, unique regardless of case (users_handle_lower_unique). */
export const handleSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{3,30}$/, "A handle is 3–30 letters, digits or underscores.");

export const displayNameSchema = nameText("a display name")
  .min(1, "Please enter a display name.")
  .max(100, "A display name has at most 100 characters.");

export const passkeyNameSchema = nameText("a passkey name")
  .min(1, "Please enter a name.")
  .max(60, "A passkey name has at most 60 characters.");
