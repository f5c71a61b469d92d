// Unlocking the terminal's memory (issue #16): online, the wallet's own unlock step-up with the PRF extension
// added to the same assertion (one passkey prompt for both); offline, a local assertion that only the passkey's
// PRF output can turn into the key that opens this device's copy. Browser only.
import { base64URLStringToBuffer, bufferToBase64URLString } from "@simplewebauthn/browser";
import { unlockOptionsAction, unlockWalletAction } from "@/app/(wallet)/wallet/actions";
import { type ClientError, passkeyErrorOf, withStepUp } from "@/components/auth/passkey-client";
import { prfExtensionInput, prfOutputOf, resultOf, withoutPrfOutput } from "@/lib/terminal/prf";
import { deriveVaultKey, openRecord, sealRecord } from "@/lib/terminal/vault-crypto";
import { clearUser, getSealed, putSealed, readMeta, writeMeta } from "@/lib/terminal/vault-store";

/** The key (null when the passkey has no PRF) and whether the server's wallet session was unlocked too. */
export type UnlockOutcome =
  | { ok: true; key: CryptoKey | null; serverUnlocked: boolean }
  | { ok: false; error: ClientError };

/** The record sealed at the first unlock; opening it proves a key is this device's. */
const checkName = "check";
const checkValue = (userId: string) => ({ purpose: "scrip terminal check", userId });

const refused = (message: string): UnlockOutcome => ({
  ok: false,
  error: { code: "TERMINAL_REFUSED", message },
});

/**
 * The key of this device's copy for `prf`, or null when it does not open the copy. With `mayStartAfresh` (the
 * server has just verified the person), a copy made with another passkey, changed, or missing is replaced by an
 * empty one bound to this passkey: the server is the source of truth and the next sync refills it.
 */
async function openCopy(
  userId: string,
  credentialId: string,
  prf: ArrayBuffer,
  mayStartAfresh: boolean,
): Promise<CryptoKey | null> {
  const meta = await readMeta(userId);
  if (meta?.credentialIds.includes(credentialId)) {
    const key = await deriveVaultKey(prf, new Uint8Array(base64URLStringToBuffer(meta.salt)), userId);
    const check = await getSealed(userId, checkName);
    const opens = check
      ? await openRecord(key, checkName, check).then(
          () => true,
          () => false,
        )
      : false;
    if (opens) return key;
  }
  if (!mayStartAfresh) return null;
  await clearUser(userId);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(32));
  await writeMeta(userId, {
    v: 1,
    salt: bufferToBase64URLString(salt.buffer),
    credentialIds: [credentialId],
  });
  const key = await deriveVaultKey(prf, salt, userId);
  await putSealed(userId, checkName, await sealRecord(key, checkName, checkValue(userId)));
  return key;
}

/** The wallet's unlock step-up, evaluating PRF in the same assertion; the PRF output never leaves the browser. */
export async function unlockOnline(userId: string, withPrf: boolean): Promise<UnlockOutcome> {
  const extensions = withPrf ? await prfExtensionInput() : {};
  let prf: ArrayBuffer | null = null;
  let credentialId = "";
  const result = await withStepUp(
    async () => {
      const begun = await unlockOptionsAction({});
      if (!begun.ok) return begun;
      return { ok: true, data: { ...begun.data, extensions: { ...begun.data.extensions, ...extensions } } };
    },
    (response) => {
      prf = resultOf(response.clientExtensionResults);
      credentialId = response.id;
      return unlockWalletAction({ response: withoutPrfOutput(response) });
    },
  );
  if (!result.ok) return { ok: false, error: result.error };
  if (!prf) return { ok: true, key: null, serverUnlocked: true };
  return { ok: true, key: await openCopy(userId, credentialId, prf, true), serverUnlocked: true };
}

/** A local assertion (no server) with the passkeys that made this device's copy; its PRF output must open it. */
export async function unlockOffline(userId: string): Promise<UnlockOutcome> {
  const meta = await readMeta(userId);
  if (!meta) return refused("This device keeps no copy of your wallet yet: unlock it once while online.");
  let credential: PublicKeyCredential | null;
  try {
    credential = (await navigator.credentials.get({
      publicKey: {
        challenge: globalThis.crypto.getRandomValues(new Uint8Array(32)),
        allowCredentials: meta.credentialIds.map((id) => ({
          type: "public-key",
          id: base64URLStringToBuffer(id),
        })),
        userVerification: "required",
        extensions: await prfExtensionInput(),
        timeout: 120_000,
      },
    })) as PublicKeyCredential | null;
  } catch (error) {
    return { ok: false, error: passkeyErrorOf(error) };
  }
  if (!credential) return refused("The passkey request was cancelled or timed out.");
  const prf = prfOutputOf(credential);
  if (!prf) return { ok: true, key: null, serverUnlocked: false };
  const key = await openCopy(userId, credential.id, prf, false);
  if (!key) return refused("This passkey cannot open the coupons kept on this device.");
  return { ok: true, key, serverUnlocked: false };
}
