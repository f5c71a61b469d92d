import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passkeys, users, webauthnChallenges } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../../db/testing";
import { userActor } from "../../lib/auth/actor";
import type { Operation } from "../../lib/auth/operations";
import { verifyRecordedAuthorization } from "../../lib/auth/passkey-authorization";
import { completeStepUp } from "../../lib/auth/require-step-up";
import { createStepUpOptions } from "../../lib/auth/step-up-challenge";
import type { RelyingParty } from "../../lib/auth/webauthn-config";
import { AppError } from "../../lib/errors";
import { createTestUser } from "../support/identity";
import { TestAuthenticator } from "../support/test-authenticator";

let t: TestDatabase;
const rp = { origin: "http://localhost:3000", rpID: "localhost", rpName: "Scrip" };
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const operationA = { type: "transfer.offer", couponId: "cpn_a", version: 1, recipient: "pty_b" };
const operationB = { type: "transfer.offer", couponId: "cpn_a", version: 1, recipient: "pty_mallory" };

/** The one confirmation path every operation uses, as the person `userId`. */
async function confirm(
  db: TestDatabase["db"],
  input: { userId: string; operation: Operation; response: unknown },
  relyingParty: RelyingParty,
) {
  const [user] = await db.select({ partyId: users.partyId }).from(users).where(eq(users.id, input.userId));
  const actor = userActor({ userId: input.userId, partyId: user?.partyId as string });
  return completeStepUp(db, { actor, ...input, auditDb: db }, relyingParty);
}

async function expectRefused(action: () => Promise<unknown>, message: RegExp) {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("STEP_UP_INVALID");
  expect((error as AppError).message).toMatch(message);
}

describe("step-up", () => {
  it("verifies an assertion for exactly its operation, once, and records a re-verifiable authorization", async () => {
    const user = await createTestUser(t.db);
    const options = await createStepUpOptions(t.db, { userId: user.userId, operation: operationA }, rp);
    expect(options.userVerification).toBe("required");
    const response = user.authenticator.createAssertion(options.challenge);
    const authorization = await confirm(t.db, { userId: user.userId, operation: operationA, response }, rp);
    expect(authorization.credentialId).toBe(user.authenticator.credentialId);
    expect(await verifyRecordedAuthorization(authorization, operationA)).toBe(true);
    expect(await verifyRecordedAuthorization(authorization, operationB)).toBe(false);
    const [stored] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
    expect(stored?.counter).toBe(1);
    await expectRefused(
      () => confirm(t.db, { userId: user.userId, operation: operationA, response }, rp),
      /already used/,
    );
  });

  it("refuses an assertion made for operation A when used for operation B", async () => {
    const user = await createTestUser(t.db);
    const options = await createStepUpOptions(t.db, { userId: user.userId, operation: operationA }, rp);
    const response = user.authenticator.createAssertion(options.challenge);
    await expectRefused(
      () => confirm(t.db, { userId: user.userId, operation: operationB, response }, rp),
      /different operation/,
    );
    const [challenge] = await t.db
      .select()
      .from(webauthnChallenges)
      .where(eq(webauthnChallenges.challenge, options.challenge));
    expect(challenge?.consumedAt).toBeNull();
  });

  it("refuses another origin, a missing user verification, an unknown credential and a backwards counter", async () => {
    const user = await createTestUser(t.db);
    const fresh = async () =>
      (await createStepUpOptions(t.db, { userId: user.userId, operation: operationA }, rp)).challenge;
    await expectRefused(
      async () =>
        confirm(
          t.db,
          {
            userId: user.userId,
            operation: operationA,
            response: user.authenticator.createAssertion(await fresh(), { origin: "https://evil.example" }),
          },
          rp,
        ),
      /origin/i,
    );
    await expectRefused(
      async () =>
        confirm(
          t.db,
          {
            userId: user.userId,
            operation: operationA,
            response: user.authenticator.createAssertion(await fresh(), { userVerified: false }),
          },
          rp,
        ),
      /verif/i,
    );
    const stranger = new TestAuthenticator();
    await expectRefused(
      async () =>
        confirm(
          t.db,
          { userId: user.userId, operation: operationA, response: stranger.createAssertion(await fresh()) },
          rp,
        ),
      /not registered/,
    );
    const good = user.authenticator.createAssertion(await fresh(), { counter: 10 });
    await confirm(t.db, { userId: user.userId, operation: operationA, response: good }, rp);
    await expectRefused(
      async () =>
        confirm(
          t.db,
          {
            userId: user.userId,
            operation: operationA,
            response: user.authenticator.createAssertion(await fresh(), { counter: 5 }),
          },
          rp,
        ),
      /counter/i,
    );
  });

  it("refuses another user's challenge and an expired one", async () => {
    const alice = await createTestUser(t.db);
    const bob = await createTestUser(t.db);
    const options = await createStepUpOptions(t.db, { userId: alice.userId, operation: operationA }, rp);
    await expectRefused(
      () =>
        confirm(
          t.db,
          {
            userId: bob.userId,
            operation: operationA,
            response: bob.authenticator.createAssertion(options.challenge),
          },
          rp,
        ),
      /not yours/,
    );
    const expiring = await createStepUpOptions(t.db, { userId: alice.userId, operation: operationA }, rp);
    await t.db
      .update(webauthnChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(webauthnChallenges.challenge, expiring.challenge));
    await expectRefused(
      () =>
        confirm(
          t.db,
          {
            userId: alice.userId,
            operation: operationA,
            response: alice.authenticator.createAssertion(expiring.challenge),
          },
          rp,
        ),
      /expired/,
    );
  });

  it("changes nothing when a forged assertion claims a huge counter", async () => {
    const user = await createTestUser(t.db);
    const options = await createStepUpOptions(t.db, { userId: user.userId, operation: operationA }, rp);
    const genuine = user.authenticator.createAssertion(options.challenge, { counter: 4_000_000_000 });
    const signature = Buffer.from(genuine.response.signature, "base64url");
    signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 0xff;
    const forged = {
      ...genuine,
      response: { ...genuine.response, signature: signature.toString("base64url") },
    };
    await expectRefused(
      () => confirm(t.db, { userId: user.userId, operation: operationA, response: forged }, rp),
      /did not verify|refused/,
    );
    const [stored] = await t.db.select().from(passkeys).where(eq(passkeys.userId, user.userId));
    expect(stored?.counter).toBe(0);
    const [challenge] = await t.db
      .select()
      .from(webauthnChallenges)
      .where(eq(webauthnChallenges.challenge, options.challenge));
    expect(challenge?.consumedAt).toBeNull();
    // The genuine assertion still works afterwards: the forged attempt spent nothing.
    await confirm(t.db, { userId: user.userId, operation: operationA, response: genuine }, rp);
  });
});
