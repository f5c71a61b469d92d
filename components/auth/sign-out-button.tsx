"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { secondaryButton } from "@/components/ui/button-styles";

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButton}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await signOutAction({});
        router.replace("/");
        router.refresh();
      }}
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
