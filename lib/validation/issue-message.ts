import type { z } from "zod";
import { plural } from "@/lib/words/plural";

/** zod's own English messages ("Invalid input: expected string…", "Too big: …"); a schema's own message is kept. */
const zodDefaultMessage = /^(Invalid|Too big|Too small|Unrecognized key)/;

/** The field an issue is about, in words: ["displayName"] → "display name"; null when it is about the whole input. */
function fieldWords(path: readonly PropertyKey[]): string | null {
  const name = [...path].reverse().find((segment): segment is string => typeof segment === "string");
  if (!name) return null;
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase();
}

function bound(issue: { origin?: string }, limit: number | bigint, what: "at least" | "at most"): string {
  if (issue.origin === "string") return `${what} ${plural(limit, "character")}`;
  if (issue.origin === "array" || issue.origin === "set") return `${what} ${plural(limit, "item")}`;
  return `${what} ${limit}`;
}

/**
 * A validation failure as a plain sentence a person can act on, never prefixed with the schema path
 * ("amount: Enter…"): the schema's own message when it has one, otherwise a sentence naming the field in words.
 */
export function issueMessage(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "The input is not valid.";
  if (!zodDefaultMessage.test(issue.message)) return issue.message;
  const field = fieldWords(issue.path);
  const subject = field ? `The ${field}` : "The input";
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "int") return `${subject} must be a whole number.`;
      return field ? `Enter a valid ${field}.` : "The input is not valid.";
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1)
        return field ? `Enter the ${field}.` : "Fill this in.";
      return issue.inclusive
        ? `${subject} must be ${bound(issue, issue.minimum, "at least")}.`
        : `${subject} must be more than ${issue.minimum}.`;
    case "too_big":
      return issue.inclusive
        ? `${subject} must be ${bound(issue, issue.maximum, "at most")}.`
        : `${subject} must be less than ${issue.maximum}.`;
    case "invalid_value":
      return field
        ? `Choose one of the offered options for the ${field}.`
        : "Choose one of the offered options.";
    case "invalid_format":
      if (issue.format === "email") return "Enter a valid email address.";
      return field ? `Enter a valid ${field}.` : "The input is not valid.";
    case "unrecognized_keys":
      return "The form sent something Scrip does not expect; reload the page and try again.";
    default:
      return `${subject} is not valid.`;
  }
}
