// A backtest's arithmetic: the running tier metric of each partner as its sales are repriced in order, and
// the tally of what the rules in force and the proposed ones pay (totals, deltas, winners, losers, tier
// moves). Pure: backtest.ts reads the sales and prices each through rules.ts, as the ledger does.
import type { BacktestAmount, BacktestPartner, BacktestResult, BacktestTierMove } from '@afflio/sdk/types'
import { periodStart, type Rule } from './rules.ts'
import type { SaleShare } from './sale-credits.ts'

/** A partner's counts in a tier period, as tier-queries.ts's tierCounts gives them. */
export interface TierCounts {
  customers: number
  sales: number
  revenue: number
}

type PeriodKind = NonNullable<Rule['tierPeriod']>

/** One partner's counts in one tier period, as tierCounts counts them, kept up to date sale by sale. */
interface Running extends TierCounts {
  /** periodStart of the period counted (null: lifetime) */
  key: string | null
  buyers: Set<string>
}

export interface RepricedSale {
  id: string
  customerId: string | null
  amountMinor: number
  refundedMinor: number
  currency: string
  occurredAt: string
}

/**
 * Each partner's tier metrics as the sales go by, oldest first. A (partner, period) is started from the
 * ledger's own count at its first sale (`start`, tierCounts); later sales of the period are added here,
 * and a new period starts from zero. A partner's buyer from before that first sale, buying again, is
 * counted again for `paid_customers` (the one difference from the ledger's count, which reads them all).
 */
export class TierMetrics {
  /** `currency`: the program's, the only one revenue counts in (as tierCounts counts it) */
  constructor(readonly currency: string) {}

  /** partner → period → its running count */
  readonly #running = new Map<string, Map<PeriodKind, Running>>()
  /** periodStart by (period, year-month): every instant of a month starts the same month, quarter and year */
  readonly #starts = new Map<string, string | null>()

  #start(period: PeriodKind, at: string): string | null {
    const key = `${period}|${at.slice(0, 7)}`
    let from = this.#starts.get(key)
    if (from === undefined) this.#starts.set(key, (from = periodStart(period, at)))
    return from
  }

  /** The period the count `rule` reads at `at` starts, when it must be started from the database; else null. */
  need(partnerId: string, rule: Pick<Rule, 'tierMetric' | 'tierPeriod'>, at: string): { period: PeriodKind; from: string | null } | null {
    if (!rule.tierMetric) return null
    const period = rule.tierPeriod ?? 'lifetime'
    const from = this.#start(period, at)
    const r = this.#running.get(partnerId)?.get(period)
    if (r && r.key === from) return null
    // A new period within the backtest starts at zero
    if (r && from !== null) return this.start(partnerId, period, from, { customers: 0, sales: 0, revenue: 0 }), null
    return { period, from }
  }

  start(partnerId: string, period: PeriodKind, from: string | null, counts: TierCounts): void {
    let periods = this.#running.get(partnerId)
    if (!periods) this.#running.set(partnerId, (periods = new Map()))
    periods.set(period, { key: from, ...counts, buyers: new Set() })
  }

  /** The metric `rule` prices with (after `need` and `start`). */
  value(partnerId: string, rule: Pick<Rule, 'tierMetric' | 'tierPeriod'>): number {
    if (!rule.tierMetric) return 0
    const r = this.#running.get(partnerId)?.get(rule.tierPeriod ?? 'lifetime')
    if (!r) return 0
    return rule.tierMetric === 'paid_customers' ? r.customers : rule.tierMetric === 'sales' ? r.sales : r.revenue
  }

  /**
   * Counts a priced sale in every period being counted for one partner it credits, `part` being what that
   * partner counts of it (sale-credits.ts's saleShares: the whole sale, or its part of a split one), as
   * tierCounts counts it: a sale and a buyer, and the part net of its refunds as revenue in the program's
   * currency only; nothing for a sale refunded in full.
   */
  add(partnerId: string, sale: RepricedSale, part: Pick<SaleShare, 'amountMinor' | 'refundedMinor'>): void {
    if (sale.refundedMinor >= sale.amountMinor) return
    const periods = this.#running.get(partnerId)
    if (!periods) return
    const buyer = sale.customerId ?? sale.id
    for (const r of periods.values()) {
      r.sales++
      if (sale.currency === this.currency) r.revenue += part.amountMinor - part.refundedMinor
      if (!r.buyers.has(buyer)) r.buyers.add(buyer), r.customers++
    }
  }
}

export type PartnerNamed = Pick<BacktestPartner, 'partnerName' | 'partnerEmail'>

interface Line {
  partnerId: string
  currency: string
  currentMinor: number
  proposedMinor: number
  sales: number
}

/** The tally: per (partner, currency) amounts, and each partner's tier at its last sale under both rule sets. */
export class BacktestTally {
  readonly #lines = new Map<string, Line>()
  readonly #tiers = new Map<string, { current: string | null; proposed: string | null }>()
  sales = 0

  /** A partner's commission (or a recruiter's override) in both worlds; `sale` counts it as the partner's sale. */
  add(partnerId: string, currency: string, currentMinor: number, proposedMinor: number, sale: boolean): void {
    const key = `${partnerId}|${currency}`
    let line = this.#lines.get(key)
    if (!line) this.#lines.set(key, (line = { partnerId, currency, currentMinor: 0, proposedMinor: 0, sales: 0 }))
    line.currentMinor += currentMinor
    line.proposedMinor += proposedMinor
    if (sale) line.sales++
  }

  tiers(partnerId: string, current: string | null, proposed: string | null): void {
    this.#tiers.set(partnerId, { current, proposed })
  }

  /**
   * The answer: totals per currency, partners by biggest change (at most `maxPartners`), the `top` winners
   * and losers per currency; `named` gives each partner's name and email.
   */
  result(from: string, to: string, named: (partnerId: string) => PartnerNamed, maxPartners = 500, top = 10): BacktestResult {
    const partners: BacktestPartner[] = [...this.#lines.values()].map((l) => ({ ...l, ...named(l.partnerId), deltaMinor: l.proposedMinor - l.currentMinor }))
    const totals = new Map<string, BacktestAmount>()
    for (const p of partners) {
      const t = totals.get(p.currency) ?? { currency: p.currency, currentMinor: 0, proposedMinor: 0, deltaMinor: 0 }
      t.currentMinor += p.currentMinor
      t.proposedMinor += p.proposedMinor
      t.deltaMinor += p.deltaMinor
      totals.set(p.currency, t)
    }
    const byId = (a: BacktestPartner, b: BacktestPartner) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0)
    const ranked = (sign: 1 | -1) =>
      [...totals.keys()].flatMap((currency) =>
        partners
          .filter((p) => p.currency === currency && p.deltaMinor * sign > 0)
          .sort((a, b) => (b.deltaMinor - a.deltaMinor) * sign || byId(a, b))
          .slice(0, top),
      )
    const tierMoves: BacktestTierMove[] = [...this.#tiers]
      .filter(([, t]) => t.current !== t.proposed)
      .map(([partnerId, t]) => ({ partnerId, ...named(partnerId), currentTier: t.current, proposedTier: t.proposed }))
      .sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1))
    return {
      from,
      to,
      sales: this.sales,
      totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
      partners: [...partners].sort((a, b) => Math.abs(b.deltaMinor) - Math.abs(a.deltaMinor) || byId(a, b)).slice(0, maxPartners),
      partnerCount: partners.length,
      winners: ranked(1),
      losers: ranked(-1),
      tierMoves,
    }
  }
}
