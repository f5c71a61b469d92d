import { createHash } from "node:crypto";
import type { Operation } from "@/lib/auth/operations";
import { AppError } from "@/lib/errors";
import { maxExpiresInDays } from "@/lib/issuance/prepare-issuance";
import type { Currency } from "@/lib/money/currencies";
import { toEnabledCurrency } from "@/lib/money/enabled-currencies";
import { parseMoney } from "@/lib/money/money";
import { issueMessage } from "@/lib/validation/issue-message";
import { nameText } from "@/lib/validation/text";

/** Most recipients one list may name (a CSV upload). */
export const maxCampaignRecipients = 100_000;
/** Most claim codes one campaign may print. */
export const maxCampaignCodes = 1_000_000;

/** What a sponsor asks for, validated: the campaign's name, value per coupon, validity and kind. */
export interface CampaignTerms {
  name: string;
  amountMinor: bigint;
  currency: Currency;
  expiresInDays: number;
  kind: "recipients" | "claim_codes";
  /** For claim codes: how many; for recipients: the list's length (after it is read). */
  count: number;
}

const nameSchema = nameText("a campaign name")
  .min(1, "Give the campaign a name.")
  .max(80, "A campaign name is at most 80 characters.");

/** Validates the sponsor's terms (the recipient list is read apart, by parseRecipientList). */
export function parseCampaignTerms(input: {
  name: unknown;
  amount: unknown;
  currency: unknown;
  expiresInDays: unknown;
  kind: unknown;
  count?: unknown;
}): Omit<CampaignTerms, "count"> & { count: number | null } {
  const name = nameSchema.safeParse(input.name);
  if (!name.success) throw new AppError("VALIDATION_FAILED", issueMessage(name.error.issues[0]));
  const currency = toEnabledCurrency(input.currency);
  const { amountMinor } = parseMoney(input.amount, currency);
  const days = typeof input.expiresInDays === "string" ? Number(input.expiresInDays) : input.expiresInDays;
  if (typeof days !== "number" || !Number.isSafeInteger(days) || days < 1 || days > maxExpiresInDays) {
    throw new AppError("VALIDATION_FAILED", `Coupons are valid for 1 to ${maxExpiresInDays} days.`);
  }
  if (input.kind !== "recipients" && input.kind !== "claim_codes") {
    throw new AppError("VALIDATION_FAILED", "Choose to send to a list of people or to print claim codes.");
  }
  let count: number | null = null;
  if (input.kind === "claim_codes") {
    const n = typeof input.count === "string" ? Number(input.count) : input.count;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > maxCampaignCodes) {
      throw new AppError(
        "VALIDATION_FAILED",
        `Print between 1 and ${maxCampaignCodes.toLocaleString("en")} claim codes.`,
      );
    }
    count = n;
  }
  return { name: name.data, amountMinor, currency, expiresInDays: days, kind: input.kind, count };
}

/** SHA-256 over the recipients' parties in list order: what the sponsor's passkey commits to. */
export function recipientsDigest(partyIds: readonly string[]): string {
  const hash = createHash("sha256");
  for (const id of partyIds) hash.update(`${id}\n`, "utf8");
  return hash.digest("base64url");
}

/**
 * The operation the creator's passkey signs: the reserved campaign id, its sponsor, every term, and for a list
 * the digest of its recipients in order. Rebuilt from the stored campaign to re-check its authorization.
 */
export function campaignOperation(input: {
  campaignId: string;
  sponsorPartyId: string;
  terms: CampaignTerms;
  recipients: string | null;
}): Operation {
  const { terms } = input;
  return {
    type: "campaign.create",
    campaignId: input.campaignId,
    sponsor: input.sponsorPartyId,
    name: terms.name,
    kind: terms.kind,
    amountMinor: terms.amountMinor.toString(),
    currency: terms.currency,
    count: terms.count,
    expiresInDays: terms.expiresInDays,
    recipients: input.recipients,
  };
}

/** The passkey confirmation of a decision that changes money on a campaign (approve, cancel, reveal codes). */
export function campaignDecisionOperation(
  type: "campaign.approve" | "campaign.cancel" | "campaign.codes",
  campaignId: string,
): Operation {
  return { type, campaignId };
}
