import { describe, expect, it } from "vitest";
import { z } from "zod";
import { issueMessage } from "./issue-message";

const messageFor = (schema: z.ZodType, input: unknown) =>
  issueMessage(schema.safeParse(input).error?.issues[0]);

describe("validation messages people read", () => {
  it("keeps a schema's own message and never prefixes it with the field's path", () => {
    const schema = z.object({ amount: z.string().min(1, "Enter an amount.") });
    expect(messageFor(schema, { amount: "" })).toBe("Enter an amount.");
  });
  it("turns zod's own messages into sentences naming the field in words", () => {
    const schema = z
      .object({
        displayName: z.string().min(1).max(5),
        count: z.number().int().positive(),
        kind: z.enum(["a", "b"]),
        email: z.email(),
        couponIds: z.array(z.string()).max(1),
      })
      .strict();
    const valid = { displayName: "Ann", count: 1, kind: "a", email: "ann@example.com", couponIds: [] };
    expect(messageFor(schema, { ...valid, displayName: undefined })).toBe("Enter a valid display name.");
    expect(messageFor(schema, { ...valid, displayName: "" })).toBe("Enter the display name.");
    expect(messageFor(schema, { ...valid, displayName: "abcdefg" })).toBe(
      "The display name must be at most 5 characters.",
    );
    expect(messageFor(schema, { ...valid, count: 1.5 })).toBe("The count must be a whole number.");
    expect(messageFor(schema, { ...valid, count: 0 })).toBe("The count must be more than 0.");
    expect(messageFor(schema, { ...valid, kind: "c" })).toBe(
      "Choose one of the offered options for the kind.",
    );
    expect(messageFor(schema, { ...valid, email: "x" })).toBe("Enter a valid email address.");
    expect(messageFor(schema, { ...valid, couponIds: ["a", "b"] })).toBe(
      "The coupon ids must be at most 1 item.",
    );
    expect(messageFor(schema, { ...valid, extra: 1 })).toMatch(/^The form sent something/);
    for (const message of [messageFor(schema, {}), messageFor(schema, { ...valid, kind: 1 })]) {
      expect(message).not.toMatch(/^[a-zA-Z.]+: /);
    }
  });
});
