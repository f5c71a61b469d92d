import type { ReactNode } from "react";
import { LiveRefresh } from "@/components/live/live-refresh";
import { getCurrentSession } from "@/lib/auth/get-current-session";

/** Every wallet page stays current while it is open (live updates for the signed-in person). */
export default async function WalletLayout({ children }: { children: ReactNode }) {
  const session = await getCurrentSession();
  return (
    <>
      {session ? <LiveRefresh area="wallet" /> : null}
      {children}
    </>
  );
}
