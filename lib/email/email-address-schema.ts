import { z } from "zod";
import { refuseControlCharacters } from "@/lib/validation/text";

/** An email address a person types: trimmed, at most 254 characters, one plain address (no names, no lists). */
export const emailAddressSchema = z
  .string()
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .check(refuseControlCharacters("an email address"))
  .pipe(z.email("Enter an email address like name@example.com."));
