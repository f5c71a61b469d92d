import type { Metadata } from "next";
import { ServiceWorkerRegistration } from "@/components/terminal/service-worker-registration";
import { DeviceTerminalProvider } from "@/components/terminal/terminal-port";
import { TerminalScreen } from "@/components/terminal/terminal-screen";

export const metadata: Metadata = { title: "This device's copy", robots: { index: false } };

/**
 * What the service worker shows for any page while the network is gone (lib/terminal/offline-path.ts): the wallet
 * terminal, which unlocks and shows this device's encrypted copy. Public and the same for everyone — the worker
 * precaches it without cookies — so its HTML holds nothing personal.
 */
export default function OfflinePage() {
  return (
    <DeviceTerminalProvider>
      <ServiceWorkerRegistration />
      <TerminalScreen />
    </DeviceTerminalProvider>
  );
}
