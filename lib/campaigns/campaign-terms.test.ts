import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseCampaignTerms } from "./campaign-terms";

const good = {
  name: "Spring vouchers",
  amount: "5.00",
  currency: "EUR",
  expiresInDays: 30,
  kind: "claim_codes",
  count: 10,
};

function refusal(input: Record<string, unknown>): AppError {
  try {
    parseCampaignTerms({ ...good, ...input });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("a campaign's terms", () => {
  it("accepts good terms", () => {
    expect(parseCampaignTerms(good)).toMatchObject({ amountMinor: 500n, count: 10, expiresInDays: 30 });
  });

  it.each([
    ["no name", { name: "" }],
    ["a name with control characters", { name: "Spring\u0000vouchers" }],
    ["a name over 80 characters", { name: "x".repeat(81) }],
    ["a negative value", { amount: "-5.00" }],
    ["a zero value", { amount: "0" }],
    ["a value that is not money", { amount: "5,000,000,000,000,000,000" }],
    ["another currency", { currency: "XXX" }],
    ["zero days", { expiresInDays: 0 }],
    ["negative days", { expiresInDays: -1 }],
    ["fractional days", { expiresInDays: 1.5 }],
    ["no claim codes", { count: 0 }],
    ["a negative count", { count: -3 }],
    ["more than a million codes", { count: 1_000_001 }],
    ["a count that is not a number", { count: "many" }],
    ["an unknown kind", { kind: "everyone" }],
  ])("refuses %s with a validation error", (_, input) => {
    expect(refusal(input).status).toBeGreaterThanOrEqual(400);
    expect(refusal(input).status).toBeLessThan(500);
  });
});
