import { z } from "zod";
import { plainText } from "@/lib/validation/text";

const responseShape = z.looseObject({
  id: plainText("a passkey id").min(1).max(1024),
  rawId: plainText("a passkey id").min(1).max(1024),
  type: z.literal("public-key"),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(8192) }),
});

/**
 * The outer shape of a WebAuthn response from the browser, with limits, kept whole (the library verifies the
 * rest); typed loosely so both registration and assertion responses fit.
 */
export const webauthnResponseSchema = z.custom<{ id: string; response: object }>(
  (value) => responseShape.safeParse(value).success && JSON.stringify(value).length <= 32_768,
  "The passkey response is malformed.",
);
