"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { removeEmailAddress, setEmailAddress, setEmailOptOuts } from "@/lib/email/email-settings";
import { verifyEmailAddress } from "@/lib/email/verify-email-address";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { optionalEmailKinds } from "@/lib/notifications/notification-kinds";

/**
 * Sets the signed-in person's email address (unverified) and queues the email with its confirmation link; the
 * link is made and sent by the job, outside this request.
 */
export const setEmailAddressAction = authedAction(
  z.object({ address: z.string().max(1000) }),
  async ({ db, actor, input }) => {
    const { userId, address } = await setEmailAddress(db, actor, { address: input.address });
    await enqueueJob(
      "send-verification-email",
      { userId, address },
      { singletonKey: `verify:${userId}:${address}` },
    );
    return { address };
  },
);

/** Confirms the signed-in person's address with the token from the emailed link (once). */
export const verifyEmailAddressAction = authedAction(
  z.object({
    token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, "This link is not complete; open it from the email again."),
  }),
  ({ db, actor, input }) => verifyEmailAddress(db, actor, { token: input.token }),
);

/** Which kinds the signed-in person does not want by email (security emails cannot be turned off). */
export const setEmailOptOutsAction = authedAction(
  z.object({ optedOut: z.array(z.enum(optionalEmailKinds)).max(optionalEmailKinds.length) }),
  async ({ db, actor, input }) => {
    await setEmailOptOuts(db, actor, { optedOut: input.optedOut });
    return { saved: true };
  },
);

/** Removes the signed-in person's email address. */
export const removeEmailAddressAction = authedAction(z.object({}), async ({ db, actor }) => {
  await removeEmailAddress(db, actor);
  return { removed: true };
});
