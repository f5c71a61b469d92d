/** The short masked form a payee recognises their account by: "DE•• … 3000" (country and last four only). */
export function shortMaskedIban(country: string | null, last4: string | null): string | null {
  return country && last4 ? `${country}•• … ${last4}` : null;
}
