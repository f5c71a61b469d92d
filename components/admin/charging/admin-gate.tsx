import type { ReactNode } from "react";
import { SignInRequired } from "@/components/ui/sign-in-required";
import { getCurrentSession } from "@/lib/auth/get-current-session";
import { can } from "@/lib/auth/permissions";
import type { ActiveSession } from "@/lib/sessions/get-active-session";

/**
 * The check every back-office page makes itself (the layout and proxy are never the check): signed out → sign in;
 * signed in without the admin role → refused; otherwise the admin's session.
 */
export async function adminGate(
  next: string,
  title: string,
): Promise<{ ok: true; session: ActiveSession } | { ok: false; view: ReactNode }> {
  const session = await getCurrentSession();
  if (!session) {
    return {
      ok: false,
      view: <SignInRequired title={title} purpose="Part of the back office, for admins only." next={next} />,
    };
  }
  if (!can(session.actor, "admin.read")) {
    return {
      ok: false,
      view: (
        <section className="mx-auto max-w-md space-y-3 rounded-xl border border-stone-200 bg-white p-6 text-center">
          <h1 className="text-2xl font-semibold">{title}</h1>
          <p role="alert" className="text-stone-700">
            Your account (@{session.handle}) does not have the admin role.
          </p>
        </section>
      ),
    };
  }
  return { ok: true, session };
}
