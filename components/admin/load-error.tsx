/** What a back-office page shows when its read was refused (a bad link, a missing record). */
export function LoadError({ title, error }: { title: string; error: { code: string; message: string } }) {
  return (
    <section className="space-y-3">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-red-800">
        {error.message}
      </p>
    </section>
  );
}
