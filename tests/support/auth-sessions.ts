import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { passkeys, shopMembers, shops } from "../../db/schema";
import { newId } from "../../lib/ids";
import { createPendingSession } from "../../lib/sessions/create-pending-session";
import { exchangeSignInProof } from "../../lib/sessions/exchange-sign-in-proof";
import { insertParty } from "./schema-fixtures";

/** A signed-in session for `userId`, made the real way: a pending session whose proof is exchanged. */
export async function createTestSession(
  db: DbOrTx,
  userId: string,
  meta = { ip: "192.0.2.1", userAgent: "test" },
) {
  const [passkey] = await db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, userId));
  if (!passkey) throw new Error("test user has no passkey");
  const { proof } = await createPendingSession(db, { userId, passkeyId: passkey.id, meta });
  const exchanged = await exchangeSignInProof(db, proof);
  if (!exchanged) throw new Error("could not exchange the test proof");
  return exchanged.sessionId;
}

/** A shop with its own party, and `members` added with their roles. */
export async function createTestShop(
  db: DbOrTx,
  members: { userId: string; role: "owner" | "staff" }[] = [],
): Promise<{ shopId: string; partyId: string }> {
  const partyId = await insertParty(db, "shop");
  const shopId = newId("shop");
  const slug = `shop-${shopId
    .slice(4, 14)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  await db.insert(shops).values({ id: shopId, partyId, name: `Shop ${slug}`, slug, currency: "EUR" });
  for (const member of members) await db.insert(shopMembers).values({ shopId, ...member });
  return { shopId, partyId };
}

/** A unique client address per test, so rate limits of one test never touch another. */
let addressCounter = 0;
export function testIp(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(Math.random() * 200)}.${addressCounter % 250}`;
}
