// Browser-side: a step-up whose options action also returns data the final action needs (a reserved id, a
// version, a claim code). Imported only by client components.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { withStepUp } from "@/components/auth/passkey-client";
import type { ActionResult } from "@/lib/auth/action-result";

/** Runs `begin` (options plus context), the passkey ceremony, then `perform` with the context and assertion. */
export async function runStepUp<Context extends { options: PublicKeyCredentialRequestOptionsJSON }, T>(
  begin: () => Promise<ActionResult<Context>>,
  perform: (context: Context, stepUp: AuthenticationResponseJSON) => Promise<ActionResult<T>>,
): Promise<ActionResult<{ context: Context; result: T }>> {
  let context: Context | undefined;
  const outcome = await withStepUp(
    async () => {
      const begun = await begin();
      if (!begun.ok) return begun;
      context = begun.data;
      return { ok: true, data: begun.data.options };
    },
    (stepUp) => perform(context as Context, stepUp),
  );
  if (!outcome.ok) return outcome;
  return { ok: true, data: { context: context as Context, result: outcome.data } };
}
