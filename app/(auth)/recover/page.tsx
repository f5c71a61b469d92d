import type { Metadata } from "next";
import Link from "next/link";
import { RecoverForm } from "@/components/auth/recover-form";

export const metadata: Metadata = { title: "Recover your wallet" };

/** Public: a person who lost every passkey adds a new one with their handle and a recovery code. */
export default function RecoverPage() {
  return (
    <section className="mx-auto max-w-md space-y-6 rounded-xl border border-stone-200 bg-white p-6 shadow-sm">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Recover your wallet</h1>
        <p className="text-stone-700">
          Lost every passkey? Enter your handle and one of the recovery codes you saved when you created your
          wallet, then create a new passkey. The code then stops working, and every browser signed in to your
          wallet is signed out.
        </p>
        <p className="text-stone-700">
          For the first 24 hours, only the new passkey can send money, and only a limited amount.
        </p>
      </div>
      <RecoverForm />
      <p className="text-sm text-stone-700">
        Found your passkey?{" "}
        <Link className="text-brand-700 underline" href="/signin">
          Sign in
        </Link>
      </p>
    </section>
  );
}
