// Frozen: "Sales" is one figure on every surface, credited sales not refunded in full (the program's
// overview, the partner list, segments, tiers and challenges counted so already). link_days.sales counted
// every credited sale, refunded or not, and the portal's overview and links, a link's stats and the
// console's partner page read it; live writes now leave a sale out of it once a refund completes
// (stats/rollups.ts). This takes the sales refunded in full out of the rows counted before, each at the
// key the live writes counted it under: its first partner's click (link, sub-id, referrer's domain), and a
// split's second partner under the shared link. Takes Kysely<any> and imports no app code.
import type { Kysely } from 'kysely'

/** stats/rollup-keys.ts SHARED and NONE */
const SHARED = '~shared'
const NONE = ''

/** stats/rollup-keys.ts referrerDomain, as it was written. */
function referrerDomain(referrer: string | null): string {
  if (!referrer) return NONE
  const scheme = referrer.indexOf('://')
  if (scheme < 0) return NONE
  let host = referrer.slice(scheme + 3)
  for (const stop of ['/', '?', '#', ':']) {
    const at = host.indexOf(stop)
    if (at >= 0) host = host.slice(0, at)
  }
  host = host.replace(/[A-Z]+/g, (s) => s.toLowerCase())
  const domain = host.startsWith('www.') ? host.slice(4) : host
  return domain.length > 100 ? [...domain].slice(0, 100).join('') : domain
}

export async function up(db: Kysely<any>): Promise<void> {
  await moveSales(db, -1)
}

export async function down(db: Kysely<any>): Promise<void> {
  await moveSales(db, 1)
}

/** Adds `by` to link_days.sales for each credited sale refunded in full (exported for the test that compares it with live writes). */
export async function moveSales(db: Kysely<any>, by: 1 | -1): Promise<void> {
  const rows = await db
    .selectFrom('sales as s')
    .leftJoin('clicks as k', 'k.id', 's.click_id')
    .select(['s.partner_id', 's.split_partner_id', 's.created_at', 'k.link_id', 'k.sub_id', 'k.referrer'])
    .where('s.partner_id', 'is not', null)
    .where('s.refunded_minor', '>', 0)
    .whereRef('s.refunded_minor', '>=', 's.amount_minor')
    .execute()
  const counts = new Map<string, number>()
  const add = (...key: string[]) => counts.set(JSON.stringify(key), (counts.get(JSON.stringify(key)) ?? 0) + by)
  for (const r of rows) {
    const day = String(r.created_at).slice(0, 10)
    if (r.link_id) add(r.partner_id, r.link_id, day, r.sub_id ?? NONE, referrerDomain(r.referrer))
    else add(r.partner_id, NONE, day, NONE, NONE)
    if (r.split_partner_id) add(r.split_partner_id, SHARED, day, NONE, NONE)
  }
  for (const [key, n] of counts) {
    const [partner_id, link_id, day, sub_id, ref_domain] = JSON.parse(key) as string[]
    await db
      .updateTable('link_days')
      .set((eb) => ({ sales: eb('sales', '+', n) }))
      .where('partner_id', '=', partner_id)
      .where('link_id', '=', link_id)
      .where('day', '=', day)
      .where('sub_id', '=', sub_id)
      .where('ref_domain', '=', ref_domain)
      .execute()
  }
}
