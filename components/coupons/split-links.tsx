import Link from "next/link";
import { Fragment } from "react";
import { formatMoney, moneyOf } from "@/lib/money/money";
import type { CouponLinks, SplitPiece } from "@/lib/wallet/get-coupon-links";

function fateText(piece: SplitPiece): string | null {
  if (!piece.fate) return null;
  if (piece.fate.kind === "kept") return "kept";
  return `${piece.fate.kind === "paid" ? "paid to" : "given to"} ${piece.fate.toName}`;
}

/** "Split into €5.00 (given to Bo) and €15.00 (kept)", each piece the viewer held linked to its own page. */
export function SplitPieces({ pieces }: { pieces: SplitPiece[] }) {
  if (pieces.length === 0) return null;
  return (
    <p className="break-words text-sm" data-testid="split-pieces">
      Split into{" "}
      {pieces.map((piece, index) => {
        const amount = formatMoney(moneyOf(piece.amountMinor, piece.currency));
        const fate = fateText(piece);
        const separator = index === 0 ? "" : index === pieces.length - 1 ? " and " : ", ";
        return (
          <Fragment key={piece.id ?? `piece-${index}`}>
            {separator}
            {piece.id ? (
              <Link href={`/wallet/coupons/${piece.id}`} className="underline">
                {amount}
              </Link>
            ) : (
              amount
            )}
            {fate ? ` (${fate})` : null}
          </Fragment>
        );
      })}
    </p>
  );
}

/** "Split from €20.00", linked to the coupon this piece came from (only when the viewer held that one). */
export function SplitFrom({ parent }: { parent: NonNullable<CouponLinks["splitFrom"]> }) {
  return (
    <p className="text-sm">
      Split from{" "}
      <Link href={`/wallet/coupons/${parent.id}`} className="underline">
        a coupon of {formatMoney(moneyOf(parent.amountMinor, parent.currency))}
      </Link>
    </p>
  );
}
