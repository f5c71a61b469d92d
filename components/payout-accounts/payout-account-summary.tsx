import { When } from "@/components/ui/when";

/** A payout account as the page shows it: masked, with the dates as ISO strings. */
export interface PayoutAccountRow {
  holderName: string;
  maskedIban: string;
  bic: string | null;
  countryName: string;
  changedAt: string;
  heldUntil: string | null;
}

/** The current payout account (masked), when it was changed, and the review hold while it lasts. */
export function PayoutAccountSummary({ account, shop }: { account: PayoutAccountRow | null; shop: boolean }) {
  if (!account) {
    return (
      <section
        aria-labelledby="payout-current"
        className="space-y-2 rounded-xl border border-stone-200 bg-white p-4"
      >
        <h2 id="payout-current" className="text-xl font-semibold">
          No payout account yet
        </h2>
        <p className="text-stone-700">
          Until one is added, Scrip has nowhere to send what it owes {shop ? "the shop" : "you"}.
        </p>
      </section>
    );
  }
  return (
    <section
      aria-labelledby="payout-current"
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      <h2 id="payout-current" className="text-xl font-semibold">
        Current account
      </h2>
      <dl className="grid gap-2 sm:grid-cols-[auto_1fr] sm:gap-x-6">
        <dt className="text-sm text-stone-600">Account holder</dt>
        <dd className="font-medium break-words">{account.holderName}</dd>
        <dt className="text-sm text-stone-600">IBAN</dt>
        <dd className="font-mono break-words" data-testid="masked-iban">
          {account.maskedIban}
        </dd>
        <dt className="text-sm text-stone-600">Bank&apos;s country</dt>
        <dd>{account.countryName}</dd>
        {account.bic ? (
          <>
            <dt className="text-sm text-stone-600">BIC</dt>
            <dd className="font-mono">{account.bic}</dd>
          </>
        ) : null}
      </dl>
      <p className="text-stone-700">
        Changed on <When date={account.changedAt} />
        {account.heldUntil ? (
          <>
            ; payouts wait until <When date={account.heldUntil} /> for review.
          </>
        ) : (
          "."
        )}
      </p>
    </section>
  );
}
