// What a partner earns, in one line for the marketplace: derived from the program's default and its
// program-wide rules. Pure.
import type { Rule } from './rules.ts'
import { formatPercent as percent, formatMinorCode as money } from '../kernel/money.ts'

export { percent }

export interface SummaryInput {
  /** The program's currency: flat amounts without their own currency are in it */
  currency: string
  /** The program's default, as a rule (`defaultRule`) */
  defaultRule: Pick<Rule, 'type' | 'value' | 'currency' | 'recurring' | 'recurringLimit'>
  /** The program's active rules; rules narrowed to one partner are ignored (they are private deals) */
  rules: readonly Rule[]
}

/**
 * The base sale commission (the newest program-wide rule for any product and group, else the
 * default), how long it recurs, the best rate a product, group or tier reaches, and a lead bounty.
 *
 * @example summarizeCommission({ currency: 'USD', defaultRule: { type: 'percent', value: 2000, currency: null, recurring: 'forever', recurringLimit: null }, rules: [] })
 * // '20% of every sale, recurring'
 */
export function summarizeCommission({ currency, defaultRule, rules }: SummaryInput): string {
  const open = rules.filter((r) => r.partnerId === null)
  const base = newest(open.filter((r) => r.event === 'sale' && r.groupId === null && r.productId === null)) ?? defaultRule
  let text = base.type === 'percent' ? `${percent(base.value)} of every sale` : `${money(base.value, base.currency ?? currency)} per sale`

  // "up to": the best rate of the same kind that any product, group or tier pays.
  const best = Math.max(
    ...open.filter((r) => r.event === 'sale' && r.type === base.type && (base.type === 'percent' || (r.currency ?? currency) === (base.currency ?? currency))).flatMap((r) => [r.value, ...r.tiers.map((t) => t.value)]),
    base.value,
  )
  if (best > base.value) text += ` (up to ${base.type === 'percent' ? percent(best) : money(best, base.currency ?? currency)})`
  text += recurrence(base)

  const lead = newest(open.filter((r) => r.event === 'lead' && r.groupId === null && r.productId === null))
  if (lead) text += `; ${money(lead.value, lead.currency ?? currency)} per signup`
  return text
}

function newest(rules: readonly Rule[]): Rule | null {
  let best: Rule | null = null
  for (const r of rules) if (!best || r.createdAt > best.createdAt) best = r
  return best
}

function recurrence(r: Pick<Rule, 'recurring' | 'recurringLimit'>): string {
  switch (r.recurring) {
    case 'forever':
      return ', recurring'
    case 'months':
      return `, recurring for ${r.recurringLimit} month${r.recurringLimit === 1 ? '' : 's'}`
    case 'payments':
      return `, on the first ${r.recurringLimit} payment${r.recurringLimit === 1 ? '' : 's'}`
    default:
      return ''
  }
}
