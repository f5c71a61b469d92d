/**
 * Who is acting. Domain functions receive an Actor and authorise against it themselves (entry points check
 * too). A person acts through their wallet party; staff act for a shop through the shop's party.
 */
export type Actor =
  | {
      kind: "user";
      userId: string;
      partyId: string;
      isAdmin: boolean;
      shopRoles?: Record<string, "owner" | "staff">;
    }
  | {
      kind: "shop";
      shopId: string;
      partyId: string;
      userId?: string;
      apiKeyId?: string;
      scopes?: readonly string[];
    }
  | { kind: "system"; reason: string };

export function userActor(input: { userId: string; partyId: string; isAdmin?: boolean }): Actor {
  return { kind: "user", userId: input.userId, partyId: input.partyId, isAdmin: input.isAdmin ?? false };
}

export const systemActor = (reason: string): Actor => ({ kind: "system", reason });

/** The party an actor acts as, or null for the system. */
export function actorPartyId(actor: Actor): string | null {
  return actor.kind === "system" ? null : actor.partyId;
}
