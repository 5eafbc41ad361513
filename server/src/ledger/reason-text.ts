// The English `reason` and `hold_reason` columns, rendered from the reason data: what older clients read.
// The wording is frozen (clients and exports may match on it); people read the data, rendered in their
// locale by the widgets and in English by emails, through one renderer (@afflio/sdk/reason). Pure.
import type { CommissionHoldReason, CommissionReason, CommissionReasonSplit, CommissionReasonStepDown, CommissionReasonTier } from '@afflio/sdk/types'

const METRIC_LABEL = { paid_customers: 'paid customers', sales: 'sales', revenue: 'revenue (minor units)' } as const

/**
 * The `reason` column: `program default: 20% of sale`, `Lead bounty: flat 1000 USD minor units`,
 * `Partners: 30% of sale (tier Gold: 12 paid customers ≥ 10)`, `Partners (v2): 25% of sale` (an edited rule), `clawback after payout: commission com_… marked fraud`
 * (worded so before that clawback's reason was data).
 */
export function reasonText(r: CommissionReason): string {
  switch (r.kind) {
    case 'rule': {
      // Version 1 keeps the wording clients have always matched on; later versions say which
      const rule = (r.rule.version ?? 1) > 1 ? `${r.rule.name} (v${r.rule.version})` : r.rule.name
      return r.basis === 'percent'
        ? `${rule}: ${r.rateBps / 100}% of sale${tierNote(r.tier)}${splitNote(r.split)}${stepDownNote(r.stepDown)}`
        : `${rule}: flat ${r.amountMinor} ${r.currency} minor units${tierNote(r.tier)}${splitNote(r.split)}${stepDownNote(r.stepDown)}`
    }
    case 'override':
      return `second tier: ${r.rateBps / 100}% of ${r.sourceAmountMinor} earned by recruited partner ${r.recruitedPartnerId}`
    case 'clawback':
      if (r.cause === 'dispute_won') return `dispute won: ${r.disputedMinor} of ${r.saleAmountMinor} charged back given back`
      if (r.cause === 'fraud') return `clawback after payout: commission ${r.fraudCommissionId} marked fraud`
      return `${r.afterPayout ? 'clawback after payout' : 'partial refund'}: ${r.refundedMinor} of ${r.saleAmountMinor} refunded`
    case 'bonus':
      // A bounty pays per approved submission, not for a target met
      return `${r.submissionId ? `bounty ${r.challengeName}: submission ${r.submissionId} approved` : `challenge ${r.challengeName} met`}${stepDownNote(r.stepDown)}`
    case 'claim':
      return `claim ${r.claimId}: flat ${r.amountMinor} ${r.currency} minor units for invoice ${r.invoiceId}${stepDownNote(r.stepDown)}`
  }
}

/** `, split by code: 50% of 2000`; in different currencies, which amount was shared and in which currency. */
function splitNote(s: CommissionReasonSplit | undefined): string {
  if (!s) return ''
  const pool = s.poolCurrency ? `${s.poolMinor} ${s.poolCurrency} minor units, ${s.via === 'click' ? 'its own' : "the click partner's"} commission (the two were in different currencies)` : `${s.poolMinor}`
  return `, split by ${s.via}: ${s.shareBps / 100}% of ${pool}`
}

/** A budget's step down, after the reason it applies to: ` (budget November reached: 50% of 2000)`; unnamed, in the portal. */
function stepDownNote(s: CommissionReasonStepDown | undefined): string {
  return s ? ` (budget ${s.budgetName === undefined ? '' : `${s.budgetName} `}reached: ${s.stepDownBps / 100}% of ${s.fullAmountMinor})` : ''
}

function tierNote(t: CommissionReasonTier | null): string {
  if (!t) return ''
  return t.pinned ? ` (tier ${t.name}: set by the program)` : ` (tier ${t.name}: ${t.value} ${METRIC_LABEL[t.metric]} ≥ ${t.from})`
}

/**
 * The `hold_reason` column: `self-referral suspected: customer email … is the partner's own address`,
 * `hold: checking with the customer`, `mark fraud: stolen card`; a fraud rule's in the same style.
 */
export function holdReasonText(h: CommissionHoldReason): string {
  switch (h.kind) {
    case 'action':
      return `${h.action.replace('_', ' ')}: ${h.note}`
    case 'self_referral':
      return `self-referral suspected: ${selfReferralText(h)}`
    case 'payout_email':
      return `self-referral suspected: customer email ${h.customerEmail} is the partner's payout email`
    case 'partner_address':
      return `self-referral suspected: click ${h.clickId} came from an address the partner used the portal from`
    case 'bot':
      return `bot click: click ${h.clickId} came from a bot or crawler (${h.userAgent})`
    case 'click_burst':
      return `click burst: click ${h.clickId} came from an address sending more than ${h.clicksPerMinute} clicks a minute`
    case 'fast_conversion':
      return `too soon after the click: converted ${h.seconds} s after click ${h.clickId} (under ${h.minSeconds} s)`
    case 'budget':
      // The portal's has no figures (partner-view.ts)
      if (h.capMinor === undefined || h.spentMinor === undefined) return "budget reached: the program's commission budget for this period"
      return `budget reached: ${h.budgetName} had ${Math.max(h.capMinor - h.spentMinor, 0)} of ${h.capMinor} ${h.currency} minor units left`
    case 'existing_customer':
      return `existing customer: the customer was created ${h.customerCreatedAt}, before the partner's first click ${h.firstClickAt}`
    case 'recruited':
      return `${RECRUITED_VERB[h.action]} with the recruited partner's commission it is a share of`
  }
}

const RECRUITED_VERB = { hold: 'held', release: 'released', mark_fraud: 'marked fraud' } as const

/** A self-referral, in the words `selfReferralReason` has always returned. */
export function selfReferralText(h: Extract<CommissionHoldReason, { kind: 'self_referral' }>): string {
  return h.match === 'own_address'
    ? `customer email ${h.customerEmail} is the partner's own address`
    : `customer email ${h.customerEmail} is at the partner's company domain ${h.domain}`
}
