import Link from "next/link";

/** Placeholder shown by a surface until its sign-in flow exists. */
export function SignInRequired({ title, purpose }: { title: string; purpose: string }) {
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-stone-700">{purpose}</p>
      <p className="rounded-lg bg-brand-50 px-4 py-3 text-brand-900">Sign in with a passkey to continue.</p>
      <Link href="/" className="inline-block text-brand-700 underline">
        Back to the start page
      </Link>
    </section>
  );
}
