import Link from "next/link";

/** Shown by a surface to signed-out visitors: what it is, and how to sign in and come back. */
export function SignInRequired({ title, purpose, next }: { title: string; purpose: string; next: string }) {
  const back = encodeURIComponent(next);
  return (
    <section className="mx-auto max-w-md space-y-4 rounded-xl border border-stone-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-stone-700">{purpose}</p>
      <p className="rounded-lg bg-brand-50 px-4 py-3 text-brand-900">Sign in with a passkey to continue.</p>
      <div className="flex flex-col gap-2 sm:flex-row sm:justify-center">
        <Link
          href={`/signin?next=${back}`}
          className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
        >
          Sign in
        </Link>
        <Link
          href={`/signup?next=${back}`}
          className="inline-flex min-h-11 items-center justify-center rounded-lg border border-stone-300 px-4 py-2 font-medium hover:bg-stone-100"
        >
          Create a wallet
        </Link>
      </div>
    </section>
  );
}
