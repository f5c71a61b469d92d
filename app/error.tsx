"use client";

import Link from "next/link";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";

/** Scrip's page for an unexpected failure inside the layout: plain words, a retry and a way back, no internals. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section
      role="alert"
      className="mx-auto max-w-xl space-y-5 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8"
    >
      <p className="text-sm font-medium text-brand-700">Something went wrong</p>
      <h1 className="text-3xl font-semibold tracking-tight">This page could not be shown.</h1>
      <p className="text-stone-700">
        Scrip ran into a problem on its side. Money only moves when an action completes, so nothing half-done
        was kept. Try again, or go back to the start.
      </p>
      <div className="flex flex-wrap gap-3">
        <button type="button" className={primaryButton} onClick={() => reset()}>
          Try again
        </button>
        <Link href="/" className={secondaryButton}>
          Go to the start page
        </Link>
      </div>
    </section>
  );
}
