import type { DbOrTx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getWalletOverview, type WalletOverview } from "./get-wallet-overview";
import { walletPartyOf } from "./wallet-party";

/**
 * The acting person's wallet home. Reads only: an offer past its expiry is not listed (nor counted) even before
 * the expire-transfers job has closed it, so nobody sees an offer they can no longer accept as open.
 */
export async function getWalletHome(db: DbOrTx, actor: Actor, now = new Date()): Promise<WalletOverview> {
  return getWalletOverview(db, walletPartyOf(actor), now);
}
