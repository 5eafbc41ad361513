// A segment definition as a SQL filter on `partners`. Conditions become WHERE clauses and subqueries;
// the two that need a program-wide view first (top N% by revenue, tier) are worked out before the query
// and enter it as a revenue threshold and a list of partner ids.
import type { SegmentCondition, SegmentDefinition, SegmentPeriod } from '@afflio/sdk/types'
import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'
import { activeRules, creditedSales, netRevenue, type SalesQuery, selectRule, tierInForce, tierMetrics, type Rule, unrefunded } from '../ledger/index.ts'
import { dormantCutoff, periodBounds, periodDays, topPercentThreshold } from './segment-rules.ts'
import { clickedSince, partnersWithClicks } from '../stats/index.ts'

type Eb = ExpressionBuilder<Database, 'partners'>
type Cond = (eb: Eb) => Expression<SqlBool>

export interface SegmentScope {
  programId: string
  /** The program's currency: top N% by revenue counts it unless the condition names another */
  currency: string
}

/** The partners of the program in the segment, as a query to select, count or page from. */
export async function segmentQuery(db: Db | Tx, scope: SegmentScope, def: SegmentDefinition, now: Date) {
  const all = await Promise.all(def.conditions.map((c) => compile(db, scope, c, now)))
  const any = await Promise.all((def.any ?? []).map((c) => compile(db, scope, c, now)))
  return db
    .selectFrom('partners')
    .where('partners.program_id', '=', scope.programId)
    .where((eb) => eb.and([...all.map((f) => f(eb)), ...(any.length ? [eb.or(any.map((f) => f(eb)))] : [])]))
}

/** The partners a segment's query selects */
export type SegmentPartners = Awaited<ReturnType<typeof segmentQuery>>

export async function countPartners(q: SegmentPartners): Promise<number> {
  const row = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Their ids, sorted. */
export async function partnerIdsOf(q: SegmentPartners): Promise<string[]> {
  const rows = await q.select('partners.id').orderBy('partners.id').execute()
  return rows.map((r) => r.id)
}

export async function includesPartner(q: SegmentPartners, partnerId: string): Promise<boolean> {
  return (await q.select('partners.id').where('partners.id', '=', partnerId).executeTakeFirst()) !== undefined
}

/** The newest few, whole rows. */
export function newestPartners(q: SegmentPartners, limit: number) {
  return q.selectAll('partners').orderBy('partners.id', 'desc').limit(limit).execute()
}

const FALSE: Cond = () => sql<SqlBool>`1 = 0`
const TRUE: Cond = () => sql<SqlBool>`1 = 1`

function inOrNone(column: 'partners.group_id' | 'partners.country', values: string[] | undefined, none: boolean | undefined): Cond {
  return (eb) =>
    eb.or([...(values?.length ? [eb(column, 'in', values)] : []), ...(none ? [eb(column, 'is', null)] : [])])
}

function within<QB extends SelectQueryBuilder<Database, 'sales', object>>(qb: QB, column: 'sales.occurred_at', period: SegmentPeriod, now: Date): QB {
  const { start, end } = periodBounds(period, now)
  let q = qb
  if (start) q = q.where(column, '>=', start) as QB
  if (end) q = q.where(column, '<', end) as QB
  return q
}

/** The program's sales in the period as the partners they credit count them (a split sale is both partners'). */
function creditedIn(db: Db | Tx, programId: string, period: SegmentPeriod, now: Date, narrow: (q: SalesQuery) => SalesQuery = (q) => q) {
  const sales = creditedSales(db, ['amount_minor', 'refunded_minor'], (q) => narrow(within(q.where('sales.program_id', '=', programId), 'sales.occurred_at', period, now)))
  return db.selectFrom(sales.as('s')).groupBy('s.partner_id')
}

/** Net revenue (sales minus refunds) per partner in a currency over a period: each partner's parts. */
function revenueQuery(db: Db | Tx, programId: string, currency: string, period: SegmentPeriod, now: Date) {
  return creditedIn(db, programId, period, now, (q) => q.where('sales.currency', '=', currency))
}

function revenueAtLeast(db: Db | Tx, programId: string, currency: string, period: SegmentPeriod, amountMinor: number, now: Date): Cond {
  return (eb) => eb('partners.id', 'in', revenueQuery(db, programId, currency, period, now).select('s.partner_id').having(netRevenue, '>=', amountMinor))
}

async function compile(db: Db | Tx, scope: SegmentScope, c: SegmentCondition, now: Date): Promise<Cond> {
  const { programId } = scope
  switch (c.type) {
    case 'group':
      return inOrNone('partners.group_id', c.in, c.none)
    case 'country':
      return inOrNone('partners.country', c.in?.map((x) => x.toUpperCase()), c.none)
    case 'status':
      return (eb) => eb('partners.status', 'in', c.in)
    case 'joined':
      return (eb) =>
        eb.and([
          ...(c.after !== undefined ? [eb('partners.created_at', '>=', new Date(c.after).toISOString())] : []),
          ...(c.before !== undefined ? [eb('partners.created_at', '<', new Date(c.before).toISOString())] : []),
        ])
    case 'lastClickOlderThanDays': {
      const cutoff = dormantCutoff(c.days, now)
      return (eb) => eb.not(clickedSince(eb, programId, cutoff))
    }
    case 'clicksAtLeast':
      // Counted by day from the rollups: the raw clicks of a long period may be past the retention.
      return (eb) => eb('partners.id', 'in', partnersWithClicks(db, programId, periodDays(c.period, now), c.count))
    case 'salesAtLeast': {
      const q = creditedIn(db, programId, c.period, now, unrefunded)
      return (eb) => eb('partners.id', 'in', q.select('s.partner_id').having(sql<number>`count(*)`, '>=', c.count))
    }
    case 'revenueAtLeast':
      return revenueAtLeast(db, programId, c.currency.toUpperCase(), c.period, c.amountMinor, now)
    case 'revenueTopPercent': {
      const currency = (c.currency ?? scope.currency).toUpperCase()
      const rows = await revenueQuery(db, programId, currency, c.period, now).select(netRevenue.as('revenue')).execute()
      const threshold = topPercentThreshold(
        rows.map((r) => Number(r.revenue)),
        c.percent,
      )
      return threshold === null ? FALSE : revenueAtLeast(db, programId, currency, c.period, threshold, now)
    }
    case 'tier': {
      const tiers = await partnerTiers(db, scope, now)
      if (tiers === null) return c.none ? TRUE : FALSE
      const wanted = new Set(c.in ?? [])
      const ids = [...tiers].filter(([, t]) => (t === null ? c.none === true : wanted.has(t))).map(([id]) => id)
      return ids.length ? idIn(db, ids) : FALSE
    }
  }
}

/** `partners.id` in a list of any length, bound as one parameter (a list per id would hit SQLite's limit). */
function idIn(db: Db | Tx, ids: string[]): Cond {
  return isPostgres(db)
    ? () => sql<SqlBool>`partners.id = any(${ids}::text[])`
    : () => sql<SqlBool>`partners.id in (select value from json_each(${JSON.stringify(ids)}))`
}

/**
 * Every partner's tier name now (null: no tier), as `partnerTier` computes it one partner at a time:
 * the any-product sale rule that applies to the partner, its metric up to now, and a tier the program
 * pinned (bulk set_tier) when that rule has it. Null when the program has no tiered sale rule at all.
 */
export async function partnerTiers(db: Db | Tx, { programId, currency }: SegmentScope, now: Date): Promise<Map<string, string | null> | null> {
  const rules = await activeRules(db, programId, 'sale')
  if (!rules.some((r) => r.tiers.length > 0)) return null
  const partners = await db.selectFrom('partners').select(['id', 'group_id', 'tier_override']).where('program_id', '=', programId).execute()
  const byRule = new Map<Rule, typeof partners>()
  const out = new Map<string, string | null>()
  for (const p of partners) {
    const rule = selectRule(rules, { event: 'sale', partnerId: p.id, groupId: p.group_id, productId: null })
    out.set(p.id, null)
    if (!rule || rule.tiers.length === 0) continue
    byRule.set(rule, [...(byRule.get(rule) ?? []), p])
  }
  const at = now.toISOString()
  for (const [rule, members] of byRule) {
    const metrics = await tierMetrics(db, { id: programId, currency }, rule, at)
    for (const p of members) out.set(p.id, tierInForce(rule.tiers, metrics.get(p.id) ?? 0, p.tier_override)?.name ?? null)
  }
  return out
}
