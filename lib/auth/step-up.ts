import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { is } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { type PreparedRow, preparedQuery } from "@/db/prepared";
import { column, rowParser } from "@/db/rows";
import { AppError } from "@/lib/errors";
import { noteOperation } from "@/lib/observability/work-context";
import { plural } from "@/lib/words/plural";
import { type FastAssertionVerdict, verifyPasskeyAssertion } from "./fast-assertion";
import { challengeCommitsTo, type Operation, operationDigest } from "./operations";
import type { PasskeyAuthorization } from "./passkey-authorization";
import { challengeOfResponse } from "./step-up-challenge";
import { getRelyingParty, type RelyingParty } from "./webauthn-config";

const invalid = (message: string) => new AppError("STEP_UP_INVALID", message);

/** Counter (bytes 33–36) and backup state (flag 0x10) from an assertion's authenticator data, or null. */
function signedStateOfResponse(
  response: AuthenticationResponseJSON,
): { counter: number; backedUp: boolean } | null {
  const authenticatorData = response.response?.authenticatorData;
  if (typeof authenticatorData !== "string" || authenticatorData.length > 2048) return null;
  const bytes = Buffer.from(authenticatorData, "base64url");
  if (bytes.length < 37) return null;
  return { counter: bytes.readUInt32BE(33), backedUp: ((bytes[32] ?? 0) & 0x10) !== 0 };
}

/**
 * Failure counters that refuse a confirmation before it is verified: when any `key` in `rate_limits` has
 * reached its `limit` within the window, the assertion is refused with RATE_LIMITED and nothing is consumed.
 * Read in the same statement that consumes the challenge, so the check costs no round trip of its own.
 */
export interface StepUpFailureGate {
  keys: { key: string; limit: number }[];
  windowSeconds: number;
}

/**
 * Verifies a step-up assertion for `operation` by `userId` and consumes its challenge, inside the caller's
 * transaction so the challenge is spent only if the operation commits. Refuses replayed, expired, mismatched
 * or foreign assertions, missing user verification, and counters that do not move forward.
 *
 * Only `completeStepUp` (require-step-up.ts) calls this: it adds the rate limit, the audit of failures and the
 * recovery rule, and every operation goes through it (lib/auth/step-up-callers.test.ts keeps it that way).
 */
export async function verifyStepUp(
  tx: DbOrTx,
  input: {
    userId: string;
    operation: Operation;
    response: unknown;
    gate?: StepUpFailureGate;
    /** The consuming statement, sent early by `startStepUpConsume` for this user and response. */
    early?: EarlyConsume;
  },
  rp: RelyingParty = getRelyingParty(),
): Promise<PasskeyAuthorization> {
  noteOperation(input.operation.type);
  const response = input.response as AuthenticationResponseJSON;
  if (!response || typeof response !== "object" || typeof response.id !== "string" || !response.response) {
    throw invalid("The passkey confirmation is missing or malformed.");
  }
  const challenge = challengeOfResponse(response);
  if (!challenge) throw invalid("The passkey confirmation is malformed.");
  const digest = operationDigest(input.operation);
  if (!challengeCommitsTo(challenge, digest)) {
    throw invalid("This passkey confirmation was made for a different operation.");
  }
  const signed = signedStateOfResponse(response);
  if (!signed) throw invalid("The passkey confirmation is malformed.");
  // Without an open transaction, make one: the statement below must be undone if verification fails.
  // (`is` compares Drizzle entity kinds, so it also holds when a bundler loaded two copies of drizzle-orm,
  // where `instanceof` would fail and send a transaction round this branch again.)
  const checked: CheckedAssertion = { ...input, response, challenge, digest, signed };
  const early = input.early;
  if (early && early.tx === tx && early.userId === input.userId && early.response === response) {
    return verifyConsumed(await early.rows, checked, rp);
  }
  if (!is(tx, PgTransaction)) return tx.transaction((inner) => consumeAndVerify(inner, checked, rp));
  return consumeAndVerify(tx, checked, rp);
}

/**
 * The consuming statement of a step-up, sent before the operation is known (so it travels with the operation's
 * first statement instead of a round trip of its own). It does not test the challenge's operation digest: it
 * returns it, and `verifyStepUp` refuses a digest other than the operation's, which rolls the transaction back
 * like any other refusal after the statement.
 */
export interface EarlyConsume {
  tx: DbOrTx;
  userId: string;
  response: unknown;
  rows: Promise<PreparedRow[]>;
}

/**
 * Sends the consuming statement of `response` for `userId` in the open transaction `tx` without waiting for it,
 * or returns null when it cannot be sent yet (no transaction, or a response whose shape verifyStepUp refuses
 * before any statement). Pass the result to verifyStepUp, in the same transaction, before it ends.
 */
export function startStepUpConsume(
  tx: DbOrTx,
  input: {
    userId: string;
    response: unknown;
    gate?: StepUpFailureGate;
    /**
     * Consume nothing unless this transfer is still pending when the statement runs (after the statement
     * ahead of it took the coupon's lock): a caller that lost the race for the coupon then leaves the passkey
     * alone instead of holding its row lock while it rolls back.
     */
    whileTransferPending?: string;
  },
): EarlyConsume | null {
  if (!is(tx, PgTransaction)) return null;
  const response = input.response as AuthenticationResponseJSON;
  if (!response || typeof response !== "object" || typeof response.id !== "string" || !response.response) {
    return null;
  }
  const challenge = challengeOfResponse(response);
  const signed = signedStateOfResponse(response);
  if (!challenge || !signed) return null;
  const rows = consumeRows(tx, {
    userId: input.userId,
    response,
    challenge,
    digest: null,
    signed,
    gate: input.gate,
    whileTransferPending: input.whileTransferPending,
  });
  // Read by verifyStepUp; if the operation is refused before that, the rollback undoes the statement.
  rows.catch(() => {});
  return { tx, userId: input.userId, response, rows };
}

/** An assertion whose shape, challenge commitment and authenticator data have been checked, not yet verified. */
interface CheckedAssertion {
  userId: string;
  operation: Operation;
  response: AuthenticationResponseJSON;
  challenge: string;
  digest: string;
  signed: { counter: number; backedUp: boolean };
  gate?: StepUpFailureGate;
}

/**
 * The statement that consumes a step-up challenge, locks the passkey and moves its counter forward, with the
 * failure gate's window as $8 and its `keys` as `keyCount` (key, limit) pairs from $9 on. With $7 (a transfer id),
 * nothing is consumed unless that transfer is pending when the statement runs. One text per key count, so it is prepared once
 * per connection.
 */
const consumeStatements = new Map<number, string>();
function consumeStatement(keyCount: number): string {
  let text = consumeStatements.get(keyCount);
  if (text) return text;
  const pairs = Array.from(
    { length: keyCount },
    (_, index) => `($${9 + 2 * index}::text, $${10 + 2 * index}::int)`,
  );
  // Seconds until the gate opens again: 0 when no failure counter has reached its limit.
  const retryAfter =
    keyCount === 0
      ? "0"
      : `(select coalesce(max(greatest(1, ceil(extract(epoch from (r.window_start + $8::interval - now()))))), 0)::int
      from rate_limits r join (values ${pairs.join(", ")}) as g (key, lim) on r.key = g.key and r.count >= g.lim
      where r.window_start > now() - $8::interval)`;
  text = `
    with gate as (select ${retryAfter} as retry_after),
    ch as (
      update webauthn_challenges set consumed_at = now()
      where challenge = $1 and purpose = 'step_up' and user_id = $2
        and ($3::text is null or operation_digest = $3) and consumed_at is null and expires_at > now()
        and (select retry_after from gate) = 0
        and ($7::text is null or exists (select 1 from transfers where id = $7 and status = 'pending'))
      returning id, operation_digest),
    pk as (
      select id, credential_id, public_key, counter, transports from passkeys
      where credential_id = $4 and user_id = $2 and exists (select 1 from ch)
      for update),
    moved as (
      update passkeys p set counter = greatest(p.counter, $5::bigint), last_used_at = now(),
        backed_up = $6::boolean
      from pk where p.id = pk.id returning p.id)
    select (select retry_after from gate) as retry_after, (select count(*) from ch)::int as consumed,
      (select operation_digest from ch) as operation_digest, (select count(*) from moved)::int as moved, pk.id, pk.credential_id, pk.public_key, pk.counter::text as counter, pk.transports
    from (select 1) one left join pk on true`;
  consumeStatements.set(keyCount, text);
  return text;
}

const parseConsumed = rowParser({
  retry_after: column.int,
  consumed: column.int,
  operation_digest: column.textOrNull,
  id: column.textOrNull,
  credential_id: column.textOrNull,
  public_key: column.bytesOrNull,
  counter: column.intOrNull,
  transports: column.textArrayOrNull,
});

/**
 * One round trip: consume the challenge (bound to `digest` when given), lock the passkey and move its counter
 * forward. The counter is read from the (still unverified) authenticator data; if the signature or anything else
 * does not verify, the caller throws and its transaction rolls all of it back, so a forged assertion changes
 * nothing.
 */
function consumeRows(
  tx: DbOrTx,
  assertion: Pick<CheckedAssertion, "userId" | "response" | "challenge" | "signed" | "gate"> & {
    digest: string | null;
    whileTransferPending?: string;
  },
): Promise<PreparedRow[]> {
  const keys = assertion.gate?.keys ?? [];
  const window = `${Math.max(1, Math.floor(assertion.gate?.windowSeconds ?? 1))} seconds`;
  return preparedQuery(tx, consumeStatement(keys.length), [
    assertion.challenge,
    assertion.userId,
    assertion.digest,
    assertion.response.id,
    String(assertion.signed.counter),
    assertion.signed.backedUp,
    assertion.whileTransferPending ?? null,
    ...(keys.length > 0 ? [window, ...keys.flatMap(({ key, limit }) => [key, limit])] : []),
  ]);
}

async function consumeAndVerify(
  tx: DbOrTx,
  checked: CheckedAssertion,
  rp: RelyingParty,
): Promise<PasskeyAuthorization> {
  return verifyConsumed(await consumeRows(tx, checked), checked, rp);
}

async function verifyConsumed(
  rows: PreparedRow[],
  checked: CheckedAssertion,
  rp: RelyingParty,
): Promise<PasskeyAuthorization> {
  const { response, challenge, digest, signed } = checked;
  const input = checked;
  const signedCounter = signed.counter;
  const row = rows[0] === undefined ? undefined : parseConsumed(rows[0]);
  if (row && row.retry_after > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed passkey confirmations; try again in ${plural(row.retry_after, "second")}.`,
      { retryAfterSeconds: row.retry_after },
    );
  }
  if (!row?.consumed) {
    throw invalid("This passkey confirmation was already used, has expired, or is not yours.");
  }
  // The challenge was made for this operation (the statement tests it unless it was sent early).
  if (row.operation_digest !== digest) {
    throw invalid("This passkey confirmation was made for a different operation.");
  }
  if (!row.id || !row.credential_id || !row.public_key) {
    throw invalid("This passkey is not registered to your account.");
  }
  const passkey = {
    credentialId: row.credential_id,
    publicKey: new Uint8Array(row.public_key),
    counter: row.counter ?? 0,
  };

  let verification: FastAssertionVerdict;
  try {
    verification = await verifyPasskeyAssertion({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: passkey.counter },
      requireUserVerification: true,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : "verification failed";
    throw new AppError("STEP_UP_INVALID", `The passkey confirmation was refused: ${reason}`, {
      cause: error,
    });
  }
  if (!verification.verified || !verification.userVerified) {
    throw invalid("The passkey confirmation did not verify the user.");
  }
  // The library checked that the verified counter moved past the stored one (or both are zero), and it is the
  // one the statement above wrote; the row lock serialised concurrent uses of the same passkey.
  if (verification.newCounter !== signedCounter) {
    throw invalid("The passkey confirmation is inconsistent.");
  }

  return {
    kind: "passkey",
    userId: input.userId,
    credentialId: passkey.credentialId,
    publicKey: Buffer.from(passkey.publicKey).toString("base64url"),
    operation: input.operation,
    digest,
    challenge,
    origin: rp.origin,
    rpID: rp.rpID,
    response,
    verifiedAt: new Date().toISOString(),
  };
}
