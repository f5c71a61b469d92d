/**
 * Whether a navigation link to `href` names the page at `pathname`: the section's own page or any page below it.
 * The `home` link (a dashboard's overview) is current only on itself, as every other section lies below it.
 */
export function isCurrentSection(pathname: string, href: string, home: string): boolean {
  if (href === home) return pathname === home;
  return pathname === href || pathname.startsWith(`${href}/`);
}
