import type { Metadata } from "next";
import { TerminalScreen } from "@/components/terminal/terminal-screen";
import { pageActor } from "@/lib/auth/page-actor";

export const metadata: Metadata = { title: "This device's copy" };

/**
 * The wallet terminal: the coupons this device keeps in its encrypted memory. The page itself carries nothing
 * personal — the screen renders from the device's copy, synced from /api/wallet/terminal — so the service worker's
 * offline page (app/offline) is the same screen.
 */
export default async function TerminalPage() {
  await pageActor({ permission: "wallet.use", next: "/wallet/terminal" });
  return <TerminalScreen />;
}
