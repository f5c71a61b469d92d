"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { getGivenOffer } from "@/lib/transfers/get-given-offer";
import { plainText } from "@/lib/validation/text";

/** Where the giver's own offer stands ("Give in person" follows it until someone claims it). */
export const givenOfferStatusAction = authedAction(
  z.object({ transferId: plainText("an offer id").min(1).max(80) }),
  async ({ db, actor, input }) => getGivenOffer(db, actor, input),
);
