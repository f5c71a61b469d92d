import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { safeNext } from "@/lib/auth/safe-next";

export const metadata: Metadata = { title: "Create a wallet" };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const next = safeNext((await searchParams).next);
  if (await getCurrentSession()) redirect(next);
  return (
    <section className="mx-auto max-w-md space-y-6 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Create your wallet</h1>
        <p className="text-stone-700">
          No password: your passkey (this device, your phone, or a security key with a PIN) is how you sign in
          and confirm every payment.
        </p>
      </div>
      <SignUpForm next={next} />
    </section>
  );
}
