"use server";

import { z } from "zod";
import { adminReason } from "@/lib/admin/admin-inputs";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { adminAction } from "@/lib/auth/admin-action";
import { findPartyByHandle } from "@/lib/parties/find-party-by-handle";
import { handleSchema } from "@/lib/users/handle";
import { suspendUser } from "@/lib/users/suspend-user";

/**
 * Suspends an account by handle and ends its sessions (admins with `parties.write`), without a passkey
 * step-up. Kept for the entry points that predate step-up (the authorisation matrix pins it); the back
 * office's forms use `suspendByHandleOptionsAction` + `suspendPartyAction`, which require one.
 */
export const suspendUserAction = adminAction(
  "parties.write",
  z.object({ handle: handleSchema, reason: z.string().trim().min(3).max(300) }),
  async ({ db, actor, meta, input }) => {
    const { endedSessions } = await suspendUser(db, { actor, ...input, ip: meta.ip });
    return { endedSessions };
  },
);

/**
 * Step-up options for suspending the account with this handle: resolves it to its party, which the
 * assertion then commits to (so `suspendPartyAction` acts on exactly that party).
 */
export const suspendByHandleOptionsAction = adminAction(
  "parties.write",
  z.object({ handle: handleSchema, reason: adminReason }),
  async ({ db, actor, meta, input }) => {
    const party = await findPartyByHandle(db, actor, input.handle);
    const options = await beginAdminStepUp(db, actor, {
      operation: { type: "admin.party.suspend", partyId: party.partyId, reason: input.reason },
      ip: meta.ip,
    });
    return { partyId: party.partyId, options };
  },
);
