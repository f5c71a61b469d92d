import type { Metadata } from "next";
import Link from "next/link";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Page not found" };

/** Scrip's 404: says plainly that the page is not here and offers the ways back. */
export default function NotFound() {
  return (
    <section className="mx-auto max-w-xl space-y-5 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8">
      <p className="text-sm font-medium text-brand-700">Page not found</p>
      <h1 className="text-3xl font-semibold tracking-tight">We could not find that page.</h1>
      <p className="text-stone-700">
        The link may be mistyped, or the page may have moved or been removed. Nothing in your wallet has
        changed.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/" className={primaryButton}>
          Go to the start page
        </Link>
        <Link href="/wallet" className={secondaryButton}>
          Open your wallet
        </Link>
      </div>
    </section>
  );
}
