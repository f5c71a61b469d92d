import { sql } from "drizzle-orm";
import { check, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { parties, users } from "./parties";

/**
 * Where Scrip pays a party (a person or a shop): one bank account each. The IBAN is stored only encrypted
 * (AES-256-GCM with the key-encryption key, bound to the party: lib/payout-accounts/payout-iban-store.ts); its
 * country, length and last four characters are kept in clear to show it masked. `changedAt` starts the 24-hour
 * hold on payouts (lib/payout-accounts/payout-hold.ts).
 */
export const payoutAccounts = pgTable(
  "payout_accounts",
  {
    partyId: text("party_id")
      .primaryKey()
      .references(() => parties.id, { onDelete: "cascade" }),
    ibanEncrypted: text("iban_encrypted").notNull(),
    ibanLast4: text("iban_last4").notNull(),
    ibanLength: smallint("iban_length").notNull(),
    country: text("country").notNull(),
    holderName: text("holder_name").notNull(),
    bic: text("bic"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedByUserId: text("changed_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    check("payout_accounts_country", sql`${t.country} ~ '^[A-Z]{2}$'`),
    check("payout_accounts_iban_last4", sql`${t.ibanLast4} ~ '^[A-Z0-9]{4}$'`),
    check("payout_accounts_iban_length", sql`${t.ibanLength} between 15 and 34`),
    check("payout_accounts_holder_name", sql`char_length(${t.holderName}) between 1 and 70`),
    check("payout_accounts_bic", sql`${t.bic} ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'`),
  ],
);
