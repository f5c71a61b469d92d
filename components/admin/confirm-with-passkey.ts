// Browser-side: the admin half of `performAdminOperation`. Imported only by client components.
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { withStepUp } from "@/components/auth/passkey-client";
import { errorText, type Status } from "@/components/ui/status-message";
import type { ActionResult } from "@/lib/auth/action-result";

/**
 * Gets a challenge bound to the operation (`begin`), has the admin confirm it with their passkey, runs the
 * action (`perform`) with the assertion, and turns the outcome into a status message.
 */
export async function confirmWithPasskey<T>(
  begin: () => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>,
  perform: (stepUp: AuthenticationResponseJSON) => Promise<ActionResult<T>>,
  success: (data: T) => string,
): Promise<Status> {
  const result = await withStepUp(begin, perform);
  return result.ok
    ? { kind: "success", text: success(result.data) }
    : { kind: "error", text: errorText(result.error) };
}
