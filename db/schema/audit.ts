import { bigserial, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { parties, users } from "./parties";

/** Append-only record of admin actions and security events (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    action: text("action").notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    actorPartyId: text("actor_party_id").references(() => parties.id),
    targetType: text("target_type"),
    targetId: text("target_id"),
    reason: text("reason"),
    ip: text("ip"),
    data: jsonb("data").notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_action_idx").on(t.action),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);
