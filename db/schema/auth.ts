import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { challengePurpose, passkeyDeviceType } from "./enums";
import { users } from "./parties";

export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

/** WebAuthn credentials. A credential id belongs to exactly one user across the whole system. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** base64url credential id as sent by the authenticator. */
    credentialId: text("credential_id").notNull(),
    publicKey: bytea("public_key").notNull(),
    /** Signature counter; updated with compare-and-swap so a cloned authenticator shows as going backwards. */
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports").array().notNull().default(sql`'{}'::text[]`),
    deviceType: passkeyDeviceType("device_type").notNull(),
    backedUp: boolean("backed_up").notNull(),
    aaguid: text("aaguid"),
    name: text("name").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("passkeys_credential_id_unique").on(t.credentialId),
    index("passkeys_user_idx").on(t.userId),
    check("passkeys_name_length", sql`char_length(${t.name}) between 1 and 60`),
    check("passkeys_counter_nonnegative", sql`${t.counter} >= 0`),
  ],
);

/** Server-side WebAuthn challenges: single use (consumedAt), short-lived, optionally bound to an operation. */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    id: text("id").primaryKey(),
    challenge: text("challenge").notNull(),
    purpose: challengePurpose("purpose").notNull(),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** For step-up: SHA-256 digest of the exact operation the assertion authorises. */
    operationDigest: text("operation_digest"),
    /** For registration before the user exists: the pending handle and display name. */
    pendingData: text("pending_data"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("webauthn_challenges_challenge_unique").on(t.challenge),
    index("webauthn_challenges_expires_idx").on(t.expiresAt),
    check(
      "webauthn_challenges_step_up_has_digest",
      sql`${t.purpose} <> 'step_up' or (${t.operationDigest} is not null and ${t.userId} is not null)`,
    ),
  ],
);

/** Server-side session records; the session cookie only names one of these, so any session can be revoked. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Wallet lock: coupon tokens are shown only while this is in the future. */
    unlockedUntil: timestamp("unlocked_until", { withTimezone: true }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** The passkey that signed this session in: removing that passkey ends the session. */
    passkeyId: text("passkey_id").references(() => passkeys.id, { onDelete: "set null" }),
    /**
     * SHA-256 of the one-time proof that next-auth's sign-in exchanges for this session. A session is usable
     * only once the proof has been exchanged (this is null again), so a proof works at most once.
     */
    signInProofHash: text("sign_in_proof_hash"),
  },
  (t) => [
    index("sessions_user_idx").on(t.userId),
    uniqueIndex("sessions_sign_in_proof_unique").on(t.signInProofHash),
  ],
);

/** One-time admin enrolment links; only the hash of the token is stored. */
export const adminInvites = pgTable(
  "admin_invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedByUserId: text("used_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("admin_invites_token_hash_unique").on(t.tokenHash)],
);
