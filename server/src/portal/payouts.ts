import type { PayoutDetails, PortalBalance, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { hasPayoutDestination, nextPayoutDay, parseMinimums, partnerPayoutStanding } from '../payouts/index.ts'
import { emptyTotals, ledgerTotals, orderByCurrency } from '../ledger/index.ts'
import type { PartnerScope, PortalSession } from './embed-tokens.ts'
import { onboardingEvent } from '../onboarding/index.ts'
import { findPayoutDetails, latestPayouts, toPayoutDetails, upsertPayoutDetails } from './payout-queries.ts'

const HISTORY = 50

/**
 * The partner's ledger totals per currency (the one ledger query, as every other surface reads them),
 * the minimum payout in each and whether the next scheduled payout would pay it, its payouts, and its payout details.
 */
export async function getPortalPayouts(db: Db, session: PartnerScope, now: Date): Promise<PortalPayouts> {
  const { program, partner } = session
  const [totals, payouts, details, nextPayoutAt] = await Promise.all([
    ledgerTotals(db, { programId: program.id, partnerId: partner.id }),
    latestPayouts(db, program.id, partner.id, HISTORY),
    findPayoutDetails(db, partner.id),
    nextPayoutDay(db, program, now),
  ])
  const minimums = parseMinimums(program.payout_minimums)
  const withProgramCurrency = totals.some((t) => t.currency === program.currency) ? totals : [emptyTotals(program.currency), ...totals]
  const standing = partnerPayoutStanding(program, {
    partnerId: partner.id,
    suspended: partner.status === 'suspended',
    hasDetails: details !== undefined && hasPayoutDestination(details),
    approved: withProgramCurrency,
  })
  return {
    balances: orderByCurrency(
      withProgramCurrency.map((t): PortalBalance => ({ ...t, minimumMinor: minimums[t.currency] ?? 0, nextPayout: standing.get(t.currency) ?? null })),
      program.currency,
    ),
    history: payouts.map((p): PortalPayout => ({ id: p.id, amountMinor: Number(p.amount_minor), currency: p.currency, status: p.status, createdAt: p.created_at, paidAt: p.paid_at })),
    minimumMinor: minimums[program.currency] ?? 0,
    currency: program.currency,
    nextPayoutAt,
    payoutDetails: details ? toPayoutDetails(details) : null,
  }
}

/** Sets (replaces) where the partner is paid, in one transaction with the onboarding it completes; returns what was stored. */
export async function updatePayoutDetails(db: Db, session: PortalSession, details: PayoutDetails, now: Date): Promise<PayoutDetails> {
  const row = {
    partner_id: session.partner.id,
    program_id: session.program.id,
    method: details.method,
    email: details.email ?? null,
    account_ref: details.accountRef ?? null,
    updated_at: now.toISOString(),
  }
  await db.transaction().execute(async (tx) => {
    await upsertPayoutDetails(tx, row)
    await onboardingEvent(tx, { programId: session.program.id, partnerId: session.partner.id, kind: 'add_payout_details' }, now)
  })
  return toPayoutDetails(row)
}
