import { describe, expect, it } from "vitest";
import { codeOf, messageOf } from "@/tests/support/app-error-of";
import { buildPain001, type CreditTransferBatch, maxCreditTransfers } from "./pain001";
import { xmllint } from "./testing/xmllint";

const euros = (amountMinor: bigint) => ({ amountMinor, currency: "EUR" });

const batch: CreditTransferBatch = {
  messageId: "SCRIP-PAYOUT-20261130",
  createdAt: new Date("2026-11-30T06:00:00.250Z"),
  paymentInformationId: "run+7Hq2LmN5pR8sT1vW3xY6zA",
  executionDate: "2026-11-30",
  debtor: { name: "Scrip Operator GmbH & Co. KG", iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
  transfers: [
    {
      instructionId: "1",
      endToEndId: "stm+5vR2kLq9XwT3nHc8yZaB0e",
      amount: euros(1250n),
      creditor: { name: "Bäckerei Müller <Mitte>", iban: "FR14 2004 1010 0505 0001 3M02 606" },
      remittance: "Scrip payout “November” 2026 & thanks",
    },
    {
      instructionId: "2",
      endToEndId: "stm+Pq7-sD4fGh1jKl2zXc3vBn",
      amount: euros(2000n),
      creditor: { name: "Jan de Vries", iban: "NL91ABNA0417164300", bic: "abnanl2a" },
      remittance: "Scrip payout November 2026",
    },
    {
      instructionId: "3",
      endToEndId: "stm+Ww9eRt6yUi8oPa5sDf0gHj",
      amount: euros(99_999_999_999n),
      creditor: { name: "Øresund Kaffe ApS", iban: "DK5000400440116243" },
      remittance: "日本",
    },
  ],
};

describe("pain.001.001.09", () => {
  it("builds a file for three payouts that xmllint validates against our XSD", async () => {
    const xml = buildPain001(batch);
    const verdict = await xmllint(xml, "pain.001.001.09.xsd");
    expect(verdict.output).toContain("validates");
    expect(verdict.valid).toBe(true);

    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
      ),
    ).toBe(true);
    expect(xml.match(/<NbOfTxs>3<\/NbOfTxs>/g)).toHaveLength(2);
    expect(xml.match(/<CtrlSum>1000000032.49<\/CtrlSum>/g)).toHaveLength(2);
    expect(xml).toContain("<CreDtTm>2026-11-30T06:00:00Z</CreDtTm>");
    expect(xml).toContain("<ReqdExctnDt>\n        <Dt>2026-11-30</Dt>\n      </ReqdExctnDt>");
    expect(xml).toContain("<BtchBookg>true</BtchBookg>");
    expect(xml).toContain('<InstdAmt Ccy="EUR">12.50</InstdAmt>');
    expect(xml).toContain('<InstdAmt Ccy="EUR">999999999.99</InstdAmt>');
    expect(xml).toContain("<EndToEndId>stm+Pq7-sD4fGh1jKl2zXc3vBn</EndToEndId>");
    expect(xml).toContain("<Nm>Scrip Operator GmbH + Co. KG</Nm>");
    expect(xml).toContain("<Nm>Backerei Muller Mitte</Nm>");
    expect(xml).toContain("<Ustrd>Scrip payout 'November' 2026 + thanks</Ustrd>");
    expect(xml).toContain("<IBAN>FR1420041010050500013M02606</IBAN>");
    expect(xml).toContain("<CdtrAgt>\n          <FinInstnId>\n            <BICFI>ABNANL2A</BICFI>");
    // A remittance with nothing Latin left is left out rather than written empty.
    expect(xml.match(/<RmtInf>/g)).toHaveLength(2);
  });

  it("writes NOTPROVIDED for a debtor bank without BIC, still valid", async () => {
    const xml = buildPain001({ ...batch, debtor: { ...batch.debtor, bic: undefined } });
    expect(xml).toContain(
      "<DbtrAgt>\n        <FinInstnId>\n          <Othr>\n            <Id>NOTPROVIDED</Id>",
    );
    expect((await xmllint(xml, "pain.001.001.09.xsd")).valid).toBe(true);
  });

  it("the XSD is not vacuous: it rejects broken documents", async () => {
    const xml = buildPain001(batch);
    const broken = {
      "a missing EndToEndId": xml.replace("<EndToEndId>stm+5vR2kLq9XwT3nHc8yZaB0e</EndToEndId>", ""),
      "elements out of order": xml.replace(
        "<PmtMtd>TRF</PmtMtd>\n      <BtchBookg>true</BtchBookg>",
        "<BtchBookg>true</BtchBookg>\n      <PmtMtd>TRF</PmtMtd>",
      ),
      "three decimals": xml.replace(">12.50<", ">12.501<"),
      "another currency": xml.replace('Ccy="EUR">12.50', 'Ccy="USD">12.50'),
      "an unknown charge bearer": xml.replace("<ChrgBr>SLEV</ChrgBr>", "<ChrgBr>ALL</ChrgBr>"),
      "a name outside the SEPA set": xml.replace("<Nm>Jan de Vries</Nm>", "<Nm>Jan &amp; Vries</Nm>"),
      "the wrong namespace": xml.replace("pain.001.001.09", "pain.001.001.03"),
      "no creditor": xml.replace(/<Cdtr>\s*<Nm>Jan de Vries<\/Nm>\s*<\/Cdtr>/, ""),
    };
    for (const [what, document] of Object.entries(broken)) {
      expect(document, what).not.toBe(xml);
      const verdict = await xmllint(document, "pain.001.001.09.xsd");
      expect(verdict.valid, `${what}: ${verdict.output}`).toBe(false);
    }
  });

  it("refuses what a bank would reject, naming the transfer", () => {
    const first = batch.transfers[0]!;
    const withFirst = (change: Partial<typeof first>) => ({
      ...batch,
      transfers: [{ ...first, ...change }, ...batch.transfers.slice(1)],
    });
    expect(messageOf(() => buildPain001(withFirst({ amount: { amountMinor: 100n, currency: "USD" } })))).toBe(
      "Transfer 1 is in USD; a SEPA file pays euros only.",
    );
    expect(messageOf(() => buildPain001(withFirst({ amount: euros(0n) })))).toContain(
      "Transfer 1 must be between",
    );
    expect(messageOf(() => buildPain001(withFirst({ amount: euros(100_000_000_000n) })))).toContain(
      "between",
    );
    expect(messageOf(() => buildPain001(withFirst({ endToEndId: "stm_underscore" })))).toContain(
      "end-to-end reference of transfer 1",
    );
    expect(
      messageOf(() => buildPain001(withFirst({ endToEndId: batch.transfers[1]!.endToEndId }))),
    ).toContain("Transfer 2 repeats the end-to-end reference");
    expect(
      codeOf(() => buildPain001(withFirst({ creditor: { name: "X", iban: "DE89370400440532013001" } }))),
    ).toBe("VALIDATION_FAILED");
    expect(
      messageOf(() =>
        buildPain001(withFirst({ creditor: { name: "日本", iban: "DE89370400440532013000" } })),
      ),
    ).toContain("the payee of transfer 1");
    expect(messageOf(() => buildPain001({ ...batch, transfers: [] }))).toContain("at least one transfer");
    expect(messageOf(() => buildPain001({ ...batch, executionDate: "2026-02-30" }))).toContain("YYYY-MM-DD");
    expect(messageOf(() => buildPain001({ ...batch, messageId: "a".repeat(36) }))).toContain("message id");
    const many = Array.from({ length: maxCreditTransfers + 1 }, (_, index) => ({
      ...first,
      endToEndId: `e${index}`,
    }));
    expect(messageOf(() => buildPain001({ ...batch, transfers: many }))).toContain("at most 10000 transfers");
  });
});
