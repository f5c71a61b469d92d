import { z } from "zod";
import { publicRoute } from "@/lib/auth/public-route";
import { getClaimLinkStatus } from "@/lib/transfers/get-claim-link-status";
import { plainText } from "@/lib/validation/text";

/**
 * POST: where one claim link stands (pending, accepted, cancelled…), for its open claim page; needs the link's code
 * and the offer's id, tells nothing else, rate-limited per client address. Signed in or not: a claim page's viewer
 * is usually no party to the offer, so the session's live stream cannot carry it.
 */
export const POST = publicRoute(
  z.object({
    transferId: plainText("an offer id").min(1).max(80),
    claimCode: plainText("a claim code").min(1).max(80),
  }),
  ({ db, meta, input }) => getClaimLinkStatus(db, { ...input, ip: meta.ip }),
);
