import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { incomingCreditsOf, readCamt053 } from "./camt053";
import { payoutOutcomesOf, readCamt054 } from "./camt054";
import { buildPain001 } from "./pain001";
import { readPain002, statusOfPayout } from "./pain002";
import { idOfSepaId, sepaIdOf } from "./sepa-text";
import { xmllint } from "./testing/xmllint";

const fixtures = path.resolve(import.meta.dirname, "../../tests/fixtures/banking");
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

const sent = ["stm+5vR2kLq9XwT3nHc8yZaB0e", "stm+Pq7-sD4fGh1jKl2zXc3vBn", "stm+Ww9eRt6yUi8oPa5sDf0gHj"];

describe("hand-written bank files", () => {
  it.each([
    ["camt054-payouts.xml", "camt.054.001.08.xsd"],
    ["camt053-statement.xml", "camt.053.001.08.xsd"],
    ["pain002-status.xml", "pain.002.001.10.xsd"],
  ])("%s is valid against our %s", async (file, schema) => {
    const verdict = await xmllint(fixture(file).toString("utf8"), schema);
    expect(verdict.valid, verdict.output).toBe(true);
  });

  it.each([
    [
      "camt054-payouts.xml",
      "camt.054.001.08.xsd",
      "<Sts>\n          <Cd>BOOK</Cd>",
      "<Sts>\n          <Cd>DONE</Cd>",
    ],
    ["camt053-statement.xml", "camt.053.001.08.xsd", /<Bal>[\s\S]*?<\/Bal>\s*<Bal>[\s\S]*?<\/Bal>/, ""],
    ["pain002-status.xml", "pain.002.001.10.xsd", "<TxSts>ACSC</TxSts>", "<TxSts>DONE</TxSts>"],
  ])("our %s XSD is not vacuous", async (file, schema, from, to) => {
    const broken = fixture(file).toString("utf8").replace(from, to);
    expect(broken).not.toBe(fixture(file).toString("utf8"));
    expect((await xmllint(broken, schema)).valid).toBe(false);
  });

  it("reads a camt.054: the batch booked, one payout returned with its reason", () => {
    const file = readCamt054(fixture("camt054-payouts.xml"));
    expect(file.messageId).toBe("NTF20261202-0001");
    expect(file.createdAt).toBe("2026-12-02T07:15:00+01:00");
    const [notification] = file.notifications;
    expect(notification?.id).toBe("NTF20261202-0001-1");
    expect(notification?.accountIban).toBe("DE89370400440532013000");
    expect(notification?.entries.map((entry) => [entry.amountMinor, entry.direction, entry.status])).toEqual([
      [6000n, "debit", "BOOK"],
      [2750n, "credit", "BOOK"],
      [800n, "debit", "PDNG"],
      [1500n, "credit", "BOOK"],
    ]);
    expect(notification?.entries[0]?.transactions[0]).toEqual({
      amountMinor: 1250n,
      direction: "debit",
      endToEndId: sent[0],
      instructionId: "1",
      messageId: "SCRIP-PAYOUT-20261130",
      paymentInformationId: "run+7Hq2LmN5pR8sT1vW3xY6zA",
      creditorName: "Backerei Muller",
      creditorIban: "FR1420041010050500013M02606",
      remittanceText: "Scrip payout November 2026",
    });
    expect(notification?.entries[3]?.bookingDate).toBe("2026-12-02");
    expect(notification?.entries[3]?.transactions[0]?.endToEndId).toBeUndefined();

    expect(payoutOutcomesOf(file)).toEqual([
      {
        endToEndId: sent[0],
        outcome: "sent",
        amountMinor: 1250n,
        bookingDate: "2026-11-30",
        servicerReference: "2026113000042117",
      },
      {
        endToEndId: sent[1],
        outcome: "sent",
        amountMinor: 2000n,
        bookingDate: "2026-11-30",
        servicerReference: "2026113000042117",
      },
      {
        endToEndId: sent[2],
        outcome: "sent",
        amountMinor: 2750n,
        bookingDate: "2026-11-30",
        servicerReference: "2026113000042117",
      },
      {
        endToEndId: sent[2],
        outcome: "returned",
        amountMinor: 2750n,
        bookingDate: "2026-12-02",
        reasonCode: "AC04",
        reasonText: "Account closed",
        servicerReference: "2026120200007731",
      },
    ]);
    expect(idOfSepaId(sent[2]!)).toBe("stm_Ww9eRt6yUi8oPa5sDf0gHj");
  });

  it("reads a camt.053: balances, and the credits to match by RF reference and amount", () => {
    const file = readCamt053(fixture("camt053-statement.xml"));
    const [statement] = file.statements;
    expect(statement?.id).toBe("STM20261130-0001-1");
    expect(statement?.accountIban).toBe("DE89370400440532013000");
    expect(statement?.balances).toEqual([
      { type: "OPBD", amountMinor: 100000n, date: "2026-11-30" },
      { type: "CLBD", amountMinor: 102450n, date: "2026-11-30" },
    ]);
    expect(statement?.entries).toHaveLength(6);
    expect(incomingCreditsOf(file)).toEqual([
      {
        key: "2026113000050001",
        statementId: "STM20261130-0001-1",
        amountMinor: 4200n,
        bookingDate: "2026-11-30",
        creditorReference: "RF73INV20260042",
        debtorName: "Zoë Müller & Söhne",
        debtorIban: "AT611904300234573201",
        endToEndId: "ZM-2026-11-30-1",
      },
      {
        key: "2026113000050002",
        statementId: "STM20261130-0001-1",
        amountMinor: 1000n,
        bookingDate: "2026-11-30",
        creditorReference: "RF46INV20260043",
        remittanceText: "rf46 inv2 0260 043",
        debtorName: "Jan de Vries",
      },
      {
        key: "2026113000050003",
        statementId: "STM20261130-0001-1",
        amountMinor: 500n,
        bookingDate: "2026-11-30",
        remittanceText: "Thank you for the coffee",
      },
    ]);
    // Reading the same file twice gives the same keys: a re-import can be recognised.
    expect(
      incomingCreditsOf(readCamt053(fixture("camt053-statement.xml"))).map((credit) => credit.key),
    ).toEqual(incomingCreditsOf(file).map((credit) => credit.key));
  });

  it("reads a pain.002: settled, accepted and rejected transfers, with the file's status for unlisted ones", () => {
    const report = readPain002(fixture("pain002-status.xml"));
    expect(report.originalMessageId).toBe("SCRIP-PAYOUT-20261130");
    expect(report.originalMessageName).toBe("pain.001.001.09");
    expect(report.group).toEqual({ status: "PART", outcome: "partial", reason: undefined });
    expect(
      report.transactions.map((transaction) => [transaction.originalEndToEndId, transaction.outcome]),
    ).toEqual([
      [sent[0], "settled"],
      [sent[1], "accepted"],
      [sent[2], "rejected"],
    ]);
    expect(report.transactions[0]?.amountMinor).toBe(1250n);
    expect(statusOfPayout(report, sent[2]!)).toEqual({
      status: "RJCT",
      outcome: "rejected",
      reason: { code: "AC01", text: "Incorrect account number" },
    });
    expect(statusOfPayout(report, "stm+unlisted")).toBeUndefined();

    const rejectedFile = fixture("pain002-status.xml")
      .toString("utf8")
      .replace(/<OrgnlPmtInfAndSts>[\s\S]*<\/OrgnlPmtInfAndSts>/, "")
      .replace(
        "<GrpSts>PART</GrpSts>",
        "<GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>",
      );
    const rejected = readPain002(rejectedFile);
    expect(rejected.transactions).toEqual([]);
    expect(statusOfPayout(rejected, sent[1]!)).toEqual({
      status: "RJCT",
      outcome: "rejected",
      reason: { code: "FF01", text: undefined },
    });
  });

  it("a file Scrip writes round-trips through the bank's answer by EndToEndId", () => {
    const endToEndId = sepaIdOf("stm_Ww9eRt6yUi8oPa5sDf0gHj");
    const xml = buildPain001({
      messageId: "SCRIP-PAYOUT-20261130",
      createdAt: new Date("2026-11-30T06:00:00Z"),
      paymentInformationId: "run+7Hq2LmN5pR8sT1vW3xY6zA",
      executionDate: "2026-11-30",
      debtor: { name: "Scrip Operator GmbH", iban: "DE89370400440532013000" },
      transfers: [
        {
          instructionId: "3",
          endToEndId,
          amount: { amountMinor: 2750n, currency: "EUR" },
          creditor: { name: "Øresund Kaffe", iban: "DK5000400440116243" },
          remittance: "Scrip payout",
        },
      ],
    });
    expect(xml).toContain(`<EndToEndId>${endToEndId}</EndToEndId>`);
    const report = readPain002(fixture("pain002-status.xml"));
    expect(statusOfPayout(report, endToEndId)?.outcome).toBe("rejected");
  });
});
