import { describe, expect, it } from "vitest";
import { moneyOf } from "@/lib/money/money";
import {
  invoiceDueState,
  lastDayOf,
  payoutOutcomeSentence,
  periodBoundWords,
  periodWords,
  statementSentence,
} from "./statement-words";

const invoice = {
  ...moneyOf(5000n, "EUR"),
  kind: "invoice" as const,
  dueAt: new Date("2026-12-12T10:00:00Z"),
};
const payout = { ...moneyOf(640n, "EUR"), kind: "payout" as const, dueAt: null };

describe("statement words", () => {
  it("say who pays whom, before and after settlement", () => {
    expect(statementSentence({ ...invoice, status: "open" })).toBe("You owe Scrip €50.00");
    expect(statementSentence({ ...invoice, status: "settled" })).toBe("You paid Scrip €50.00");
    expect(statementSentence({ ...payout, status: "open" })).toBe("Scrip pays you €6.40");
    expect(statementSentence({ ...payout, status: "settled" })).toBe("Scrip paid you €6.40");
  });

  it("mark an open invoice due until its date and overdue from then; never a paid one or a payout", () => {
    const before = new Date("2026-12-12T09:59:59Z");
    const at = new Date("2026-12-12T10:00:00Z");
    expect(invoiceDueState({ ...invoice, status: "open" }, before)).toEqual({
      state: "due",
      at: invoice.dueAt,
    });
    expect(invoiceDueState({ ...invoice, status: "open" }, at)).toEqual({
      state: "overdue",
      at: invoice.dueAt,
    });
    expect(invoiceDueState({ ...invoice, status: "settled" }, at)).toBeNull();
    expect(invoiceDueState({ ...payout, status: "open" }, at)).toBeNull();
  });

  it("name a period by its last day, not the midnight that ends it", () => {
    expect(lastDayOf(new Date("2026-12-01T00:00:00Z")).toISOString()).toBe("2026-11-30T23:59:59.999Z");
  });

  it("name a period by its days, with the time of a bound that is not a midnight", () => {
    const at = (iso: string) => new Date(iso);
    expect(periodWords(at("2026-11-01T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toBe(
      "For 1 Nov 2026 to 29 Nov 2026",
    );
    expect(periodWords(at("2026-11-29T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toBe("For 29 Nov 2026");
    expect(periodWords(at("2026-11-01T00:00:00Z"), at("2026-11-29T10:37:12.345Z"))).toBe(
      "For 1 Nov 2026 to 29 Nov 2026, 10:37",
    );
    expect(periodWords(at("2026-11-29T00:00:00Z"), at("2026-11-29T10:37:12.345Z"))).toBe(
      "For 29 Nov 2026 until 10:37",
    );
    expect(periodWords(at("2026-11-29T10:37:12.345Z"), at("2026-11-30T00:00:00Z"))).toBe(
      "For 29 Nov 2026 from 10:37",
    );
    expect(periodWords(at("2026-11-29T10:37:12.345Z"), at("2026-12-01T00:00:00Z"))).toBe(
      "For 29 Nov 2026, 10:37 to 30 Nov 2026",
    );
    expect(periodWords(at("2026-11-29T10:37:12.345Z"), at("2026-11-29T15:00:00Z"))).toBe(
      "For 29 Nov 2026 from 10:37 to 15:00",
    );
    expect(periodWords(at("2026-11-28T10:37:00Z"), at("2026-11-29T15:00:00Z"))).toBe(
      "For 28 Nov 2026, 10:37 to 29 Nov 2026, 15:00",
    );
    expect(periodBoundWords(at("2026-11-29T10:37:00Z"))).toBe("29 Nov 2026, 10:37 UTC");
    expect(periodBoundWords(at("2026-11-30T00:00:00Z"))).toBe("30 Nov 2026");
  });

  it("say what the bank did with a payout: paid out to which account, or returned and why", () => {
    const at = new Date("2026-12-03T10:00:00Z");
    expect(payoutOutcomeSentence({ outcome: "paid", at, account: "DE•• … 3000", reasonCode: null })).toBe(
      "Paid out on 3 Dec 2026 to DE•• … 3000",
    );
    expect(payoutOutcomeSentence({ outcome: "returned", at, account: null, reasonCode: "AC04" })).toBe(
      "Returned by the bank on 3 Dec 2026: the account is closed; Scrip will pay again once the bank account is corrected",
    );
    expect(payoutOutcomeSentence({ outcome: "returned", at, account: null, reasonCode: "ZZ99" })).toContain(
      "the bank did not accept it",
    );
  });
});
