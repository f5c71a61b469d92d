import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { DbOrTx } from "@/db/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { AppError, isAppError } from "@/lib/errors";
import { checkRecoveryOutflow, type Outflow } from "@/lib/passkeys/check-recovery-outflow";
import type { Actor } from "./actor";
import type { Operation } from "./operations";
import type { PasskeyAuthorization } from "./passkey-authorization";
import { abuseLimits, attemptCounters, limitAttempt } from "./rate-limits";
import { type EarlyConsume, type StepUpFailureGate, startStepUpConsume, verifyStepUp } from "./step-up";
import { createStepUpOptions } from "./step-up-challenge";
import type { RelyingParty } from "./webauthn-config";

/**
 * First half of `requireStepUp(operation)`: a rate-limited challenge committing to `operation`, which the
 * entry point builds server-side from validated input (never from the browser's description of it).
 */
export async function beginStepUp(
  db: DbOrTx,
  input: { actor: Actor; operation: Operation; ip?: string | null },
  rp?: RelyingParty,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person confirms with a passkey.");
  await limitAttempt(db, "stepup.options", { ip: input.ip ?? null, accountId: actor.userId });
  return createStepUpOptions(db, { userId: actor.userId, operation: input.operation }, rp);
}

/**
 * The failure counters of `stepup.verify` for this caller, as `limitAttempt` keys them (per address when the
 * caller passed one, per account): a confirmation is refused unverified once either is spent.
 */
function failureGate(input: { ip?: string | null; accountId: string }): StepUpFailureGate {
  return {
    keys: attemptCounters("stepup.verify", input),
    windowSeconds: abuseLimits["stepup.verify"].windowSeconds,
  };
}

/** Counts and audits a refused confirmation on `auditDb` (outside the operation's transaction, so it stays). */
async function recordFailure(
  auditDb: DbOrTx,
  input: {
    actor: Extract<Actor, { kind: "user" }>;
    operation: Operation;
    response: unknown;
    ip?: string | null;
  },
  error: AppError,
): Promise<void> {
  const { actor } = input;
  // Past the limit this throws RATE_LIMITED instead, without another audit row: the counter records it.
  await limitAttempt(auditDb, "stepup.verify", { ip: input.ip, accountId: actor.userId });
  const credentialId = (input.response as { id?: unknown })?.id;
  await recordAuditEvent(auditDb, {
    action: "auth.step_up_failed",
    actor,
    targetType: "operation",
    targetId: input.operation.type,
    reason: error.message.slice(0, 300),
    ip: input.ip,
  });
  if (/counter value/i.test(error.message)) {
    await recordAuditEvent(auditDb, {
      action: "passkey.counter_regression",
      actor,
      targetType: "credential",
      targetId: typeof credentialId === "string" ? credentialId.slice(0, 200) : undefined,
      reason: "signature counter did not move forward: the authenticator may be cloned",
      ip: input.ip,
      data: { during: "step_up" },
    });
  }
}

/**
 * Sends the confirmation's consuming statement in `tx` before the operation is known (its round trip then overlaps
 * the operation's first statement); pass the result to `completeStepUp` as `early`, in the same transaction. Null
 * when there is nothing to send early (not a person, no transaction, a malformed confirmation): `completeStepUp`
 * then does everything itself.
 */
export function startStepUp(
  tx: DbOrTx,
  input: { actor: Actor; response: unknown; ip?: string | null; whileTransferPending?: string },
): EarlyConsume | null {
  const { actor } = input;
  if (actor.kind !== "user") return null;
  return startStepUpConsume(tx, {
    userId: actor.userId,
    response: input.response,
    whileTransferPending: input.whileTransferPending,
    gate: failureGate({ ip: input.ip, accountId: actor.userId }),
  });
}

/**
 * Second half of `requireStepUp(operation)`, and the only way an operation verifies a passkey confirmation:
 * verifies the assertion for exactly `operation` and consumes it in `tx` (so it is spent only if the operation
 * commits). A refusal is counted against the `stepup.verify` limit and written to the audit log through
 * `auditDb` — the database, not `tx`, so both survive the rollback — and a backwards counter is flagged as a
 * possible cloned authenticator. Once the caller's failures reach the limit, confirmations are refused with
 * RATE_LIMITED before any verification (successful confirmations are bounded by `beginStepUp`'s own limit).
 * `outflow` is the value the operation moves out of the person's wallet, for the recovery rule.
 */
export async function completeStepUp(
  tx: DbOrTx,
  input: {
    actor: Actor;
    operation: Operation;
    response: unknown;
    ip?: string | null;
    auditDb?: DbOrTx;
    /** Value the operation moves out of the person's wallet, for the recovery rule; omit when none. */
    outflow?: Outflow;
    /** The consuming statement `startStepUp` sent early for this actor and response. */
    early?: EarlyConsume | null;
  },
  rp?: RelyingParty,
): Promise<PasskeyAuthorization> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person confirms with a passkey.");
  let authorization: PasskeyAuthorization;
  try {
    authorization = await verifyStepUp(
      tx,
      {
        userId: actor.userId,
        operation: input.operation,
        response: input.response,
        gate: failureGate({ ip: input.ip, accountId: actor.userId }),
        early: input.early ?? undefined,
      },
      rp,
    );
  } catch (error) {
    if (isAppError(error) && error.code === "STEP_UP_INVALID") {
      await recordFailure(input.auditDb ?? tx, { ...input, actor }, error);
    }
    throw error;
  }
  if (input.outflow) {
    await checkRecoveryOutflow(tx, {
      userId: actor.userId,
      credentialId: authorization.credentialId,
      outflow: input.outflow,
    });
  }
  return authorization;
}

/**
 * `completeStepUp` for an operation whose entry point passed on what the person sent: the assertion
 * (`sent.authorization`) and their address (`sent.ip`). Refusals are audited on `db`, outside `tx`.
 */
export function completeStepUpFor(
  tx: DbOrTx,
  db: DbOrTx,
  input: {
    actor: Actor;
    operation: Operation;
    sent: { authorization?: unknown; ip?: string | null };
    outflow?: Outflow;
  },
): Promise<PasskeyAuthorization> {
  const { sent, ...rest } = input;
  return completeStepUp(tx, { ...rest, response: sent.authorization, ip: sent.ip, auditDb: db });
}
