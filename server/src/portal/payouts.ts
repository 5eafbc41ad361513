import type { Page, PayoutDetails, PortalBalance, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { PageQuery } from '../kernel/db/page.ts'
import { hasPayoutDestination, nextPayoutDay, parseMinimums, partnerPayoutStanding } from '../payouts/index.ts'
import { emptyTotals, ledgerTotals, orderByCurrency } from '../ledger/index.ts'
import type { PartnerScope, PortalSession } from './embed-tokens.ts'
import { onboardingEvent } from '../onboarding/index.ts'
import { findPayoutDetails, lockPayoutDetails, payoutHistoryPage, toPayoutDetails, upsertPayoutDetails } from './payout-queries.ts'

/** The history's first page, in the payouts answer */
const HISTORY = 50

/**
 * The partner's ledger totals per currency (the one ledger query, as every other surface reads them),
 * the minimum payout in each and whether the next scheduled payout would pay it, its payouts, and its payout details.
 */
export async function getPortalPayouts(db: Db, session: PartnerScope, now: Date): Promise<PortalPayouts> {
  const { program, partner } = session
  const [totals, payouts, details, nextPayoutAt] = await Promise.all([
    ledgerTotals(db, { programId: program.id, partnerId: partner.id }),
    payoutHistoryPage(db, program.id, partner.id, { limit: HISTORY }),
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
    history: payouts.data,
    historyNextCursor: payouts.nextCursor,
    minimumMinor: minimums[program.currency] ?? 0,
    currency: program.currency,
    nextPayoutAt,
    payoutDetails: details ? toPayoutDetails(details) : null,
  }
}

/** A page of the partner's payouts, newest first (the history past `getPortalPayouts`' first page). */
export function getPayoutHistory(db: Db, session: PartnerScope, q: PageQuery): Promise<Page<PortalPayout>> {
  return payoutHistoryPage(db, session.program.id, session.partner.id, q)
}

/**
 * Sets (replaces) where the partner is paid, in one transaction with the onboarding it completes and the
 * program's audit entry (`partner.changed`, the partner as actor: where payouts go is what a stolen session
 * changes first); returns what was stored.
 */
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
    const before = await lockPayoutDetails(tx, session.partner.id)
    await upsertPayoutDetails(tx, row)
    const where = (d: PayoutDetails | null) => ({ payoutMethod: d?.method ?? null, payoutTo: d?.email ?? d?.accountRef ?? null })
    const actor = { kind: 'partner' as const, id: session.partner.id, label: session.partner.email }
    await recordAudit(tx, session.program.id, { actor, at: now }, { action: 'partner.changed', subject: { type: 'partner', id: session.partner.id }, before: where(before ? toPayoutDetails(before) : null), after: where(toPayoutDetails(row)) })
    await onboardingEvent(tx, { programId: session.program.id, partnerId: session.partner.id, kind: 'add_payout_details' }, now)
  })
  return toPayoutDetails(row)
}
