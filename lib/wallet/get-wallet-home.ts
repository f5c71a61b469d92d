import type { DbOrTx } from "@/db/client";
import { expireDueOffers } from "./expire-due-offers";
import { getWalletOverview, type WalletOverview } from "./get-wallet-overview";

/** The wallet home of one party, after lazily expiring offers whose time is up. */
export async function getWalletHome(db: DbOrTx, partyId: string): Promise<WalletOverview> {
  await expireDueOffers(db);
  return getWalletOverview(db, partyId);
}
