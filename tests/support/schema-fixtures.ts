import type { DbOrTx } from "../../db/client";
import { coupons, ledgerAccounts, parties } from "../../db/schema";
import { newId } from "../../lib/ids";

/** Raw rows for schema-level tests, inserted directly (no domain rules), each with fresh ids. */
export async function insertParty(db: DbOrTx, kind: "user" | "shop" = "user"): Promise<string> {
  const id = newId("party");
  await db.insert(parties).values({ id, kind, displayName: `Party ${id.slice(-4)}` });
  return id;
}

export async function insertCoupon(
  db: DbOrTx,
  values: Partial<typeof coupons.$inferInsert> & { ownerPartyId: string },
): Promise<string> {
  const id = values.id ?? newId("coupon");
  const issuedAt = values.issuedAt ?? new Date();
  await db.insert(coupons).values({
    amountMinor: 1000n,
    currency: "EUR",
    requesterPartyId: values.ownerPartyId,
    expiresAt: new Date(issuedAt.getTime() + 86_400_000),
    valueKid: "kid-test",
    valueSignature: "sig",
    ownerAttestation: { kind: "test" },
    ...values,
    id,
    issuedAt,
  });
  return id;
}

export async function insertAccount(
  db: DbOrTx,
  values: { kind: "party" | "issuer_outstanding" | "issuer_settlement"; partyId?: string; currency?: string },
): Promise<string> {
  const id = newId("account");
  await db
    .insert(ledgerAccounts)
    .values({ id, kind: values.kind, partyId: values.partyId ?? null, currency: values.currency ?? "EUR" });
  return id;
}
