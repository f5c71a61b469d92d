import type { DbOrTx } from "../../db/client";
import type { Actor } from "../../lib/auth/actor";
import { newId } from "../../lib/ids";
import { insertParty } from "./schema-fixtures";

/** A shop actor (e.g. an API key) backed by a real shop party; the shop row itself is not needed here. */
export async function shopActorFixture(
  db: DbOrTx,
  options: { scopes?: string[] } = {},
): Promise<Actor & { kind: "shop" }> {
  const partyId = await insertParty(db, "shop");
  return { kind: "shop", shopId: newId("shop"), partyId, scopes: options.scopes ?? ["shop.coupons.convert"] };
}
