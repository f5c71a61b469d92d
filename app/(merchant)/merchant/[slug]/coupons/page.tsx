import type { Metadata } from "next";
import { ConvertCoupons } from "@/components/merchant/convert-coupons";
import { can } from "@/lib/auth/permissions";
import { formatDate } from "@/lib/dates/format-date";
import { formatMoney } from "@/lib/money/money";
import { isConvertible, listReceivedCoupons } from "@/lib/shops/list-received-coupons";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Received coupons" };

export default async function ReceivedCouponsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/coupons`);
  const { coupons } = await listReceivedCoupons(db, actor, {
    shopId: shop.shopId,
    limit: 200,
    statuses: ["active", "offered", "expired", "converted"],
  });
  return (
    <section aria-labelledby="received" className="space-y-3">
      <h2 id="received" className="text-lg font-semibold">
        Received coupons
      </h2>
      <ConvertCoupons
        slug={shop.slug}
        mayConvert={can(actor, "shop.coupons.convert", { shopId: shop.shopId })}
        coupons={coupons.map((coupon) => ({
          id: coupon.id,
          amountText: formatMoney(coupon),
          status: coupon.status === "offered" ? "offered back" : coupon.status,
          expiresText: `expires ${formatDate(coupon.expiresAt)}`,
          convertible: isConvertible(coupon),
        }))}
      />
    </section>
  );
}
