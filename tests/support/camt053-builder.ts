/** A credit or debit line of a hand-made camt.053 statement. */
export interface Camt053Line {
  /** The bank's reference of the booking (AcctSvcrRef): the credit's stable key. */
  key: string;
  /** Decimal, e.g. "4.00". */
  amount: string;
  currency?: string;
  direction?: "CRDT" | "DBIT";
  /** A structured RF reference (CdtrRefInf/Ref). */
  reference?: string;
  /** Unstructured remittance text. */
  text?: string;
  debtor?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A camt.053.001.08 end-of-day statement of `iban` with `lines` (booked, one transaction each), written by hand to
 * the standard's subset Scrip reads (validated in the tests with xmllint against lib/banking/xsd).
 */
export function camt053Of(input: {
  id: string;
  iban: string;
  lines: Camt053Line[];
  currency?: string;
}): string {
  const currency = input.currency ?? "EUR";
  const entries = input.lines.map((line) => {
    const ccy = line.currency ?? currency;
    const direction = line.direction ?? "CRDT";
    const remittance = line.reference
      ? `<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${line.reference}</Ref></CdtrRefInf></Strd></RmtInf>`
      : line.text
        ? `<RmtInf><Ustrd>${escapeXml(line.text)}</Ustrd></RmtInf>`
        : "";
    const parties = line.debtor
      ? `<RltdPties><Dbtr><Pty><Nm>${escapeXml(line.debtor)}</Nm></Pty></Dbtr></RltdPties>`
      : "";
    return `
      <Ntry>
        <Amt Ccy="${ccy}">${line.amount}</Amt>
        <CdtDbtInd>${direction}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-30</Dt></BookgDt>
        <AcctSvcrRef>${line.key}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>${direction === "CRDT" ? "RCDT" : "ICDT"}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <TxDtls>
            <Amt Ccy="${ccy}">${line.amount}</Amt>
            <CdtDbtInd>${direction}</CdtDbtInd>
            ${parties}
            ${remittance}
          </TxDtls>
        </NtryDtls>
      </Ntry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>${input.id}</MsgId>
      <CreDtTm>2026-12-01T06:00:00+01:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>${input.id}-1</Id>
      <CreDtTm>2026-12-01T06:00:00+01:00</CreDtTm>
      <Acct>
        <Id><IBAN>${input.iban}</IBAN></Id>
        <Ccy>${currency}</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="${currency}">100.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-30</Dt></Dt>
      </Bal>${entries.join("")}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}
