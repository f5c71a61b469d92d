import Link from "next/link";
import { primaryButton } from "@/components/ui/button-styles";
import { formatMoney } from "@/lib/money/money";
import { plural } from "@/lib/words/plural";

export interface PaymentRequestCardItem {
  id: string;
  shopName: string;
  amountMinor: bigint;
  currency: string;
  expiresAt: Date;
}

/** "in 9 minutes": a till's request lasts minutes, so its expiry is said as time left (at least one minute). */
function expiresIn(expiresAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000));
  return `expires in ${plural(minutes, "minute")}`;
}

/**
 * The wallet home's card of payment requests addressed to this person (a shop's till scanned their coupon): each
 * shop, amount and time left, with "Review and pay". The live stream refreshes the page as requests come and go.
 */
export function PaymentRequestsCard({
  requests,
  now,
}: {
  requests: readonly PaymentRequestCardItem[];
  now: Date;
}) {
  if (requests.length === 0) return null;
  return (
    <section
      aria-labelledby="asked-to-pay"
      className="space-y-3 rounded-xl border border-brand-100 bg-brand-50 p-4"
    >
      <h2 id="asked-to-pay" className="text-xl font-semibold">
        Asked to pay
      </h2>
      <ul className="space-y-3">
        {requests.map((request) => (
          <li
            key={request.id}
            data-testid="payment-request"
            className="flex flex-col gap-3 rounded-lg bg-white p-4 sm:flex-row sm:items-center sm:justify-between"
          >
            <p className="break-words">
              <span className="font-medium">{request.shopName}</span> asks you to pay{" "}
              <span className="font-semibold tabular-nums">
                {formatMoney({ amountMinor: request.amountMinor, currency: request.currency })}
              </span>{" "}
              <span className="text-stone-600">· {expiresIn(request.expiresAt, now)}</span>
            </p>
            <Link href={`/pay/${request.id}`} className={primaryButton}>
              Review and pay
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
