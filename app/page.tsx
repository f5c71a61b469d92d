import Link from "next/link";

const surfaces = [
  {
    href: "/wallet",
    title: "Your wallet",
    body: "Request coupons, give them to friends with a handle or a link, spend them at shops, and follow each one's progress.",
    cta: "Open the wallet",
  },
  {
    href: "/merchant",
    title: "For shops",
    body: "Sell for coupons in your storefront or through the API, see what you received, and convert it to money.",
    cta: "Open the merchant dashboard",
  },
  {
    href: "/admin",
    title: "Back office",
    body: "Approvals, charging runs, settlement, issuer keys, the audit log and ledger health.",
    cta: "Open the back office",
  },
] as const;

export default function HomePage() {
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Coupons that carry real value.</h1>
        <p className="max-w-2xl text-lg text-stone-700">
          Scrip issues electronic coupons with a money value to your browser wallet. Every coupon has one
          owner, recorded by the issuer and signed twice: the issuer signs its value, and you sign your
          ownership with your own passkey. You give a coupon away or pay with it in two steps that you confirm
          yourself, and you pay for a coupon only when it first leaves your wallet.
        </p>
      </section>
      <ul className="grid gap-4 sm:grid-cols-3">
        {surfaces.map((surface) => (
          <li
            key={surface.href}
            className="flex flex-col rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
          >
            <h2 className="text-lg font-semibold">{surface.title}</h2>
            <p className="mt-2 flex-1 text-stone-700">{surface.body}</p>
            <Link
              href={surface.href}
              className="mt-4 inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
            >
              {surface.cta}
            </Link>
          </li>
        ))}
      </ul>
      <section className="rounded-xl border border-stone-200 bg-white p-5">
        <h2 className="text-lg font-semibold">Try the demo shop</h2>
        <p className="mt-1 text-stone-700">
          A demo café is ready at{" "}
          <Link className="text-brand-700 underline" href="/s/demo">
            /s/demo
          </Link>
          .
        </p>
      </section>
    </div>
  );
}
