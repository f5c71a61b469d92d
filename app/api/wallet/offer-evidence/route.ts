import { z } from "zod";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { withSession } from "@/lib/auth/with-session";
import { getOfferEvidence } from "@/lib/terminal/get-offer-evidence";
import { plainText } from "@/lib/validation/text";

const id = plainText("an id").min(1).max(80);

/**
 * POST `{ transferId }` or `{ groupId }`: what the receiving wallet verifies an offer to the signed-in person with
 * (lib/terminal/get-offer-evidence.ts) as `{ data }`, never cached; 401 without a session, 429 past the terminal's
 * per-account rate. An offer that is not open to this person gives an empty list, never another's data.
 */
export const POST = withSession(
  "coupons.hold",
  z.union([z.object({ transferId: id }).strict(), z.object({ groupId: id }).strict()]),
  async ({ db, actor, session, input }) => {
    await limitAttempt(db, "wallet.terminal", { accountId: session.userId });
    return getOfferEvidence(db, actor, input, new Date());
  },
);
