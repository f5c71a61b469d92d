import type { ComponentProps, ReactNode } from "react";

/**
 * A table that becomes a list of cards on a phone: below the `sm` breakpoint each row is a block, each cell a line
 * with its column name as a label, so nothing scrolls sideways at 360 px; from `sm` up it is an ordinary table.
 * The same markup serves both (one source of truth for screen readers: the caption and the column headers).
 *
 * `boxed` draws the white rounded box around it (a table on its own); `plain` suits a table inside a card.
 */
export interface CardTableColumn {
  /** The column's name: its header, and the label of each cell on a phone. */
  label: string;
  /** A header read by screen readers only (a checkbox or action column). */
  hidden?: boolean;
  align?: "left" | "right";
}

const frame = {
  boxed: "relative rounded-xl border border-stone-200 bg-white sm:overflow-x-auto",
  plain: "relative sm:overflow-x-auto",
};

const spacing = {
  boxed: "[&>tbody>tr]:px-4 sm:[&>tbody>tr]:px-0 sm:[&_td]:px-3 sm:[&_td]:py-2 sm:[&_th]:px-3 sm:[&_th]:py-2",
  plain: "sm:[&_td]:py-1 sm:[&_td]:pr-3 sm:[&_th]:py-1 sm:[&_th]:pr-3",
};

export function CardTable({
  caption,
  columns,
  variant = "boxed",
  children,
}: {
  /** Read by screen readers (visually hidden). */
  caption: string;
  columns: CardTableColumn[];
  variant?: "boxed" | "plain";
  /** CardRow elements. */
  children: ReactNode;
}) {
  return (
    <div className={frame[variant]}>
      <table className={`block w-full text-left text-sm sm:table ${spacing[variant]}`}>
        <caption className="sr-only">{caption}</caption>
        <thead
          className={`sr-only text-stone-600 sm:not-sr-only sm:table-header-group ${variant === "boxed" ? "bg-stone-50" : ""}`}
        >
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                className={`font-medium ${column.align === "right" ? "text-right" : "text-left"}`}
              >
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="block divide-y divide-stone-200 sm:table-row-group">{children}</tbody>
      </table>
    </div>
  );
}

/** One row: a card (a block with its cells stacked) on a phone, a table row from `sm` up. */
export function CardRow({ className = "", ...props }: ComponentProps<"tr">) {
  return <tr className={`block py-2 align-top sm:table-row sm:py-0 ${className}`} {...props} />;
}

/**
 * One cell, labelled with its column's name on a phone. Without a `label` (a checkbox or a button) it shows its
 * content alone. `rowHeader` makes it the row's header (`<th scope="row">`).
 */
export function CardCell({
  label,
  align = "left",
  rowHeader = false,
  className = "",
  children,
  ...props
}: {
  label?: string;
  align?: "left" | "right";
  rowHeader?: boolean;
} & ComponentProps<"td">) {
  const classes = `flex items-baseline justify-between gap-4 py-0.5 text-right sm:table-cell sm:font-normal ${
    rowHeader ? "font-medium" : "font-normal"
  } ${align === "right" ? "sm:text-right" : "sm:text-left"} ${className}`;
  const content = (
    <>
      {label ? (
        <span className="shrink-0 break-normal text-left font-sans text-sm font-normal text-stone-600 sm:hidden">
          {label}
        </span>
      ) : null}
      <span className={label ? "min-w-0" : "w-full text-left sm:w-auto"}>{children}</span>
    </>
  );
  return rowHeader ? (
    <th scope="row" className={classes} {...props}>
      {content}
    </th>
  ) : (
    <td className={classes} {...props}>
      {content}
    </td>
  );
}
