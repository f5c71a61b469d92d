/** Helpers for changing an account's protection the real way: an unlocked wallet and a passkey step-up. */
import type { Db } from "../../db/client";
import { userActor } from "../../lib/auth/actor";
import type { Operation } from "../../lib/auth/operations";
import { createStepUpOptions } from "../../lib/auth/step-up-challenge";
import type { AccountSession } from "../../lib/passkeys/confirm-account-change";
import { unlockWallet } from "../../lib/sessions/unlock-wallet";
import { createTestSession } from "./auth-sessions";
import type { TestUser } from "./identity";
import type { AssertionOverrides, TestAuthenticator } from "./test-authenticator";

export const testRp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };

export const actorOfUser = (user: TestUser) => userActor({ userId: user.userId, partyId: user.partyId });

/** A new session of `user` whose wallet they unlocked with their passkey. */
export async function unlockedSession(db: Db, user: TestUser): Promise<AccountSession> {
  const sessionId = await createTestSession(db, user.userId);
  await unlockSession(db, user, sessionId);
  return { sessionId, userId: user.userId };
}

/** Unlocks the wallet of `sessionId` with `user`'s passkey. */
export async function unlockSession(db: Db, user: TestUser, sessionId: string): Promise<void> {
  const operation = { type: "wallet.unlock", sessionId };
  const response = await stepUpBy(db, user, operation);
  await unlockWallet(db, { actor: actorOfUser(user), sessionId, response }, testRp);
}

/**
 * A step-up assertion over `operation` for `user`'s account, signed by `authenticator` (their own passkey
 * unless another is given: a thief's key, or another person's).
 */
export async function stepUpBy(
  db: Db,
  user: TestUser,
  operation: Operation,
  authenticator: TestAuthenticator = user.authenticator,
  overrides: AssertionOverrides = {},
) {
  const options = await createStepUpOptions(db, { userId: user.userId, operation }, testRp);
  return authenticator.createAssertion(options.challenge, overrides);
}
