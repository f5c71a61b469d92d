import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ServiceWorkerRegistration } from "@/components/terminal/service-worker-registration";
import { TerminalProvider } from "@/components/terminal/terminal-provider";
import { getCurrentSession } from "@/lib/auth/get-current-session";

/**
 * Every wallet page stays current while it is open (live updates for the signed-in person), shares the terminal
 * (the key of this device's encrypted copy stays in memory across the wallet's pages until it locks), and
 * installs the service worker that opens the wallet offline.
 */
export default async function WalletLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  if (!session) return children;
  return (
    <TerminalProvider userId={session.userId}>
      <ServiceWorkerRegistration />
      <LiveRefresh area="wallet" />
      {children}
    </TerminalProvider>
  );
}
