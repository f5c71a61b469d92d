"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isCurrentSection } from "@/lib/is-current-section";

const sections = [
  { path: "", label: "Overview" },
  { path: "/pos", label: "Till" },
  { path: "/products", label: "Products" },
  { path: "/orders", label: "Orders" },
  { path: "/offers", label: "Offers" },
  { path: "/coupons", label: "Coupons" },
  { path: "/campaigns", label: "Campaigns", ownersOnly: true },
  { path: "/statements", label: "Payouts" },
  { path: "/payout", label: "Bank account" },
  { path: "/members", label: "Members" },
  { path: "/developers", label: "Developers", ownersOnly: true },
];

/** The shop dashboard's section links; the current one is marked for assistive technology too. */
export function ShopNav({ slug, owner }: { slug: string; owner: boolean }) {
  const pathname = usePathname();
  const base = `/merchant/${slug}`;
  return (
    <nav aria-label="Shop sections" className="-mx-4 overflow-x-auto px-4">
      <ul className="flex gap-1 border-b border-stone-200 text-sm">
        {sections
          .filter((section) => owner || !("ownersOnly" in section))
          .map((section) => {
            const href = `${base}${section.path}`;
            const current = isCurrentSection(pathname, href, base);
            return (
              <li key={section.path}>
                <Link
                  href={href}
                  aria-current={current ? "page" : undefined}
                  className={`inline-block min-h-11 whitespace-nowrap border-b-2 px-3 py-3 ${
                    current
                      ? "border-brand-600 font-medium text-brand-800"
                      : "border-transparent hover:bg-stone-100"
                  }`}
                >
                  {section.label}
                </Link>
              </li>
            );
          })}
      </ul>
    </nav>
  );
}
