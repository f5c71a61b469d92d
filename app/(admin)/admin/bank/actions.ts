"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { beginMatchCredit, dismissCredit, matchCreditByHand } from "@/lib/reconciliation/resolve-review";
import { plainText } from "@/lib/validation/text";

const creditId = plainText("a payment").min(1).max(40);
const reference = plainText("a payment reference").min(1).max(64);

/** Step-up options for matching a payment from the review queue to the invoice with this reference. */
export const matchCreditOptionsAction = adminAction(
  "settlement.write",
  z.object({ creditId, reference }),
  async ({ db, actor, meta, input }) => ({
    options: await beginMatchCredit(db, actor, { ...input, ip: meta.ip }),
  }),
);

/** Settles the invoice with this reference by the payment, confirmed with the admin's passkey. */
export const matchCreditAction = adminAction(
  "settlement.write",
  z.object({ creditId, reference, stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await matchCreditByHand(db, actor, {
      creditId: input.creditId,
      reference: input.reference,
      authorization: input.stepUp,
      ip: meta.ip,
    });
    return { matched: true };
  },
);

/** Dismisses a payment from the review queue with a reason. */
export const dismissCreditAction = adminAction(
  "settlement.write",
  z.object({ creditId, reason: plainText("a reason").min(3).max(500) }),
  async ({ db, actor, meta, input }) => {
    await dismissCredit(db, actor, { ...input, ip: meta.ip });
    return { dismissed: true };
  },
);
