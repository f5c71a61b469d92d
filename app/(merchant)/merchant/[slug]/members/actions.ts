"use server";

import { z } from "zod";
import { memberAction } from "@/lib/auth/member-action";
import { webauthnResponseSchema } from "@/lib/auth/webauthn-response-schema";
import { addShopMember } from "@/lib/shops/add-shop-member";
import { beginGrantShopOwner } from "@/lib/shops/begin-grant-shop-owner";
import { plainText } from "@/lib/validation/text";

const ownerGrant = z.object({
  slug: plainText("a shop address").min(1).max(40),
  handle: plainText("a handle").max(40),
});

/** Passkey options for making the person with this handle an owner of the shop (owners only). */
export const grantOwnerOptionsAction = memberAction(
  "shop.members.write",
  ownerGrant,
  async ({ db, actor, meta, input }) => {
    const draft = await beginGrantShopOwner(db, actor, { ...input, ip: meta.ip });
    return { options: draft.options, handle: draft.handle };
  },
);

/** Makes the person an owner (a new member, or staff promoted), confirmed with the granting owner's passkey. */
export const grantOwnerAction = memberAction(
  "shop.members.write",
  ownerGrant.extend({ stepUp: webauthnResponseSchema }),
  async ({ db, actor, meta, input }) =>
    addShopMember(db, actor, {
      slug: input.slug,
      handle: input.handle,
      role: "owner",
      authorization: input.stepUp,
      ip: meta.ip,
    }),
);
