import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { exchangeSignInProof } from "@/lib/sessions/exchange-sign-in-proof";
import { getSessionConfig } from "./session-config";
import { getRelyingParty } from "./webauthn-config";

/**
 * next-auth holds only the session cookie: a JWT whose one claim `sid` names a server-side `sessions` row,
 * which every request checks (so sessions are revocable). The one provider exchanges the one-time proof that
 * a verified passkey produced (`finishPasskeySignIn` / `finishPasskeySignUp`) for that session.
 */
export function getAuthOptions(): AuthOptions {
  const config = getSessionConfig();
  process.env.NEXTAUTH_URL ??= getRelyingParty().origin;
  return {
    secret: process.env.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: config.maxSeconds, updateAge: 0 },
    useSecureCookies: config.secureCookies,
    cookies: {
      sessionToken: {
        name: config.cookieName,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: config.secureCookies },
      },
    },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        credentials: { proof: { label: "Sign-in proof", type: "text" } },
        async authorize(credentials) {
          const session = await exchangeSignInProof(getDb(), credentials?.proof ?? "");
          return session ? { id: session.sessionId } : null;
        },
      }),
    ],
    callbacks: {
      // The cookie carries nothing but the session id: no name, handle or email.
      jwt: ({ token, user }) => (user ? { sid: user.id } : { sid: token.sid }),
      session: ({ session }) => ({ expires: session.expires }),
    },
  };
}
