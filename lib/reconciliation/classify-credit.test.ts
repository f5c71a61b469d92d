import { describe, expect, it } from "vitest";
import { classifyCredit, type MatchableStatement } from "./classify-credit";

const invoice = (over: Partial<MatchableStatement> = {}): MatchableStatement => ({
  id: "stm_a",
  party_id: "pty_a",
  currency: "EUR",
  status: "open",
  amount_minor: 400n,
  kind: "invoice",
  creditor_reference: "RF18539007547034",
  ...over,
});
const byReference = (statement: MatchableStatement) =>
  new Map([[statement.creditor_reference ?? "", statement]]);
const credit = (over: { amountMinor?: bigint; currency?: string; reference?: string } = {}) => ({
  amountMinor: 400n,
  currency: "EUR",
  reference: "RF18539007547034" as string | undefined,
  ...over,
});

describe("classifyCredit", () => {
  it("matches the same reference, currency and amount of an open invoice", () => {
    expect(classifyCredit(credit(), byReference(invoice()), new Set())).toEqual({
      status: "matched",
      statementId: "stm_a",
      note: null,
    });
  });

  it("sends everything else to review with its reason", () => {
    const open = byReference(invoice());
    expect(classifyCredit(credit({ amountMinor: 399n }), open, new Set()).status).toBe("review_partial");
    expect(classifyCredit(credit({ amountMinor: 401n }), open, new Set()).status).toBe("review_overpaid");
    expect(classifyCredit(credit({ reference: undefined }), open, new Set())).toMatchObject({
      status: "review_unmatched",
      note: "The payment has no RF payment reference.",
    });
    expect(classifyCredit(credit({ reference: "RF71ZZ" }), open, new Set())).toMatchObject({
      status: "review_unmatched",
      statementId: null,
    });
    expect(classifyCredit(credit({ currency: "USD" }), open, new Set())).toMatchObject({
      status: "review_unmatched",
      statementId: "stm_a",
      note: "The invoice is in EUR but the payment is in USD.",
    });
    // Paid before, or by an earlier credit of the same file.
    expect(classifyCredit(credit(), byReference(invoice({ status: "settled" })), new Set()).status).toBe(
      "review_overpaid",
    );
    expect(classifyCredit(credit(), open, new Set(["stm_a"])).status).toBe("review_overpaid");
    // A payout never matches an incoming credit.
    expect(classifyCredit(credit(), byReference(invoice({ kind: "payout" })), new Set()).status).toBe(
      "review_unmatched",
    );
  });
});
