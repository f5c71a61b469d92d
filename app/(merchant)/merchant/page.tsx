import type { Metadata } from "next";
import { SignInRequired } from "@/components/ui/sign-in-required";

export const metadata: Metadata = { title: "Merchant dashboard" };

export default function MerchantPage() {
  return (
    <SignInRequired
      title="Merchant dashboard"
      purpose="Your shops, products, orders, received coupons and payouts."
    />
  );
}
