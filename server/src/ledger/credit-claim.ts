// An approved missing-commission claim at the amount the program set (claims/ decides when): one `sale`
// row for the claim's partner, with its decision record (the program named the partner; no rule priced it).
// Runs inside the caller's transaction, which holds the claim.
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramRow } from '../programs/index.ts'
import { emitEvent } from '../webhooks/index.ts'
import { claimRow, type CommissionRow } from './commission-rows.ts'
import { insertCommissions } from './commission-queries.ts'
import { toCommission } from './conversions.ts'
import { decisionRecord, namedAttribution } from './decision.ts'
import { lockPartnerForPricing } from './partner-queries.ts'

export interface ClaimCredit {
  partnerId: string
  claim: { id: string; invoiceId: string }
  sale: { id: string; customerId: string | null; amountMinor: number; currency: string; occurredAt: string } | null
  amountMinor: number
  currency: string
}

export async function creditClaim(tx: Tx, program: ProgramRow, x: ClaimCredit, now: Date): Promise<CommissionRow> {
  await lockPartnerForPricing(tx, x.partnerId) // as every credit does: the partner's standing is read under it
  const row = claimRow({ programId: program.id, holdingDays: Number(program.holding_days), partnerId: x.partnerId, sale: x.sale, claim: x.claim, amountMinor: x.amountMinor, currency: x.currency, now })
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
      occurredAt: x.sale?.occurredAt ?? row.created_at,
      paymentNumber: 1,
      attribution: { ...namedAttribution('program', settings, null, x.sale?.customerId ? { id: x.sale.customerId, externalId: null } : null), claimId: x.claim.id },
    },
    rules: null,
    metric: null,
    quote: { reasonData: JSON.parse(row.reason_data!), tier: null },
    fraud: { hold: null, flags: [] },
    holding: row,
    now,
  })
  await insertCommissions(tx, [row], decision)
  await emitEvent(tx, program.id, 'commission.created', toCommission(row), now)
  return row
}
