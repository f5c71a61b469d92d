import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Scrip", template: "%s · Scrip" },
  description: "Electronic coupons with a money value: request, give, spend at shops, and cash in.",
  // The web app manifest is app/manifest.ts; iOS reads its home-screen icon and title from these instead.
  icons: { apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "Scrip", statusBarStyle: "default" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f7a4a" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: Next.js puts the Content-Security-Policy nonce (proxy.ts) on its scripts
  // only while rendering, so a page prerendered at build time would have scripts the policy blocks.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-stone-50 font-sans text-stone-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="border-b border-stone-200 bg-white">
          <nav
            aria-label="Main"
            className="mx-auto flex max-w-5xl items-center gap-1 px-4 py-3 text-sm sm:gap-4"
          >
            <Link href="/" className="mr-auto text-lg font-semibold tracking-tight text-brand-700">
              Scrip
            </Link>
            <Link href="/wallet" className="rounded px-2 py-1 hover:bg-stone-100">
              Wallet
            </Link>
            <Link href="/merchant" className="rounded px-2 py-1 hover:bg-stone-100">
              Shops
            </Link>
            <Link href="/admin" className="rounded px-2 py-1 hover:bg-stone-100">
              Back office
            </Link>
            <NotificationBell />
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
