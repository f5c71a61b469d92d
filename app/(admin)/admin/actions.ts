"use server";

import { z } from "zod";
import { adminReason } from "@/lib/admin/admin-inputs";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { adminAction } from "@/lib/auth/admin-action";
import { findPartyByHandle } from "@/lib/parties/find-party-by-handle";
import { handleSchema } from "@/lib/users/handle";

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
