"use client";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { grantOwnerAction, grantOwnerOptionsAction } from "@/app/(merchant)/merchant/[slug]/members/actions";
import { addMemberAction, removeMemberAction } from "@/app/(merchant)/merchant/actions";
import { withStepUp } from "@/components/auth/passkey-client";
import { PasskeyConfirmation } from "@/components/developers/passkey-confirmation";
import { primaryButton, secondaryButton, textInput } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";

/**
 * The shop's members; owners add people by handle as owner or staff, change roles and remove members. Making
 * someone an owner says what owners may do and asks for the granting owner's passkey first.
 */
export function MembersEditor({
  slug,
  members,
  mayEdit,
}: {
  slug: string;
  members: { userId: string; handle: string; role: "owner" | "staff" }[];
  mayEdit: boolean;
}) {
  const ids = useId();
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  const [handle, setHandle] = useState("");
  const [role, setRole] = useState<"owner" | "staff">("staff");
  const [ownerDraft, setOwnerDraft] = useState<{
    handle: string;
    options: PublicKeyCredentialRequestOptionsJSON;
  } | null>(null);
  const confirmOwner = (draft: { handle: string; options: PublicKeyCredentialRequestOptionsJSON }) =>
    run("Confirm with your passkey…", async () => {
      const result = await withStepUp(
        async () => ({ ok: true, data: draft.options }),
        (stepUp) => grantOwnerAction({ slug, handle: draft.handle, stepUp }),
      );
      router.refresh();
      if (!result.ok) return { kind: "error", text: errorText(result.error) };
      setOwnerDraft(null);
      setHandle("");
      return { kind: "success", text: `@${result.data.handle} is now owner.` };
    });
  return (
    <div className="space-y-4">
      <ul
        className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white"
        aria-label="Members"
      >
        {members.map((member) => (
          <li key={member.userId} className="flex min-h-11 flex-wrap items-center gap-3 px-4 py-2">
            <span className="font-medium">@{member.handle}</span>
            <span className="rounded bg-stone-100 px-2 py-0.5 text-sm">{member.role}</span>
            {mayEdit ? (
              <button
                type="button"
                className={`${secondaryButton} ml-auto`}
                disabled={busy}
                onClick={() =>
                  void run("Removing…", async () => {
                    const result = await removeMemberAction({ slug, userId: member.userId });
                    router.refresh();
                    return result.ok
                      ? { kind: "success", text: `@${member.handle} removed.` }
                      : { kind: "error", text: errorText(result.error) };
                  })
                }
              >
                Remove @{member.handle}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayEdit ? (
        <form
          className="flex flex-wrap items-end gap-3 rounded-xl border border-stone-200 bg-white p-5"
          onSubmit={(event) => {
            event.preventDefault();
            if (role === "owner") {
              void run("Checking…", async () => {
                const result = await grantOwnerOptionsAction({ slug, handle });
                if (!result.ok) return { kind: "error", text: errorText(result.error) };
                setOwnerDraft({ handle: result.data.handle, options: result.data.options });
                return null;
              });
              return;
            }
            void run("Adding…", async () => {
              const result = await addMemberAction({ slug, handle, role });
              router.refresh();
              if (!result.ok) return { kind: "error", text: errorText(result.error) };
              setHandle("");
              return { kind: "success", text: `@${result.data.handle} is now ${result.data.role}.` };
            });
          }}
        >
          <label className="block space-y-1" htmlFor={`${ids}-handle`}>
            <span className="text-sm font-medium">Handle</span>
            <input
              id={`${ids}-handle`}
              className={textInput}
              value={handle}
              maxLength={31}
              required
              onChange={(event) => setHandle(event.target.value)}
            />
          </label>
          <label className="block space-y-1" htmlFor={`${ids}-role`}>
            <span className="text-sm font-medium">Role</span>
            <select
              id={`${ids}-role`}
              className={textInput}
              value={role}
              onChange={(event) => setRole(event.target.value as "owner" | "staff")}
            >
              <option value="staff">Staff (products, orders)</option>
              <option value="owner">Owner (also money, members, keys)</option>
            </select>
          </label>
          <button type="submit" className={primaryButton} disabled={busy || ownerDraft !== null}>
            Add member
          </button>
          {ownerDraft ? (
            <div className="basis-full">
              <PasskeyConfirmation
                heading={`Make @${ownerDraft.handle} an owner of this shop?`}
                busy={busy}
                confirmLabel="Confirm with passkey"
                onConfirm={() => void confirmOwner(ownerDraft)}
                onCancel={() => setOwnerDraft(null)}
              >
                <p>
                  Owners can convert the shop's coupons to money, refund orders, change members and create API
                  keys and webhooks, so Scrip asks for your passkey first.
                </p>
              </PasskeyConfirmation>
            </div>
          ) : null}
        </form>
      ) : (
        <p className="text-sm text-stone-600">Only the shop's owners can change its members.</p>
      )}
      <StatusMessage status={status} />
    </div>
  );
}
