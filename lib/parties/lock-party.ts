import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { parties, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/ids";

export interface LockedParty {
  id: string;
  kind: "user" | "shop";
  status: "active" | "suspended";
  /** The person whose wallet this is (user parties only). */
  userId: string | null;
}

/** Locks a party's row for the rest of `tx`, or NOT_FOUND (also for ids of the wrong shape). */
export async function lockPartyOrThrow(tx: Tx, partyId: unknown): Promise<LockedParty> {
  if (!isId("party", partyId)) throw new AppError("NOT_FOUND", "No such party.");
  const [row] = await tx
    .select({
      id: parties.id,
      kind: parties.kind,
      status: parties.status,
    })
    .from(parties)
    .where(eq(parties.id, partyId))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND", "No such party.");
  const [user] =
    row.kind === "user"
      ? await tx.select({ id: users.id }).from(users).where(eq(users.partyId, row.id)).limit(1)
      : [];
  return { ...row, userId: user?.id ?? null };
}
