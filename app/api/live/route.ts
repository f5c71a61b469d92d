import { getLiveHub } from "@/lib/live/get-live-hub";
import { liveRoute } from "@/lib/live/live-route";

// A long-lived stream from this process's hub: Node runtime, never cached or prerendered.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const route = liveRoute(getLiveHub);

/** The signed-in browser's live event stream (server-sent events); README, "Live updates". */
export const GET = route.GET;
/** Whether a stream could be opened now (204, 401 or 503), asked when one could not. */
export const HEAD = route.HEAD;
