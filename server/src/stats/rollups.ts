// Keeps the daily rollups in step with the rows they count, inside the transaction that writes those rows:
// a click, a customer credited (or credited again, to another click), a sale credited, a refund. Counts
// follow the credited click (its link, sub-id and referrer), on the UTC day the counted row was created.
// A sale is counted for each partner it credits, with that partner's part (the ledger's saleShares): a
// split's second partner under the SHARED link, which a program's totals count no sale for. "Sales" is
// one figure everywhere (docs/console.md): credited sales not refunded in full, so link_days.sales
// leaves a sale out once a refund completes (link_day_sales keeps both, and the money, net and refunded).
// A sale marked fraud counts nowhere: the mark takes it out of both (uncountSale), money and all.
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ClickTable } from '../kernel/db/schema.ts'
import { addClicksToDays, addSaleMoney, addToDay, type ClickDay, clickOrigin, type DayKey } from './rollup-queries.ts'
import { dayOf, NONE, rollupKeys, SHARED } from './rollup-keys.ts'

interface Counted {
  program_id: string
  partner_id: string
  created_at: string
}

type CountedClick = Counted & { link_id: string; sub_id: string | null; referrer: string | null }

/** Where a stored click is counted: its link, sub-id and referrer's domain, on its day. */
function clickDay(click: CountedClick): DayKey {
  return { partner_id: click.partner_id, link_id: click.link_id, day: dayOf(click.created_at), program_id: click.program_id, ...rollupKeys(click) }
}

/** A stored click: one upsert, run in the clicks' group commit. */
export function countClick(tx: Db | Tx, click: CountedClick): Promise<void> {
  return addToDay(tx, clickDay(click), { clicks: 1, leads: 0, sales: 0 }, { first_click_at: click.created_at, last_click_at: click.created_at })
}

/** Stored clicks of one batch, a day's rollup upserted once however many of them it counts (tracking/record-click.ts). */
export async function countClicks(tx: Tx, clicks: readonly CountedClick[]): Promise<void> {
  const days = new Map<string, ClickDay>()
  for (const click of clicks) {
    const key = clickDay(click)
    const id = JSON.stringify([key.partner_id, key.link_id, key.day, key.sub_id, key.ref_domain])
    const day = days.get(id)
    const at = click.created_at
    if (!day) days.set(id, Object.assign(key, { clicks: 1, first_click_at: at, last_click_at: at })) // a fresh key: kernel/extended.ts
    else {
      day.clicks++
      if (at < day.first_click_at) day.first_click_at = at
      if (at > day.last_click_at) day.last_click_at = at
    }
  }
  if (days.size === 0) return
  await addClicksToDays(tx, [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, day]) => day))
}

/** A click's row as its caller read it already: spares reading it again. */
type ReadClick = Pick<ClickTable, 'id' | 'link_id' | 'sub_id' | 'referrer'>

/** Where a row credited through `clickId` (or through no click; `shared`: as a split's second partner) is counted. */
async function keyOf(tx: Tx, partnerId: string, row: Omit<Counted, 'partner_id'>, clickId: string | null, shared = false, read?: ReadClick | null): Promise<DayKey> {
  const click = clickId ? (read?.id === clickId ? read : await clickOrigin(tx, clickId)) : undefined
  const origin = click ? { link_id: click.link_id, ...rollupKeys(click) } : { link_id: shared ? SHARED : NONE, sub_id: NONE, ref_domain: NONE }
  return { partner_id: partnerId, day: dayOf(row.created_at), program_id: row.program_id, ...origin }
}

/**
 * A customer credited to a click: a lead for that click's link; credited before to another click, that
 * one's lead is taken back (the customer moved, as attribution decided). `after` null: credited to none
 * now (the server took over a customer only browsers named).
 */
export async function moveLead(tx: Tx, customer: { program_id: string; created_at: string }, before: { clickId: string; partnerId: string } | null, after: { clickId: string; partnerId: string } | null): Promise<void> {
  if (before) await addToDay(tx, await keyOf(tx, before.partnerId, customer, before.clickId), { clicks: 0, leads: -1, sales: 0 })
  if (after) await addToDay(tx, await keyOf(tx, after.partnerId, customer, after.clickId), { clicks: 0, leads: 1, sales: 0 })
}

/** What one credited partner counts of a sale (the ledger's SaleShare). */
export interface CountedShare {
  partnerId: string
  clickId: string | null
  amountMinor: number
  refundedMinor: number
  shared: boolean
}

type CountedSale = Omit<Counted, 'partner_id'> & { currency: string; amount_minor: number; refunded_minor: number }

/** A credited sale, for one partner it credits: counted and its part added. Returns the link it came through (null without one). */
export async function countSale(tx: Tx, sale: CountedSale, share: CountedShare, click?: ReadClick | null): Promise<string | null> {
  const key = await addSale(tx, sale, share, 1, click)
  return key.link_id === NONE || key.link_id === SHARED ? null : key.link_id
}

/**
 * A credited sale that stops counting for one partner it credited (marked fraud: the ledger's saleShares
 * no longer names it): what countSale and each countRefund since added for it, taken away. `sale` and
 * `share` as they are now, read under the sale's lock, so the refunds counted so far are all in them.
 */
export async function uncountSale(tx: Tx, sale: CountedSale, share: CountedShare): Promise<void> {
  await addSale(tx, sale, share, -1)
}

/** Adds (`sign` 1) or takes away (-1) a sale as one partner counts it, its refunds so far included; returns its key. */
async function addSale(tx: Tx, sale: CountedSale, share: CountedShare, sign: 1 | -1, click?: ReadClick | null): Promise<DayKey> {
  const key = await keyOf(tx, share.partnerId, sale, share.clickId, share.shared, click)
  // A sale credited late may have been refunded while it was nobody's: no sale to count then.
  const refundedInFull = Number(sale.refunded_minor) > 0 && Number(sale.refunded_minor) >= Number(sale.amount_minor)
  if (!refundedInFull) await addToDay(tx, key, { clicks: 0, leads: 0, sales: sign })
  const money = { sales: sign, amount_minor: sign * share.amountMinor, refunded_minor: sign * share.refundedMinor, refunded_sales: refundedInFull ? sign : 0 }
  await addSaleMoney(tx, { partner_id: key.partner_id, link_id: key.link_id, day: key.day, program_id: key.program_id, currency: sale.currency }, money)
  return key
}

/**
 * A refund of a credited sale, for one partner it credits (`refundedMinor`: its part), on the sale's day;
 * `inFull` 1 when this refund completes it, -1 when it no longer is (a chargeback of it in full, its dispute won: `refundedMinor` negative), else 0.
 */
export async function countRefund(tx: Tx, sale: Omit<Counted, 'partner_id'> & { currency: string }, share: Pick<CountedShare, 'partnerId' | 'clickId' | 'shared'>, refundedMinor: number, inFull: 1 | 0 | -1): Promise<void> {
  const key = await keyOf(tx, share.partnerId, sale, share.clickId, share.shared)
  if (inFull !== 0) await addToDay(tx, key, { clicks: 0, leads: 0, sales: -inFull })
  await addSaleMoney(tx, { partner_id: key.partner_id, link_id: key.link_id, day: key.day, program_id: key.program_id, currency: sale.currency }, { sales: 0, amount_minor: 0, refunded_minor: refundedMinor, refunded_sales: inFull })
}

/** The link a click was made on (null for an unknown click). */
export async function linkOfClick(tx: Tx, clickId: string | null): Promise<string | null> {
  return clickId ? ((await clickOrigin(tx, clickId))?.link_id ?? null) : null
}
