import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  pgEnum,
  pgTable,
  primaryKey,
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

/**
 * What happened to an account's protection, as the person sees it on the security page (newest first):
 * passkeys added, removed or renamed, recovery codes created or used, a sign-in from a browser not seen before,
 * sessions signed out.
 */
export const securityEventKind = pgEnum("security_event_kind", [
  "passkey_added",
  "passkey_removed",
  "passkey_renamed",
  "recovery_codes_created",
  "recovery_used",
  "new_browser_sign_in",
  "sessions_signed_out",
  "payout_account_changed",
]);

/** The account's own list of security events (append-only; the audit log keeps the operator's record). */
export const securityEvents = pgTable(
  "security_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: securityEventKind("kind").notNull(),
    /** A short plain detail shown with the event (a passkey's name, a browser's description). */
    detail: text("detail"),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [
    index("security_events_user_idx").on(t.userId, t.id),
    check("security_events_detail_length", sql`char_length(${t.detail}) <= 200`),
  ],
);

/** Recovery codes: only SHA-256 hashes of high-entropy codes are stored; each works once (`usedAt`). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("recovery_codes_code_hash_unique").on(t.codeHash),
    index("recovery_codes_user_idx").on(t.userId),
  ],
);

/**
 * Each use of a recovery code and the passkey it enrolled (by credential id, so the rule outlives the passkey):
 * for 24 hours money leaves the wallet only when that passkey confirms it, up to a limit.
 */
export const accountRecoveries = pgTable(
  "account_recoveries",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    credentialId: text("credential_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("account_recoveries_user_idx").on(t.userId, t.createdAt)],
);

/** Value that left a wallet during a recovery window, counted against the limit (written in the operation's tx). */
export const recoveryOutflows = pgTable(
  "recovery_outflows",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    recoveryId: bigint("recovery_id", { mode: "bigint" })
      .notNull()
      .references(() => accountRecoveries.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("recovery_outflows_recovery_idx").on(t.recoveryId, t.currency),
    check("recovery_outflows_amount_positive", sql`${t.amountMinor} > 0`),
  ],
);

/** Browsers an account has signed in from, by the SHA-256 of a long-lived random cookie. */
export const knownBrowsers = pgTable(
  "known_browsers",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tokenHash] })],
);
