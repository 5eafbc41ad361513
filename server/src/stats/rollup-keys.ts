// Where a click, lead or sale lands in the daily rollups: its UTC day, its sub-id and its referrer's domain.
// Pure. The migration that backfilled the rollups (kernel/db/migrations/…-0023-link-rollups.ts) follows the
// same rules in SQL; stats/rollups.test.ts checks both give the same rows.

/** The rollups' value for "none" (no sub-id, no referrer, a sale credited without a link) */
export const NONE = ''

/**
 * The rollups' link for a split sale's second partner (credited through its coupon code, beside the first
 * partner's click): the sale is that partner's too, but a program's totals count it once, by its first.
 */
export const SHARED = '~shared'

/** A breakdown's bucket for the values past its top N */
export const OTHER = '~other'

/** Breakdowns list this many values by clicks, then fold the rest into OTHER. */
export const TOP_N = 10

/** The UTC day (`YYYY-MM-DD`) of an ISO timestamp. */
export const dayOf = (iso: string): string => iso.slice(0, 10)

/**
 * The referrer's domain: the host after `://`, lower case, without `www.` or a port; NONE without one.
 * Sites a partner's audience comes from, not pages: the domain keeps the rollup small.
 *
 * @example referrerDomain('https://WWW.Example.com:8443/a?b') // 'example.com'
 */
export function referrerDomain(referrer: string | null | undefined): string {
  if (!referrer) return NONE
  const scheme = referrer.indexOf('://')
  if (scheme < 0) return NONE
  let host = referrer.slice(scheme + 3)
  for (const stop of ['/', '?', '#', ':']) {
    const at = host.indexOf(stop)
    if (at >= 0) host = host.slice(0, at)
  }
  host = host.replace(/[A-Z]+/g, (s) => s.toLowerCase()) // ASCII only, as SQL's lower() on SQLite
  const domain = host.startsWith('www.') ? host.slice(4) : host
  // 100 characters as SQL's substr counts them (code points), never half a surrogate pair: Postgres would
  // store that as U+FFFD, and two domains a batch's upsert holds apart would be one row there.
  return domain.length > 100 ? [...domain].slice(0, 100).join('') : domain
}

/** A click's place in link_days. */
export function rollupKeys(click: { sub_id: string | null; referrer: string | null }): { sub_id: string; ref_domain: string } {
  return { sub_id: click.sub_id ?? NONE, ref_domain: referrerDomain(click.referrer) }
}

/** The top N values by clicks, the rest summed into one OTHER row (only when there is a rest). */
export function topWithOther<T extends { value: string; clicks: number; leads: number; sales: number }>(rows: T[], n = TOP_N): Array<{ value: string; clicks: number; leads: number; sales: number }> {
  const sorted = [...rows].sort((a, b) => b.clicks - a.clicks || b.sales - a.sales || (a.value < b.value ? -1 : 1))
  const top = sorted.slice(0, n).map(({ value, clicks, leads, sales }) => ({ value, clicks, leads, sales }))
  const rest = sorted.slice(n)
  if (rest.length === 0) return top
  const other = { value: OTHER, clicks: 0, leads: 0, sales: 0 }
  for (const r of rest) (other.clicks += r.clicks), (other.leads += r.leads), (other.sales += r.sales)
  return [...top, other]
}
