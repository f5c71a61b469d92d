import { When } from "@/components/ui/when";
import { describeTimelineEvent, eventLabelOf, type TimelineWordsItem } from "@/lib/coupon-display/labels";
import type { CouponLinks } from "@/lib/wallet/get-coupon-links";
import { SplitFrom, SplitPieces } from "./split-links";

export interface TimelineItem extends TimelineWordsItem {
  seq: number;
  at: Date;
}

/**
 * The progress history of a coupon (claims 9, 16, 23), oldest first, as an accessible ordered list. With the
 * coupon's links, its split event names and links its pieces and its first event the coupon it was split from.
 */
export function Timeline({
  items,
  links,
}: {
  items: TimelineItem[];
  links?: Pick<CouponLinks, "pieces" | "splitFrom">;
}) {
  if (items.length === 0) return <p className="text-stone-600">No events yet.</p>;
  return (
    <ol aria-label="Timeline" className="relative space-y-4 border-l-2 border-stone-200 pl-5">
      {items.map((item) => (
        <li key={item.seq} className="relative" data-event-kind={item.kind}>
          <span
            aria-hidden="true"
            className="absolute -left-[27px] top-1.5 h-3 w-3 rounded-full border-2 border-white bg-brand-600"
          />
          <p className="font-medium">{eventLabelOf(item.kind)}</p>
          <p className="text-sm text-stone-600">
            {describeTimelineEvent(item)} · <When date={item.at} />
          </p>
          {item.kind === "split" && links ? <SplitPieces pieces={links.pieces} /> : null}
          {item.seq === 1 && links?.splitFrom ? <SplitFrom parent={links.splitFrom} /> : null}
        </li>
      ))}
    </ol>
  );
}
