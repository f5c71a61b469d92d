/** The relying party Scrip presents to authenticators: the exact origin and RP ID come from configuration. */
export interface RelyingParty {
  rpID: string;
  rpName: string;
  origin: string;
}

export function getRelyingParty(env: NodeJS.ProcessEnv = process.env): RelyingParty {
  const origin = (env.SCRIP_ORIGIN || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, "");
  return { origin, rpID: env.SCRIP_RP_ID || new URL(origin).hostname, rpName: "Scrip" };
}
