import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Money is always a bigint number of minor units (cents, yen…), read into JavaScript as `bigint`. */
export const bigintMinor = (name: string) => bigint(name, { mode: "bigint" });

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
