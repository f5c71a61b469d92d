"use server";

import { z } from "zod";
import { adminReason, keyPurpose } from "@/lib/admin/admin-inputs";
import type { AdminOperation } from "@/lib/admin/admin-operations";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { performAdminOperation } from "@/lib/admin/perform-admin-operation";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";

const rotateInput = z.object({ purpose: keyPurpose, reason: adminReason });

const rotateOperation = (input: z.output<typeof rotateInput>): AdminOperation => ({
  type: "admin.key.rotate",
  purpose: input.purpose,
  reason: input.reason,
});

/** Step-up options for rotating the issuer key of exactly this purpose. */
export const rotateKeyOptionsAction = adminAction("keys.rotate", rotateInput, ({ db, actor, meta, input }) =>
  beginAdminStepUp(db, actor, { operation: rotateOperation(input), ip: meta.ip }),
);

/** Rotates the key with the admin's passkey assertion; the old key is retired and stays published. */
export const rotateKeyAction = adminAction(
  "keys.rotate",
  rotateInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const outcome = await performAdminOperation(db, actor, {
      operation: rotateOperation(input),
      stepUp: input.stepUp,
      ip: meta.ip,
    });
    return outcome.type === "admin.key.rotate"
      ? { kid: outcome.kid, retiredKid: outcome.retiredKid }
      : { kid: null, retiredKid: null };
  },
);
