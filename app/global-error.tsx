"use client";

import "./globals.css";
import { primaryButton, secondaryButton } from "@/components/ui/button-styles";

/** The last resort when even the layout failed: a whole page of its own in Scrip's look, with a retry and a way back. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <head>
        <title>Something went wrong · Scrip</title>
      </head>
      <body className="min-h-dvh bg-stone-50 font-sans text-stone-900 antialiased">
        <header className="border-b border-stone-200 bg-white">
          <p className="mx-auto max-w-5xl px-4 py-3 text-lg font-semibold tracking-tight text-brand-700">
            Scrip
          </p>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          <section
            role="alert"
            className="mx-auto max-w-xl space-y-5 rounded-xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8"
          >
            <h1 className="text-3xl font-semibold tracking-tight">Scrip could not show this page.</h1>
            <p className="text-stone-700">
              Something went wrong on our side. Money only moves when an action completes, so nothing
              half-done was kept. Try again in a moment.
            </p>
            <div className="flex flex-wrap gap-3">
              <button type="button" className={primaryButton} onClick={() => reset()}>
                Try again
              </button>
              {/* A full page load: the app's own navigation may be what failed. */}
              <a href="/" className={secondaryButton}>
                Go to the start page
              </a>
            </div>
          </section>
        </main>
      </body>
    </html>
  );
}
