// The ledger's words, one table for the portal and the console: both name every figure, every
// commission status and every reason the same way (docs/commissions.md has the state diagram).
// A reason's words are the SDK's, the same in the server's emails (the words alone: the renderer,
// @afflio/sdk/reason, is for the views that show reasons, not the first screen).
import { reasonWords } from '@afflio/sdk/reason-words'
import type { LedgerTotals } from '@afflio/sdk/types'

export type TotalKey = Exclude<keyof LedgerTotals, 'currency'>

/** The totals in the order every screen shows them. */
export const TOTAL_KEYS: readonly TotalKey[] = ['approvedMinor', 'pendingMinor', 'onHoldMinor', 'inPayoutMinor', 'paidMinor']

export const ledgerWords = {
  'ledger.approvedMinor': 'Approved',
  'ledger.pendingMinor': 'Pending',
  'ledger.onHoldMinor': 'On hold',
  'ledger.inPayoutMinor': 'In payout',
  'ledger.paidMinor': 'Paid',
  // A partner's balances, derived from every commission: no period narrows them (the console's partner
  // page and the portal's overview say so with the same words).
  'balances.allTime': 'Balances, all time',
  // What a period's cards count: the commissions earned in it, by where each stands now.
  'earned.days': 'Earned in the last {n} days, by status now',
  'earned.days.one': 'Earned today, by status now',
  'status.pending': 'Pending',
  'status.approved': 'Approved',
  'status.in_payout': 'In payout',
  'status.paid': 'Paid',
  'status.on_hold': 'On hold',
  'status.reversed': 'Reversed',
  'status.fraud': 'Fraud',
  // Why a commission has its amount: the SDK's words, which the server's emails say too
  ...reasonWords,
} as const

export type LedgerWord = keyof typeof ledgerWords

/** "Why this amount?": a commission's explanation in words (explanation.ts renders it), in the portal and the console. */
export const explainWords = {
  'why.open': 'Why this amount?',
  'why.close': 'Hide',
  'why.amount': 'Amount',
  'why.partner': 'Partner',
  'why.by.click': 'Click {click} on {date}: the {model} in the {days}-day window',
  'why.by.renewal': 'A renewal: credited to whoever brought the first payment',
  'why.by.program': 'Credited by the program',
  'why.by.claim': 'Credited by the program on your missing-commission claim',
  'why.by.lead': 'The signup’s click {click}',
  'why.by.code': 'The sale’s coupon code {code}',
  'why.holding.budget': 'Held: budget {name} reached ({left} of {cap} left)',
  /** In the portal: which budget, and how full, is the program's to know */
  'why.holding.budget.unnamed': 'Held: the program’s commission budget for this period is reached',
  /** A split recorded before the policy was kept with it */
  'why.share': 'Shared: {share}% of the commission (a click and a code of two partners)',
  'why.conflict.click': 'A click and a coupon code of two partners claimed the sale: this program credits the click',
  'why.conflict.code': 'A click and a coupon code of two partners claimed the sale: this program credits the code',
  'why.conflict.split': 'A click and a coupon code of two partners claimed the sale: this program shares it, {click} to the click’s partner and {code} to the code’s',
  'why.model.last_click': 'last click',
  'why.model.first_click': 'first click',
  'why.clicks': 'Clicks weighed',
  'why.click': 'Click {click} on {date}: {outcome}',
  'why.click.credited': 'credited',
  'why.click.outside_window': 'outside the window',
  'why.click.not_chosen': 'in the window, another was chosen',
  'why.click.lost_to_code': 'lost to the coupon code',
  'why.click.shared': 'shared with the coupon code',
  'why.others': 'Other clicks weighed: {n}',
  'why.codes': 'Coupon codes',
  'why.code': 'Code {code}: {outcome}',
  'why.code.credited': 'credited',
  'why.code.lost_to_click': 'lost to the click',
  'why.code.shared': 'shared with the click',
  'why.code.same_partner': 'the click’s partner’s own code: credited once, by the click',
  'why.otherCodes': 'Other partners’ codes: {n}',
  'why.customer': 'Customer',
  'why.rule': 'Rule',
  'why.rule.default': 'Program default (no rule applied)',
  'why.rule.none': 'No rule: an amount the program set',
  'why.rule.applied': 'applied',
  'why.rule.other_partner': 'for another partner',
  'why.rule.other_group': 'for another group',
  'why.rule.other_product': 'for another product',
  'why.rule.less_specific': 'a narrower rule applied',
  'why.rule.older': 'a newer rule applied',
  'why.tier': 'Tier',
  'why.tier.at': '{name} at {value} {metric}',
  'why.tier.base': 'Base rate at {value} {metric}',
  'why.checks': 'Checks',
  'why.checks.none': 'No fraud rule tripped',
  'why.checks.held': 'Held for review',
  'why.holding': 'Holding period',
  'why.holding.days': '{days} days, until {date}',
  'why.holding.none': 'None: approved at once',
  'why.history': 'Since',
  'why.h.created': '{date}: created',
  'why.h.approved': '{date}: approved',
  'why.h.held': '{date}: held ({note})',
  'why.h.released': '{date}: released ({note})',
  'why.h.marked_fraud': '{date}: marked fraud ({note})',
  'why.h.reversed': '{date}: reversed (refunded)',
  'why.h.clawback': '{date}: {amount} taken back',
  'why.h.in_payout': '{date}: in a payout',
  'why.h.paid': '{date}: paid',
  'why.none': 'No record was kept for this commission: it was created before explanations were.',
  'why.none.bonus': 'No record was kept for this bonus: it was created before bonuses were explained.',
  'why.bonus': 'Earned by',
  'why.bonus.target': 'Challenge “{name}”: target of {target} met on {date} (at {progress})',
  'why.bonus.sales': '{n} sales',
  'why.bonus.sales.one': '1 sale',
  'why.bonus.clicks': '{n} clicks',
  'why.bonus.clicks.one': '1 click',
  'why.bonus.revenue': '{n} in revenue',
  'why.bonus.submission': 'Bounty “{name}”: submission approved on {date}',
  'why.bonus.approvedBy': 'Approved by {who}',
} as const

export type ExplainWord = keyof typeof explainWords

/**
 * Why a fraud rule flagged or held a commission, and why the program held, released or voided one
 * (reason.ts renders them). Apart from ledgerWords: only the console shows them, and the portal's bundle
 * need not carry them.
 */
export const fraudWords = {
  'fraud.self_referral.own_address': 'Customer email {email} is the partner’s own',
  'fraud.self_referral.company_domain': 'Customer email {email} is at the partner’s company domain {domain}',
  'fraud.payout_email': 'Customer email {email} is the partner’s payout email',
  'fraud.partner_address': 'The click came from an address the partner used',
  'fraud.bot': 'The click came from a bot or crawler ({agent})',
  'fraud.click_burst': 'The click came in a burst: over {n} clicks a minute from one address',
  'fraud.click_burst.one': 'The click came in a burst: over 1 click a minute from one address',
  'fraud.fast_conversion': 'Converted {seconds} s after the click (under {min} s)',
  'fraud.existing_customer': 'The customer was known on {created}, before the partner’s first click on {clicked}',
  // Why a commission is (or was last) held, released or voided by hand
  'hold.action.hold': 'Held by the program: {note}',
  'hold.action.release': 'Released by the program: {note}',
  'hold.action.mark_fraud': 'Marked fraud by the program: {note}',
  'hold.recruited.hold': 'Held with the recruited partner’s commission it is a share of',
  'hold.recruited.release': 'Released with the recruited partner’s commission it is a share of',
  'hold.recruited.mark_fraud': 'Marked fraud with the recruited partner’s commission it is a share of',
  'hold.budget': 'Budget {name} reached: {left} of {cap} left',
  'hold.budget.unnamed': 'The program’s commission budget for this period is reached',
} as const

export type FraudWord = keyof typeof fraudWords

/** A referred customer's columns and statuses, in the portal's Customers tab and the console's. */
export const customerWords = {
  customer: 'Customer',
  'customer.lead': 'Signed up',
  'customer.customer': 'Paying',
  'customer.refunded': 'Refunded',
  'customers.sales': 'Sales',
  'customers.revenue': 'Revenue',
  'customers.first': 'First purchase',
  'customers.last': 'Last purchase',
  'customers.empty': 'No referred customers yet.',
} as const

export type CustomerWord = keyof typeof customerWords
