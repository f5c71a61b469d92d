import type { DbOrTx } from "../../db/client";
import { parties, passkeys, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { TestAuthenticator, type TestPasskeyAlgorithm } from "./test-authenticator";

export interface TestUser {
  userId: string;
  partyId: string;
  handle: string;
  authenticator: TestAuthenticator;
}

let counter = 0;

/** Inserts a user with a wallet party and one passkey held by a fresh TestAuthenticator (origin localhost:3000). */
export async function createTestUser(
  db: DbOrTx,
  options: { handle?: string; isAdmin?: boolean; algorithm?: TestPasskeyAlgorithm } = {},
): Promise<TestUser> {
  counter += 1;
  const handle =
    options.handle ?? `user_${process.pid}_${counter}_${Math.floor(Math.random() * 1e6)}`.slice(0, 30);
  const partyId = newId("party");
  const userId = newId("user");
  await db.insert(parties).values({ id: partyId, kind: "user", displayName: handle });
  await db.insert(users).values({
    id: userId,
    partyId,
    handle,
    displayName: handle,
    webauthnUserId: newId("user"),
    isAdmin: options.isAdmin ?? false,
  });
  const authenticator = new TestAuthenticator({ algorithm: options.algorithm });
  await db.insert(passkeys).values({
    id: newId("passkey"),
    userId,
    credentialId: authenticator.credentialId,
    publicKey: authenticator.cosePublicKey(),
    counter: 0,
    transports: ["internal"],
    deviceType: "multiDevice",
    backedUp: true,
    name: "Test passkey",
  });
  return { userId, partyId, handle, authenticator };
}
