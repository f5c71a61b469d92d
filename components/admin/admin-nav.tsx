"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { isCurrentSection } from "@/lib/is-current-section";

const links = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/approvals", label: "Approvals" },
  { href: "/admin/campaigns", label: "Campaigns" },
  { href: "/admin/parties", label: "Parties" },
  { href: "/admin/coupons", label: "Coupons" },
  { href: "/admin/charging", label: "Charging" },
  { href: "/admin/statements", label: "Statements" },
  { href: "/admin/payouts", label: "Payouts" },
  { href: "/admin/bank", label: "Bank statements" },
  { href: "/admin/keys", label: "Keys" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/health", label: "Health" },
] as const;

/** The back office's sections; wraps on a phone, and marks the current one for screen readers too. */
export function AdminNav() {
  const pathname = usePathname();
  const current = (href: string) => isCurrentSection(pathname, href, "/admin");
  return (
    <nav
      aria-label="Back office"
      className="-mx-1 flex flex-wrap gap-1 border-b border-stone-200 pb-3 text-sm"
    >
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={current(link.href) ? "page" : undefined}
          className={`inline-flex min-h-11 items-center rounded-lg px-3 py-2 font-medium hover:bg-stone-100 ${
            current(link.href) ? "bg-brand-50 text-brand-900 ring-1 ring-brand-600/30" : "text-stone-700"
          }`}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
