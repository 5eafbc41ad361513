// A rule change tried on past sales, writing nothing: every credited sale of the last N days (but those
// marked fraud or refunded in full, which pay nothing) is priced under the rules in force and under the proposed ones, through
// the ledger's own pricing (rules.ts's pricingRule and quoteCommission, split.ts's splitShares for a sale
// a click's and a code's partners shared, commission-rows.ts's recruiterShare), each commission net of its
// sale's refunds as the ledger claws them back (refunds.ts's leftAfterRefunds), and the two are compared
// (backtest-rules.ts). Sales are read a page at a time: memory grows with the partners, never with the sales.
import { checkReferences, unknownReference } from '../kernel/http/references.ts'
import type { BacktestInput, BacktestResult, CommissionRule, CreateRuleInput } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { BacktestTally, type RepricedSale, TierMetrics } from './backtest-rules.ts'
import { type BacktestSaleRow, creditedSalesPage, pricingPartners, recordedSplits } from './backtest-queries.ts'
import { recruiterShare } from './commission-rows.ts'
import { leftAfterRefunds } from './refunds.ts'
import { DAY_MS } from '../kernel/days.ts'
import { mergeRuleEdit, ruleColumns } from './rule-admin.ts'
import { activeRules, defaultRule, listRules, toRule } from './rule-queries.ts'
import { type CommissionQuote, pricingRule, quoteCommission, type Rule, type SaleFacts, selectRule } from './rules.ts'
import { saleShares } from './sale-credits.ts'
import { splitShares } from './split.ts'
import { tierCounts } from './tier-queries.ts'

type Partner = Awaited<ReturnType<typeof pricingPartners>>[number]

const PAGE = 2000

export async function backtestRules(db: Db, program: ProgramRow, input: BacktestInput, now: Date): Promise<BacktestResult> {
  const to = now.toISOString()
  const from = new Date(now.getTime() - input.days * DAY_MS).toISOString()
  const current = await activeRules(db, program.id, 'sale')
  const proposed = (await proposedRules(db, program.id, input, now)).filter((r) => r.event === 'sale')
  const fallback = defaultRule(program)
  const partners = new Map((await pricingPartners(db, program.id)).map((p) => [p.id, p]))
  const secondTier = Number(program.second_tier_rate_bps)
  const metrics = new TierMetrics(program.currency)
  const tally = new BacktestTally()

  const quote = async (rules: readonly Rule[], partner: Partner, row: BacktestSaleRow, sale: RepricedSale & SaleFacts): Promise<CommissionQuote | null> => {
    const match = { event: 'sale' as const, partnerId: partner.id, groupId: partner.group_id, productId: row.product_id }
    const payment = { paymentNumber: Number(row.payment_number ?? 1), firstPaymentAt: row.first_payment_at ?? row.occurred_at, occurredAt: row.occurred_at }
    const rule = pricingRule(selectRule(rules, match), fallback, 'sale', payment)
    if (!rule) return null
    if (!rule.tiers.length) return quoteCommission(rule, sale, 0, program.currency, partner.tier_override)
    const start = metrics.need(partner.id, rule, row.occurred_at)
    if (start) metrics.start(partner.id, start.period, start.from, await tierCounts(db, partner.id, program.currency, row.occurred_at, start.from, row.id))
    return quoteCommission(rule, sale, metrics.value(partner.id, rule), program.currency, partner.tier_override)
  }
  const amount = (q: Earned | null) => q?.amountMinor ?? 0
  type Earned = Pick<CommissionQuote, 'amountMinor' | 'currency' | 'tier'>
  /** What each partner credited with the sale earns under `rules`: its own quote, or its share of a split (split.ts, as the ledger shares it). */
  const earned = async (rules: readonly Rule[], credited: Array<Partner | null>, row: BacktestSaleRow, sale: RepricedSale & SaleFacts, clickBps: number | undefined): Promise<Array<Earned | null>> => {
    const quotes: Array<CommissionQuote | null> = []
    // The ledger pays a suspended partner nothing: a split's other partner keeps only its own share
    for (const p of credited) quotes.push(p && p.status !== 'suspended' ? await quote(rules, p, row, sale) : null)
    if (clickBps === undefined) return quotes
    const [click, code] = quotes as [CommissionQuote | null, CommissionQuote | null]
    const shares = splitShares(click, code, clickBps)
    if (!shares) return [null, null]
    return [click && { ...click, amountMinor: shares.clickMinor, currency: shares.currency }, code && { ...code, amountMinor: shares.codeMinor, currency: shares.currency }]
  }
  /** One partner's commission on a sale in both worlds, and its recruiter's override, each net of the sale's refunds. */
  const count = (partner: Partner, a: Earned | null, b: Earned | null, sale: RepricedSale & SaleFacts) => {
    const left = (minor: number) => leftAfterRefunds(minor, sale)
    if (a && b && a.currency !== b.currency) {
      tally.add(partner.id, a.currency, left(a.amountMinor), 0, true)
      tally.add(partner.id, b.currency, 0, left(b.amountMinor), false)
    } else tally.add(partner.id, (a ?? b)?.currency ?? sale.currency, left(amount(a)), left(amount(b)), true)
    const recruiter = partner.referred_by_id ? partners.get(partner.referred_by_id) : undefined
    if (recruiter && (a || b)) {
      // The override is clawed back by its own share of the refunds, not as a share of the net commission
      const share = (q: Earned | null) => left(recruiterShare(amount(q), recruiter, secondTier))
      if (a && b && a.currency !== b.currency) {
        tally.add(recruiter.id, a.currency, share(a), 0, false)
        tally.add(recruiter.id, b.currency, 0, share(b), false)
      } else tally.add(recruiter.id, (a ?? b)!.currency, share(a), share(b), false)
    }
    tally.tiers(partner.id, a?.tier ?? null, b?.tier ?? null)
  }

  let after: { occurredAt: string; id: string } | null = null
  for (;;) {
    const page = await creditedSalesPage(db, program.id, from, to, after, PAGE)
    const splits = await recordedSplits(db, program.id, page.filter((r) => r.code_partner_id && r.code_partner_id !== r.partner_id).map((r) => r.id))
    for (const row of page) {
      const clickBps = splits.get(row.id)
      const credited = [partners.get(row.partner_id) ?? null, ...(clickBps === undefined ? [] : [partners.get(row.code_partner_id!) ?? null])]
      if (credited.every((p) => !p || p.status === 'suspended')) continue // the ledger pays a suspended partner nothing
      const sale = { id: row.id, customerId: row.customer_id, amountMinor: Number(row.amount_minor), refundedMinor: Number(row.refunded_minor), currency: row.currency, occurredAt: row.occurred_at }
      // Refunded in full: no sale on any surface (credited-sales-queries.ts's unrefunded), nothing left to pay, in no tier
      if (sale.refundedMinor >= sale.amountMinor) continue
      const a = await earned(current, credited, row, sale, clickBps)
      const b = await earned(proposed, credited, row, sale, clickBps)
      tally.sales++
      credited.forEach((p, i) => p && p.status !== 'suspended' && count(p, a[i]!, b[i]!, sale))
      // The sale counts toward the tier of each partner it credits by that partner's part (a split sale: both,
      // each by its part), as tierCounts counts it: sale-credits.ts's saleShares, the rule behind creditedSales
      for (const part of saleShares({ ...row, click_id: null, fraud_at: null })) metrics.add(part.partnerId, sale, part)
    }
    if (page.length < PAGE) break
    const last = page[page.length - 1]!
    after = { occurredAt: last.occurred_at, id: last.id }
  }
  return tally.result(from, to, (id) => ({ partnerName: partners.get(id)?.name ?? null, partnerEmail: partners.get(id)?.email ?? '' }))
}

/** The rule set proposed: a whole new set, the rules in force with one edited, or with one more. */
async function proposedRules(db: Db, programId: string, input: BacktestInput, now: Date): Promise<Rule[]> {
  const at = (i: number) => new Date(now.getTime() + i).toISOString()
  // A proposed rule for a partner or group the program does not have is a mistake, as it is in POST /v1/rules.
  const scoped = { groupId: 'group', partnerId: 'partner' } as const
  if ('rules' in input) {
    for (const [i, r] of input.rules.entries()) await checkReferences(db, programId, r, scoped, `rules.${i}`)
    return input.rules.map((r, i) => asRule(`rul_proposed_${i}`, r, at(i), 1))
  }
  const inForce: Rule[] = await listRules(db, programId)
  if ('add' in input) {
    await checkReferences(db, programId, input.add, scoped, 'add')
    return [...inForce, asRule('rul_proposed', input.add, at(0), 1)]
  }
  const edited = (inForce as CommissionRule[]).find((r) => r.id === input.ruleId)
  if (!edited) throw unknownReference('active rule', input.ruleId, 'ruleId')
  await checkReferences(db, programId, input.edit, scoped, 'edit')
  const merged = mergeRuleEdit(edited, input.edit)
  return inForce.map((r) => (r.id === edited.id ? asRule(r.id, merged, r.createdAt, edited.version + 1) : r))
}

/** A proposed rule as the pricing functions take it: the columns a saved one would have. */
function asRule(id: string, input: CreateRuleInput, createdAt: string, version: number): Rule {
  return toRule({ id, program_id: '', ...ruleColumns(input), version, version_created_at: createdAt, archived_at: null, created_at: createdAt })
}
