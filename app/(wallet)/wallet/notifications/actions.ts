"use server";

import { z } from "zod";
import { authedAction } from "@/lib/auth/authed-action";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/mark-notifications-read";
import { plainText } from "@/lib/validation/text";

/** Marks one of the signed-in person's own notifications read (anyone else's is "not found"). */
export const markNotificationReadAction = authedAction(
  z.object({ id: plainText("a notification").min(1).max(20) }),
  async ({ db, actor, input }) => {
    await markNotificationRead(db, actor, { id: input.id });
    return { read: true };
  },
);

/** Marks every notification of the signed-in person read. */
export const markAllNotificationsReadAction = authedAction(z.object({}), ({ db, actor }) =>
  markAllNotificationsRead(db, actor),
);
