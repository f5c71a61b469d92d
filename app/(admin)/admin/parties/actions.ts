"use server";

import { z } from "zod";
import { adminId, adminReason, creditLimitMinorOf, creditLimitText } from "@/lib/admin/admin-inputs";
import type { AdminOperation } from "@/lib/admin/admin-operations";
import { beginAdminStepUp } from "@/lib/admin/begin-admin-step-up";
import { performAdminOperation } from "@/lib/admin/perform-admin-operation";
import { adminAction } from "@/lib/auth/admin-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";

const creditLimitInput = z.object({
  partyId: adminId,
  currency: z.string().trim().length(3),
  /** An amount of the currency as typed ("2500", "2500.50"), "0" to block, or empty for the default limit. */
  limit: creditLimitText,
  reason: adminReason,
});
const statusInput = z.object({ partyId: adminId, reason: adminReason });

const creditLimitOperation = (input: z.output<typeof creditLimitInput>): AdminOperation => ({
  type: "admin.party.credit_limit",
  partyId: input.partyId,
  currency: input.currency,
  limitMinor: creditLimitMinorOf(input.limit, input.currency),
  reason: input.reason,
});
const suspendOperation = (input: z.output<typeof statusInput>): AdminOperation => ({
  type: "admin.party.suspend",
  partyId: input.partyId,
  reason: input.reason,
});
const reinstateOperation = (input: z.output<typeof statusInput>): AdminOperation => ({
  type: "admin.party.reinstate",
  partyId: input.partyId,
  reason: input.reason,
});

/** Step-up options for setting exactly this credit limit on this party. */
export const creditLimitOptionsAction = adminAction(
  "parties.write",
  creditLimitInput,
  ({ db, actor, meta, input }) =>
    beginAdminStepUp(db, actor, { operation: creditLimitOperation(input), ip: meta.ip }),
);

/** Sets a party's credit limit with the admin's passkey assertion. */
export const setCreditLimitAction = adminAction(
  "parties.write",
  creditLimitInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const operation = creditLimitOperation(input);
    await performAdminOperation(db, actor, { operation, stepUp: input.stepUp, ip: meta.ip });
    const limitMinor = creditLimitMinorOf(input.limit, input.currency);
    return { partyId: input.partyId, currency: input.currency, limitMinor };
  },
);

/** Step-up options for suspending this party for this reason. */
export const suspendPartyOptionsAction = adminAction(
  "parties.write",
  statusInput,
  ({ db, actor, meta, input }) =>
    beginAdminStepUp(db, actor, { operation: suspendOperation(input), ip: meta.ip }),
);

/** Suspends a party with the admin's passkey assertion: its sessions end, transfers out stop. */
export const suspendPartyAction = adminAction(
  "parties.write",
  statusInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    const outcome = await performAdminOperation(db, actor, {
      operation: suspendOperation(input),
      stepUp: input.stepUp,
      ip: meta.ip,
    });
    return { endedSessions: outcome.type === "admin.party.suspend" ? outcome.endedSessions : 0 };
  },
);

/** Step-up options for reinstating this party for this reason. */
export const reinstatePartyOptionsAction = adminAction(
  "parties.write",
  statusInput,
  ({ db, actor, meta, input }) =>
    beginAdminStepUp(db, actor, { operation: reinstateOperation(input), ip: meta.ip }),
);

/** Lifts a party's suspension with the admin's passkey assertion. */
export const reinstatePartyAction = adminAction(
  "parties.write",
  statusInput.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) => {
    await performAdminOperation(db, actor, {
      operation: reinstateOperation(input),
      stepUp: input.stepUp,
      ip: meta.ip,
    });
    return { reinstated: true };
  },
);
