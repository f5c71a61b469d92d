"use server";

import { z } from "zod";
import { adminId, adminReason } from "@/lib/admin/admin-inputs";
import type { AdminOperation } from "@/lib/admin/admin-operations";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { performAdminOperation } from "@/lib/admin/perform-admin-operation";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { rejectIssuance } from "@/lib/issuance/decide-issuance";

const approveInput = z.object({ requestId: adminId, reason: adminReason.optional().or(z.literal("")) });

function approveOperation(input: z.output<typeof approveInput>): AdminOperation {
  return { type: "admin.issuance.approve", requestId: input.requestId, reason: input.reason || null };
}

/** Step-up options for approving exactly this request (with exactly this note). */
export const approveOptionsAction = adminAction(
  "issuance.approve",
  approveInput,
  ({ db, actor, meta, input }) =>
    beginAdminStepUp(db, actor, { operation: approveOperation(input), ip: meta.ip }),
);

/** Approves an issuance request with the admin's passkey assertion; the coupon is issued to the requester. */
export const approveIssuanceAction = adminAction(
  "issuance.approve",
  approveInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const outcome = await performAdminOperation(db, actor, {
      operation: approveOperation(input),
      stepUp: input.stepUp,
      ip: meta.ip,
    });
    return { couponId: outcome.type === "admin.issuance.approve" ? outcome.couponId : null };
  },
);

/** Rejects an issuance request with a reason (no money moves, so no step-up). */
export const rejectIssuanceAction = adminAction(
  "issuance.approve",
  z.object({ requestId: adminId, reason: adminReason }),
  async ({ db, actor, input }) => {
    await rejectIssuance(db, actor, input);
    return { rejected: true };
  },
);
