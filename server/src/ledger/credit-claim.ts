// An approved missing-commission claim (claims/ decides when): on its recorded sale, priced by the rules as
// any sale is; or at the amount the program set: the partner's `sale` row, with the recruiter's override,
// built by earnedRows and capped by the program's budgets as any commission is, and its decision record (the
// program named the partner; no rule priced it). Either way a suspended partner's claim is refused. Runs
// inside the caller's transaction, which holds the claim.
import type { CommissionReason } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import { conflict } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { type BuildRows, capByBudgets } from './budget-cap.ts'
import { type CommissionRow, earnedRows } from './commission-rows.ts'
import { type Creditable, creditCommission, type Priced } from './credit-commission.ts'
import { insertCommissions } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { decisionRecord, namedAttribution } from './decision.ts'
import { lockPartnerForPricing, recruiterOf } from './partner-queries.ts'
import { reasonText } from './reason-text.ts'
import { takeBackRefunded } from './record-refund.ts'
import { lockSaleById } from './sale-queries.ts'
import type { CommissionQuote } from './rules.ts'

export interface ClaimCredit {
  partnerId: string
  claim: { id: string; invoiceId: string }
  sale: { id: string; customerId: string | null; amountMinor: number; currency: string; occurredAt: string } | null
  amountMinor: number
  currency: string
}

/** A claim approved on its recorded sale (record-sale.ts): the sale, and the amount the program gave (null: the rules price it). */
export interface SaleClaim {
  claim: ClaimCredit['claim']
  sale: NonNullable<ClaimCredit['sale']>
  amount: { amountMinor: number; currency: string } | null
}

/**
 * Credits a claim's recorded sale: the amount the program gave, or what the rules price (no rows when none
 * pays). The claimant is read once, under its lock, and refused when suspended (lockClaimant).
 */
export async function creditClaimedSale(tx: Tx, program: ProgramRow, x: SaleClaim, c: Creditable, now: Date): Promise<CommissionRow[]> {
  const partner = await lockClaimant(tx, c.partnerId)
  if (!x.amount) return creditCommission(tx, program, c, now, partner)
  return [await claimCommission(tx, program, partner, { partnerId: c.partnerId, claim: x.claim, sale: x.sale, ...x.amount }, now)]
}

/**
 * Writes the claim's commission (the partner's own row, returned, and the recruiter's override); 409 for a
 * suspended partner. On a recorded sale refunded already, the refunds so far take their share of it at once
 * (takeBackRefunded), as they take of every commission of the sale: reversed when refunded in full.
 */
export async function creditClaim(tx: Tx, program: ProgramRow, x: ClaimCredit, now: Date): Promise<CommissionRow> {
  // The sale locked first, as a refund locks it: its refunded total cannot change under the commission
  const sale = x.sale ? await lockSaleById(tx, program.id, x.sale.id) : undefined
  const own = await claimCommission(tx, program, await lockClaimant(tx, x.partnerId), x, now)
  const changed = sale ? await takeBackRefunded(tx, program.id, sale, [own], now) : []
  return changed.some((c) => c.id === own.id && c.status === 'reversed') ? { ...own, status: 'reversed', updated_at: now.toISOString() } : own
}

/**
 * Locks the claim's partner, as every credit does: its standing is read under the lock. A suspended partner
 * earns nothing (as priceCommission says of a sale), so its claim cannot be approved: 409.
 */
async function lockClaimant(tx: Tx, partnerId: string) {
  const partner = await lockPartnerForPricing(tx, partnerId)
  if (partner.status === 'suspended') throw conflict('The partner is suspended and earns no commission: reinstate the partner to approve this claim, or reject it')
  return partner
}

async function claimCommission(tx: Tx, program: ProgramRow, partner: Priced['partner'], x: ClaimCredit, now: Date): Promise<CommissionRow> {
  const reasonData: CommissionReason = { kind: 'claim', claimId: x.claim.id, invoiceId: x.claim.invoiceId, amountMinor: x.amountMinor, currency: x.currency }
  const quote: CommissionQuote = { amountMinor: x.amountMinor, currency: x.currency, reasonData, reason: reasonText(reasonData), tier: null }
  // The program's approval is the fraud check: only a budget holds it
  const build: BuildRows = (q, budgetHold) => earnedRows({
    program: { id: program.id, holdingDays: Number(program.holding_days), secondTierRateBps: Number(program.second_tier_rate_bps) },
    partner: { id: partner.id, recruiter: recruiterOf(partner) },
    credit: { event: 'sale', saleId: x.sale?.id ?? null, customerId: x.sale?.customerId ?? null, linkId: null, paymentNumber: 1 },
    rule: { id: null, version: null },
    quote: q,
    fraud: { hold: budgetHold, flags: [] },
    now,
  })
  const rows = await capByBudgets(tx, program.id, partner.group_id, quote, build, now)
  const own = rows[0]
  // A budget's step-down rate can round a small amount to nothing: the claim would be approved without a commission
  if (!own) throw conflict("A budget's step-down leaves nothing of this amount to pay: give a larger amount, or reject the claim", 'amountMinor')
  const settings = { model: program.attribution_model, windowDays: Number(program.attribution_window_days) }
  const decision = decisionRecord({
    program,
    credit: {
      event: 'sale',
      saleId: x.sale?.id ?? null,
      clickId: null,
      customerId: x.sale?.customerId ?? null,
      amountMinor: x.sale?.amountMinor ?? 0,
      currency: x.sale?.currency ?? x.currency,
      occurredAt: x.sale?.occurredAt ?? own.created_at,
      paymentNumber: 1,
      attribution: { ...namedAttribution('program', settings, null, x.sale?.customerId ? { id: x.sale.customerId, externalId: null } : null), claimId: x.claim.id },
    },
    rules: null,
    metric: null,
    // As written: a budget's step-down is in the reason
    quote: { reasonData: JSON.parse(own.reason_data!), tier: null },
    fraud: { hold: null, flags: [] },
    holding: own,
    now,
  })
  await insertCommissions(tx, rows, decision)
  for (const row of rows) await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  return own
}
