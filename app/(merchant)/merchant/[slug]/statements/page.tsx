import type { Metadata } from "next";
import { StatementList } from "@/components/ledger/statement-list";
import { formatMoney, moneyOf } from "@/lib/money/money";
import { withPayoutOutcomes } from "@/lib/payouts/with-payout-outcomes";
import { listShopStatements } from "@/lib/shops/list-shop-statements";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Statements and payouts" };

export default async function ShopStatementsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/statements`);
  const listed = await listShopStatements(db, actor, shop);
  const { balanceMinor } = listed;
  const statements = await withPayoutOutcomes(db, listed.statements);
  return (
    <div className="space-y-5">
      <section className="rounded-xl border border-stone-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Balance</h2>
        <p className="text-2xl font-semibold tabular-nums">
          {balanceMinor <= 0n
            ? `Scrip owes you ${formatMoney(moneyOf(-balanceMinor, shop.currency))}`
            : `You owe Scrip ${formatMoney(moneyOf(balanceMinor, shop.currency))}`}
        </p>
        <p className="text-sm text-stone-600">
          Converted coupons are paid out, and refund coupons your shop funded are invoiced, by the periodic
          charging runs.
        </p>
      </section>
      <section aria-labelledby="statements" className="space-y-3">
        <h2 id="statements" className="text-lg font-semibold">
          Statements
        </h2>
        <StatementList statements={statements} empty="No charging run has covered this shop yet." />
      </section>
    </div>
  );
}
