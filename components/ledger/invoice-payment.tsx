import { QrCode } from "@/components/coupons/qr-code";
import type { InvoicePayment } from "@/lib/reconciliation/invoice-payment";
import { CopyTextButton } from "./copy-text-button";

/**
 * How to pay an open invoice: Scrip's account and the invoice's RF reference, each with a Copy button, and in euros
 * the EPC QR code ("GiroCode") a banking app scans to fill in the whole transfer.
 */
export function InvoicePaymentDetails({ payment }: { payment: InvoicePayment }) {
  return (
    <div className="space-y-3 rounded-lg bg-stone-50 p-3 text-sm" data-testid="invoice-payment">
      <p>
        {payment.epcPayload
          ? "Pay by bank transfer to "
          : `Pay by bank transfer in ${payment.currency} with this reference to `}
        <span className="font-medium">{payment.payee}</span>:
      </p>
      <dl className="grid gap-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <dt className="text-stone-600">IBAN</dt>
          <dd className="font-mono break-all" data-testid="invoice-iban">
            {payment.iban}
          </dd>
          <dd>
            <CopyTextButton text={payment.iban.replace(/\s+/g, "")} label="Copy IBAN" what="IBAN" />
          </dd>
        </div>
        {payment.bic ? (
          <div className="flex flex-wrap items-center gap-x-3">
            <dt className="text-stone-600">BIC</dt>
            <dd className="font-mono">{payment.bic}</dd>
          </div>
        ) : null}
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <dt className="text-stone-600">Reference</dt>
          <dd className="font-mono font-semibold" data-testid="invoice-reference">
            {payment.reference}
          </dd>
          <dd>
            <CopyTextButton text={payment.referenceCompact} label="Copy reference" what="Reference" />
          </dd>
        </div>
      </dl>
      <p className="text-stone-600">
        Put only this reference in the transfer, so the payment is matched to this invoice.
      </p>
      {payment.epcPayload ? (
        <figure className="max-w-60 space-y-1">
          <QrCode text={payment.epcPayload} label="Payment QR code: scan with your banking app" />
          <figcaption className="text-center text-stone-700">Scan with your banking app</figcaption>
        </figure>
      ) : null}
    </div>
  );
}
