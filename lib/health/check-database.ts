import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type DatabaseHealth = { database: "up"; latencyMs: number } | { database: "down"; error: string };

/** Reports whether the database answers a real query, and how fast. Never throws. */
export async function checkDatabase(db: () => DbOrTx): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await db().execute(sql`select 1`);
    return { database: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      database: "down",
      error: error instanceof Error ? error.message.slice(0, 200) : "unknown error",
    };
  }
}
