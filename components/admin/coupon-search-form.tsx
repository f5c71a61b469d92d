import { primaryButton, textInput } from "@/components/ui/button-styles";

const choices = [
  { value: "id", label: "Coupon id" },
  { value: "token", label: "Token" },
  { value: "owner", label: "Owner (handle or party id)" },
  { value: "requester", label: "Requester (handle or party id)" },
] as const;

/** A plain GET form, so searching works with the keyboard, without JavaScript, and the result has a URL. */
export function CouponSearchForm({ by, query }: { by: string; query: string }) {
  return (
    <search>
      <form
        method="get"
        action="/admin/coupons"
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-5 sm:grid-cols-[14rem_1fr_auto] sm:items-end"
      >
        <div className="space-y-1">
          <label htmlFor="coupon-search-by" className="block text-sm font-medium">
            Search by
          </label>
          <select id="coupon-search-by" name="by" defaultValue={by} className={textInput}>
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="coupon-search-q" className="block text-sm font-medium">
            Search for
          </label>
          <input
            id="coupon-search-q"
            name="q"
            defaultValue={query}
            maxLength={1024}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            className={textInput}
          />
        </div>
        <button type="submit" className={primaryButton}>
          Search
        </button>
      </form>
    </search>
  );
}
