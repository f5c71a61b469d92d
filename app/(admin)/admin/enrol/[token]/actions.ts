"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { enrolAdmin } from "@/lib/users/enrol-admin";
import { plainText } from "@/lib/validation/text";

/** Makes the signed-in person an admin with a one-time enrolment token. */
export const enrolAdminAction = authedAction(
  z.object({ token: plainText("an invitation").min(20).max(200) }),
  async ({ db, actor, meta, input }) => {
    await enrolAdmin(db, { actor, token: input.token, ip: meta.ip });
    return null;
  },
);
