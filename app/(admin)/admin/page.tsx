import type { Metadata } from "next";
import { SignInRequired } from "@/components/ui/sign-in-required";

export const metadata: Metadata = { title: "Back office" };

export default function AdminPage() {
  return (
    <SignInRequired
      title="Back office"
      purpose="Approvals, charging runs, settlement, keys, audit and ledger health."
    />
  );
}
