// A commission reason's words in English (reason.ts renders a CommissionReason with them). Apart from the
// renderer: a widget's first screen holds its string tables, and the renderer can wait for the tab that uses it.
/** The words of a reason, in English: a translation is a table of the same keys. `{name}` is filled by `t`. */
export const reasonWords = {
  'reason.rule': '{rule}: {reason}',
  /** A rule's version that priced the commission (rules are edited in versions) */
  'reason.ruleVersion': '{rule} v{version}: {reason}',
  'reason.default': 'Program default',
  'reason.percent': '{rate} of a {sale} sale',
  'reason.perSale': '{amount} per sale',
  'reason.perLead': '{amount} per lead',
  'reason.capped': '{reason}, up to the sale’s amount',
  'reason.tier': '{reason} (tier {name}: {value} {metric}, from {from})',
  'reason.tierPinned': '{reason} (tier {name}, set by the program)',
  'reason.metric.sales': 'sales',
  'reason.metric.paid_customers': 'paying customers',
  'reason.metric.revenue': 'revenue',
  'reason.override': '{rate} of {amount} earned by a partner you recruited',
  'reason.refund': 'Refund of {amount} on a {sale} sale',
  'reason.refundAfterPayout': 'Refund of {amount} on a {sale} sale, after payout',
  'reason.fraudClawback': '{amount} earned by a partner you recruited, marked fraud after payout: {note}',
  /** Since the program's note stays with the recruited partner's commission */
  'reason.fraudClawback.unnoted': '{amount} earned by a partner you recruited, marked fraud after payout',
  /** A chargeback's take-back given back: the program won the dispute */
  'reason.disputeWon': 'Dispute won: the chargeback of {amount} on a {sale} sale is given back',
  'reason.bonus': 'Bonus: challenge “{name}” met',
  'reason.bonus.bounty': 'Bonus: bounty “{name}”, submission approved',
  'reason.claim': 'Set by the program on your claim for order {invoice}',
  // A reason in steps, each with its money, adding up to the amount paid: the rule's amount, a split's share, a budget's step-down
  'reason.then': '{before}. {step}',
  'reason.amount': '{reason} = {amount}',
  'reason.split': 'Shared with another partner: {share} of {pool}, the lower of the two partners’ commissions = {amount}',
  /** A split whose two commissions were in different currencies: the click partner's was shared (the reader's own, on the click side) */
  'reason.split.yours': 'Shared with another partner: {share} of {pool}, your own commission (the other partner’s is in another currency, so the two were not compared) = {amount}',
  'reason.split.clickPartner': 'Shared with another partner: {share} of {pool}, the commission of the partner whose link brought the sale (yours is in another currency, so the two were not compared) = {amount}',
  'reason.stepDown': 'Budget {name} reached: {rate} of {full} = {amount}',
  /** For partners: which budget is the program's to know */
  'reason.stepDown.unnamed': 'The program’s commission budget for this period is reached: {rate} of {full} = {amount}',
} as const

export type ReasonWord = keyof typeof reasonWords
