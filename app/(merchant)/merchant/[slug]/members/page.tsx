import type { Metadata } from "next";
import { MembersEditor } from "@/components/merchant/members-editor";
import { can } from "@/lib/auth/permissions";
import { listShopMembers } from "@/lib/shops/list-shop-members";
import { loadMemberShop } from "@/lib/shops/load-member-shop";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { db, shop, actor } = await loadMemberShop(slug, "shop.read", `/merchant/${slug}/members`);
  const members = await listShopMembers(db, actor, shop);
  return (
    <section aria-labelledby="members" className="space-y-3">
      <h2 id="members" className="text-lg font-semibold">
        Members
      </h2>
      <MembersEditor
        slug={shop.slug}
        members={members}
        mayEdit={can(actor, "shop.members.write", { shopId: shop.shopId })}
      />
    </section>
  );
}
