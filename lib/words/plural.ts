/**
 * A count with its noun, right for one and for many: plural(1, "coupon") is "1 coupon", plural(3, "coupon") is
 * "3 coupons", plural(2, "entry", "entries") is "2 entries". Every "n thing(s)" a person reads goes through it.
 */
export function plural(count: number | bigint, one: string, many = `${one}s`): string {
  return `${count} ${pluralWord(count, one, many)}`;
}

/** The noun alone, for sentences where the count sits elsewhere: pluralWord(1, "was", "were") is "was". */
export function pluralWord(count: number | bigint, one: string, many = `${one}s`): string {
  return count === 1 || count === 1n ? one : many;
}
