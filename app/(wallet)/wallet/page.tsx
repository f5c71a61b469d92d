import type { Metadata } from "next";
import { SignInRequired } from "@/components/ui/sign-in-required";

export const metadata: Metadata = { title: "Wallet" };

export default function WalletPage() {
  return (
    <SignInRequired
      title="Wallet"
      purpose="Your coupons, what is on its way to you, and what you will be charged."
    />
  );
}
