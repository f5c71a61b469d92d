import { z } from "zod";
import { limitAttempt } from "@/lib/auth/rate-limits";
import { withSession } from "@/lib/auth/with-session";
import { getOfferEvidence } from "@/lib/terminal/get-offer-evidence";
import { plainText } from "@/lib/validation/text";

const id = plainText("an id").min(1).max(80);

/**
 * POST `{ transferId }`, `{ groupId }` or `{ claimCode }`: what the receiving wallet verifies an offer to the signed-in person with
 * (lib/terminal/get-offer-evidence.ts) as `{ data }`, never cached; 401 without a session, 429 past the terminal's
 * per-account rate. An offer that is not open to this person gives an empty list, never another's data.
 */
export const POST = withSession(
  "coupons.hold",
  z.union([
    z.object({ transferId: id }).strict(),
    z.object({ groupId: id }).strict(),
    z.object({ claimCode: plainText("a claim code").min(1).max(80) }).strict(),
  ]),
  async ({ db, actor, session, meta, input }) => {
    await limitAttempt(db, "wallet.terminal", { accountId: session.userId });
    // A claim code is a secret to guess: counted like every other use of one, per address and account.
    if ("claimCode" in input) await limitAttempt(db, "claim.code", { ip: meta.ip, accountId: actor.partyId });
    return getOfferEvidence(db, actor, input, new Date());
  },
);
