import type { DbOrTx } from "@/db/client";
import { expireTransfers } from "@/lib/transfers/expire-transfers";

/**
 * Expires offers whose time is up before a wallet read shows them. There is no scheduler yet, so the wallet
 * runs the (idempotent, batched) expiry job lazily whenever a person looks at their wallet, a coupon or an
 * offer's live status: an expired offer is never shown as pending, and the coupon is back with its giver.
 */
export async function expireDueOffers(db: DbOrTx): Promise<void> {
  await expireTransfers(db, new Date(), { batchSize: 50 });
}
