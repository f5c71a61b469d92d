import { describe, expect, it } from "vitest";
import { messageOf } from "@/tests/support/app-error-of";
import { creditorReferenceOf } from "./creditor-reference";
import { type EpcQrInput, epcQrMaxBytes, epcQrPayload } from "./epc-qr";

const euros = (amountMinor: bigint) => ({ amountMinor, currency: "EUR" });
const beneficiary = { name: "Scrip Operator GmbH", iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX" };

describe("EPC QR payload", () => {
  it("writes the exact lines of a transfer with a structured reference", () => {
    const payload = epcQrPayload({
      beneficiary,
      amount: euros(1234n),
      reference: creditorReferenceOf("INV-2026-0042"),
    });
    expect(payload.split("\n")).toEqual([
      "BCD",
      "002",
      "1",
      "SCT",
      "COBADEFFXXX",
      "Scrip Operator GmbH",
      "DE89370400440532013000",
      "EUR12.34",
      "",
      "RF73INV20260042",
    ]);
  });

  it("leaves the BIC empty when not given, and writes an unstructured text and a note instead", () => {
    const payload = epcQrPayload({
      beneficiary: { name: "Bäckerei Müller & Söhne", iban: "AT611904300234573201" },
      amount: euros(1n),
      text: "Invoice 2026-0042",
      information: "Due 12 Dec 2026",
    });
    expect(payload).toBe(
      "BCD\n002\n1\nSCT\n\nBackerei Muller + Sohne\nAT611904300234573201\nEUR0.01\n\n\nInvoice 2026-0042\nDue 12 Dec 2026",
    );
  });

  it("accepts the largest amount and refuses amounts outside 0.01–999999999.99 or not in euros", () => {
    const base: EpcQrInput = { beneficiary, amount: euros(1n), reference: creditorReferenceOf("1") };
    expect(epcQrPayload({ ...base, amount: euros(99_999_999_999n) })).toContain("\nEUR999999999.99\n");
    for (const amountMinor of [0n, -1n, 100_000_000_000n]) {
      expect(messageOf(() => epcQrPayload({ ...base, amount: euros(amountMinor) }))).toContain(
        "between €0.01",
      );
    }
    expect(
      messageOf(() => epcQrPayload({ ...base, amount: { amountMinor: 100n, currency: "USD" } })),
    ).toContain("only ask for euros");
  });

  it("carries a reference or a text, never both or neither, and only valid references", () => {
    const base = { beneficiary, amount: euros(500n) };
    const reference = creditorReferenceOf("7");
    expect(messageOf(() => epcQrPayload({ ...base, reference, text: "also" }))).toContain("not both");
    expect(messageOf(() => epcQrPayload(base))).toContain("needs a payment reference or a text");
    expect(messageOf(() => epcQrPayload({ ...base, reference: "RF00BROKEN" as typeof reference }))).toContain(
      "valid RF creditor reference",
    );
  });

  it("validates the account, cuts the name to 70 characters and stays within 331 bytes", () => {
    const base = { beneficiary, amount: euros(500n), reference: creditorReferenceOf("7") };
    expect(
      messageOf(() => epcQrPayload({ ...base, beneficiary: { ...beneficiary, iban: "DE00" } })),
    ).toBeDefined();
    expect(
      messageOf(() => epcQrPayload({ ...base, beneficiary: { ...beneficiary, bic: "NOPE" } })),
    ).toContain("BIC");
    const long = epcQrPayload({ ...base, beneficiary: { ...beneficiary, name: "N".repeat(100) } });
    expect(long.split("\n")[5]).toHaveLength(70);
    const full = epcQrPayload({
      beneficiary: { ...beneficiary, name: "N".repeat(70) },
      amount: euros(500n),
      text: "T".repeat(100),
      information: "I".repeat(20),
    });
    expect(new TextEncoder().encode(full).length).toBeLessThanOrEqual(epcQrMaxBytes);
    expect(
      messageOf(() =>
        epcQrPayload({
          beneficiary: { ...beneficiary, name: "N".repeat(70) },
          amount: euros(99_999_999_999n),
          text: "T".repeat(140),
          information: "I".repeat(70),
        }),
      ),
    ).toContain("too long for a payment QR code");
  });
});
