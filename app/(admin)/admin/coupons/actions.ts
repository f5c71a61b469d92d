"use server";

import { z } from "zod";
import { adminId, adminReason } from "@/lib/admin/admin-inputs";
import type { AdminOperation } from "@/lib/admin/admin-operations";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { performAdminOperation } from "@/lib/admin/perform-admin-operation";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";

const revokeInput = z.object({ couponId: adminId, reason: adminReason });

const revokeOperation = (input: z.output<typeof revokeInput>): AdminOperation => ({
  type: "admin.coupon.revoke",
  couponId: input.couponId,
  reason: input.reason,
});

/** Step-up options for revoking exactly this coupon for exactly this reason. */
export const revokeOptionsAction = adminAction("coupons.revoke", revokeInput, ({ db, actor, meta, input }) =>
  beginAdminStepUp(db, actor, { operation: revokeOperation(input), ip: meta.ip }),
);

/** Revokes a coupon with the admin's passkey assertion (a funded one is first converted to its holder). */
export const revokeCouponAction = adminAction(
  "coupons.revoke",
  revokeInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const outcome = await performAdminOperation(db, actor, {
      operation: revokeOperation(input),
      stepUp: input.stepUp,
      ip: meta.ip,
    });
    return {
      couponId: input.couponId,
      converted: outcome.type === "admin.coupon.revoke" && outcome.convertedPostingId !== null,
    };
  },
);
