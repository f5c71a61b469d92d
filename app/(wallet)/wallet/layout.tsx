import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { TerminalProvider } from "@/components/terminal/terminal-provider";
import { getCurrentSession } from "@/lib/auth/get-current-session";

/**
 * Every wallet page stays current while it is open (live updates for the signed-in person), and shares the
 * terminal: the key of this device's encrypted copy stays in memory across the wallet's pages until it locks.
 */
export default async function WalletLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  if (!session) return children;
  return (
    <TerminalProvider userId={session.userId}>
      <LiveRefresh area="wallet" />
      {children}
    </TerminalProvider>
  );
}
