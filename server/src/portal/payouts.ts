import type { PayoutDetails, PortalBalance, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import type { PartnerPayoutDetailsTable } from '../kernel/db/schema.ts'
import { parseMinimums } from '../payouts/index.ts'
import { emptyTotals, orderByCurrency } from '../ledger/index.ts'
import { ledgerTotals } from '../ledger/index.ts'
import type { PortalSession } from './embed-tokens.ts'
import { onboardingEvent } from '../onboarding/index.ts'

const HISTORY = 50

function toPayoutDetails(r: Selectable<PartnerPayoutDetailsTable>): PayoutDetails {
  return r.method === 'paypal' || r.method === 'wise' ? { method: r.method, email: r.email ?? '' } : { method: r.method, accountRef: r.account_ref ?? '' }
}

/**
 * The partner's ledger totals per currency (the one ledger query, as every other surface reads them),
 * the minimum payout in each, its payouts, and its payout details.
 */
export async function getPortalPayouts(db: Db, session: PortalSession): Promise<PortalPayouts> {
  const { program, partner } = session
  const [totals, payouts, details] = await Promise.all([
    ledgerTotals(db, { programId: program.id, partnerId: partner.id }),
    db
      .selectFrom('payouts')
      .select(['id', 'amount_minor', 'currency', 'status', 'created_at', 'paid_at'])
      .where('program_id', '=', program.id)
      .where('partner_id', '=', partner.id)
      .orderBy('id', 'desc')
      .limit(HISTORY)
      .execute(),
    db.selectFrom('partner_payout_details').selectAll().where('partner_id', '=', partner.id).executeTakeFirst(),
  ])
  const minimums = parseMinimums(program.payout_minimums)
  const withProgramCurrency = totals.some((t) => t.currency === program.currency) ? totals : [emptyTotals(program.currency), ...totals]
  return {
    balances: orderByCurrency(
      withProgramCurrency.map((t): PortalBalance => ({ ...t, minimumMinor: minimums[t.currency] ?? 0 })),
      program.currency,
    ),
    history: payouts.map((p): PortalPayout => ({ id: p.id, amountMinor: Number(p.amount_minor), currency: p.currency, status: p.status, createdAt: p.created_at, paidAt: p.paid_at })),
    minimumMinor: minimums[program.currency] ?? 0,
    currency: program.currency,
    nextPayoutAt: null,
    payoutDetails: details ? toPayoutDetails(details) : null,
  }
}

/** Sets (replaces) where the partner is paid; returns what was stored. */
export async function updatePayoutDetails(db: Db, session: PortalSession, details: PayoutDetails, now: Date): Promise<PayoutDetails> {
  const row = {
    partner_id: session.partner.id,
    program_id: session.program.id,
    method: details.method,
    email: details.email ?? null,
    account_ref: details.accountRef ?? null,
    updated_at: now.toISOString(),
  }
  await db
    .insertInto('partner_payout_details')
    .values(row)
    .onConflict((oc) => oc.column('partner_id').doUpdateSet({ method: row.method, email: row.email, account_ref: row.account_ref, updated_at: row.updated_at }))
    .execute()
  await onboardingEvent(db, { programId: session.program.id, partnerId: session.partner.id, kind: 'add_payout_details' }, now)
  return toPayoutDetails(row)
}
