/**
 * Hand-made bank answers for the payout tests, on the pattern of tests/fixtures/banking/*.xml: a camt.054.001.08
 * notification (booked debits = sent, booked credits with RtrInf = returned) and a pain.002.001.10 status report.
 */
export interface Camt054Line {
  endToEndId: string;
  amount: string;
  /** A return reason code such as AC04: the line is a returned credit. */
  returned?: { code: string; text?: string };
  currency?: string;
}

function camtEntry(line: Camt054Line, index: number): string {
  const ccy = line.currency ?? "EUR";
  const direction = line.returned ? "CRDT" : "DBIT";
  const returned = line.returned
    ? `<RtrInf><Rsn><Cd>${line.returned.code}</Cd></Rsn>${line.returned.text ? `<AddtlInf>${line.returned.text}</AddtlInf>` : ""}</RtrInf>`
    : "";
  return `<Ntry>
        <NtryRef>${index + 1}</NtryRef>
        <Amt Ccy="${ccy}">${line.amount}</Amt>
        <CdtDbtInd>${direction}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>2026-11-30</Dt></BookgDt>
        <AcctSvcrRef>REF${index + 1}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>${line.returned ? "RRTN" : "ESCT"}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>${line.endToEndId}</EndToEndId></Refs>
          <Amt Ccy="${ccy}">${line.amount}</Amt>
          <CdtDbtInd>${direction}</CdtDbtInd>
          ${returned}
        </TxDtls></NtryDtls>
      </Ntry>`;
}

/** A camt.054 notification on Scrip's account with one entry per line. `messageId` makes each file distinct. */
export function camt054Of(messageId: string, lines: Camt054Line[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-11-30T07:15:00+01:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>${messageId}-1</Id>
      <CreDtTm>2026-11-30T07:15:00+01:00</CreDtTm>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      ${lines.map(camtEntry).join("\n      ")}
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
`;
}

export interface Pain002Line {
  endToEndId: string;
  status: string;
  reason?: { code: string; text?: string };
  amount?: string;
}

/** A pain.002 status report answering the payout file `originalMessageId`. */
export function pain002Of(
  messageId: string,
  originalMessageId: string,
  lines: Pain002Line[],
  groupStatus = "PART",
): string {
  const tx = lines
    .map(
      (line) => `<TxInfAndSts>
        <OrgnlEndToEndId>${line.endToEndId}</OrgnlEndToEndId>
        <TxSts>${line.status}</TxSts>
        ${line.reason ? `<StsRsnInf><Rsn><Cd>${line.reason.code}</Cd></Rsn>${line.reason.text ? `<AddtlInf>${line.reason.text}</AddtlInf>` : ""}</StsRsnInf>` : ""}
        ${line.amount ? `<OrgnlTxRef><Amt><InstdAmt Ccy="EUR">${line.amount}</InstdAmt></Amt></OrgnlTxRef>` : ""}
      </TxInfAndSts>`,
    )
    .join("\n      ");
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-11-30T10:02:11+01:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${originalMessageId}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
      <GrpSts>${groupStatus}</GrpSts>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>${originalMessageId}</OrgnlPmtInfId>
      <PmtInfSts>${groupStatus}</PmtInfSts>
      ${tx}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`;
}
