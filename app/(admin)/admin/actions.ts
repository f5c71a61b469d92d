"use server";

import { z } from "zod";
import { adminAction } from "@/lib/auth/admin-action";
import { handleSchema } from "@/lib/users/handle";
import { suspendUser } from "@/lib/users/suspend-user";

/** Suspends an account by handle and ends its sessions (admins with `parties.write`). */
export const suspendUserAction = adminAction(
  "parties.write",
  z.object({ handle: handleSchema, reason: z.string().trim().min(3).max(300) }),
  async ({ db, actor, meta, input }) => {
    const { endedSessions } = await suspendUser(db, { actor, ...input, ip: meta.ip });
    return { endedSessions };
  },
);
