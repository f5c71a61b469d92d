import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { ServiceWorkerRegistration } from "@/components/terminal/service-worker-registration";
import { TerminalPortProvider } from "@/components/terminal/terminal-port";
import { getCurrentSession } from "@/lib/auth/get-current-session";

/**
 * Every wallet page stays current while it is open (live updates for the signed-in person), can reach this
 * device's encrypted copy of the wallet, and installs the service worker that opens the wallet offline.
 */
export default async function WalletLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  return (
    <TerminalPortProvider>
      <ServiceWorkerRegistration />
      {session ? <LiveRefresh area="wallet" /> : null}
      {children}
    </TerminalPortProvider>
  );
}
