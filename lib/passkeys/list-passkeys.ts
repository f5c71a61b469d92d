import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listPage } from "@/db/list-page";
import { passkeys } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  deviceType: "singleDevice" | "multiDevice";
  backedUp: boolean;
  transports: string[];
}

/** The signed-in person's own passkeys, oldest first (never anyone else's). */
export async function listPasskeys(db: DbOrTx, input: { actor: Actor }): Promise<PasskeySummary[]> {
  const { actor } = input;
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "Only a person has passkeys.");
  return listPage(
    db,
    passkeys,
    ["id", "name", "createdAt", "lastUsedAt", "deviceType", "backedUp", "transports"],
    {
      where: eq(passkeys.userId, actor.userId),
      orderBy: [asc(passkeys.createdAt), asc(passkeys.id)],
      limit: 50,
    },
  );
}
