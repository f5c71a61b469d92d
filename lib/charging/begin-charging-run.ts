import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { requirePermission } from "@/lib/auth/permissions";
import { beginStepUp } from "@/lib/auth/require-step-up";
import { chargingRunOperation } from "./operations";

/** Step-up options for an admin's charging run over the period ending at `periodEnd` or now (charging.run only). */
export async function beginChargingRun(
  db: DbOrTx,
  input: { actor: Actor; periodEnd: Date | "now"; ip?: string | null },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  requirePermission(input.actor, "charging.run");
  return beginStepUp(db, {
    actor: input.actor,
    operation: chargingRunOperation(input.periodEnd),
    ip: input.ip,
  });
}
