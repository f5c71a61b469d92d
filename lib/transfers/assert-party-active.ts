import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { parties } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Refuses a transfer out of a suspended party (a person or a shop): suspension blocks new transfers out even
 * where a session or an API key would otherwise still be accepted.
 */
export async function assertPartyMayTransferOut(db: DbOrTx, partyId: string): Promise<void> {
  const [party] = await db.select({ status: parties.status }).from(parties).where(eq(parties.id, partyId));
  if (party?.status !== "active") {
    throw new AppError("ACCOUNT_SUSPENDED", "This account is suspended and cannot give or spend coupons.");
  }
}
