"use client";

import { useRouter } from "next/navigation";
import { retryWebhookMessageAction } from "@/app/(merchant)/merchant/[slug]/developers/actions";
import { secondaryButton } from "@/components/ui/button-styles";
import { errorText, StatusMessage } from "@/components/ui/status-message";
import { useActionStatus } from "@/components/ui/use-action-status";
import { When } from "@/components/ui/when";
import { plural } from "@/lib/words/plural";

interface LogEntry {
  id: string;
  endpointUrl: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  deliveries: {
    attempt: number;
    responseStatus: number | null;
    error: string | null;
    durationMs: number;
    createdAt: string;
  }[];
}

const when = (iso: string) => <When date={iso} />;

/** The newest webhook messages with every delivery attempt, and a manual retry. */
export function DeliveryLog(props: { shopId: string; messages: LogEntry[] }) {
  const router = useRouter();
  const { busy, status, run } = useActionStatus();
  return (
    <section aria-labelledby="delivery-log" className="space-y-4">
      <h2 id="delivery-log" className="text-xl font-semibold">
        Delivery log
      </h2>
      <StatusMessage status={status} />
      {props.messages.length === 0 ? (
        <p className="text-stone-700">No webhook messages yet.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {props.messages.map((message) => (
            <li key={message.id} className="space-y-2 p-4">
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
                <div>
                  <p className="font-medium">
                    <code>{message.eventType}</code> · {message.status}
                  </p>
                  <p className="break-all text-sm text-stone-600">
                    {message.id} → {message.endpointUrl} · {when(message.createdAt)} ·{" "}
                    {plural(message.attempts, "attempt")}
                    {message.status === "pending" && message.attempts > 0 ? (
                      <> · next {when(message.nextAttemptAt)}</>
                    ) : null}
                  </p>
                </div>
                <button
                  type="button"
                  className={secondaryButton}
                  disabled={busy}
                  onClick={() =>
                    run("Queueing…", async () => {
                      const result = await retryWebhookMessageAction({
                        shopId: props.shopId,
                        messageId: message.id,
                      });
                      if (!result.ok) return { kind: "error", text: errorText(result.error) };
                      router.refresh();
                      return { kind: "success", text: "Queued for delivery now." };
                    })
                  }
                >
                  {message.status === "delivered" ? "Send again" : "Retry now"}
                </button>
              </div>
              {message.deliveries.length > 0 ? (
                <ol className="space-y-1 text-sm text-stone-700">
                  {message.deliveries.map((delivery) => (
                    <li key={delivery.attempt}>
                      #{delivery.attempt} {when(delivery.createdAt)}:{" "}
                      {delivery.responseStatus
                        ? `HTTP ${delivery.responseStatus}`
                        : (delivery.error ?? "no response")}{" "}
                      ({delivery.durationMs} ms)
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
