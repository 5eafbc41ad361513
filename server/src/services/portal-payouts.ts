import type { PayoutDetails, PortalBalance, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../db/connect.ts'
import type { PartnerPayoutDetailsTable } from '../db/schema.ts'
import { parseMinimums } from '../domain/payouts.ts'
import { orderByCurrency } from '../domain/portal-overview.ts'
import { listBalances } from './balances.ts'
import type { PortalSession } from './embed-tokens.ts'
import { onboardingEvent } from './onboarding-events.ts'

const HISTORY = 50

function toPayoutDetails(r: Selectable<PartnerPayoutDetailsTable>): PayoutDetails {
  return r.method === 'paypal' || r.method === 'wise' ? { method: r.method, email: r.email ?? '' } : { method: r.method, accountRef: r.account_ref ?? '' }
}

/**
 * The partner's balances as the ledger computes them for payout runs (so the portal and the next
 * run agree), its payouts, and its payout details. A run marks the commissions it pays `paid` at
 * once; what its payouts have not sent yet is shown apart, as in payout.
 */
export async function getPortalPayouts(db: Db, session: PortalSession, now: Date): Promise<PortalPayouts> {
  const { program, partner } = session
  const [ledger, payouts, details] = await Promise.all([
    listBalances(db, program.id, { partnerId: partner.id }, now),
    db
      .selectFrom('payouts')
      .select(['id', 'amount_minor', 'currency', 'status', 'created_at', 'paid_at'])
      .where('program_id', '=', program.id)
      .where('partner_id', '=', partner.id)
      .orderBy('id', 'desc')
      .execute(),
    db.selectFrom('partner_payout_details').selectAll().where('partner_id', '=', partner.id).executeTakeFirst(),
  ])
  const minimums = parseMinimums(program.payout_minimums)
  const balances = new Map<string, PortalBalance>()
  const balance = (currency: string) => {
    let b = balances.get(currency)
    if (!b) balances.set(currency, (b = { currency, availableMinor: 0, pendingMinor: 0, inPayoutMinor: 0, paidMinor: 0, minimumMinor: minimums[currency] ?? 0 }))
    return b
  }
  balance(program.currency)
  for (const l of ledger) Object.assign(balance(l.currency), { availableMinor: l.balanceMinor, pendingMinor: l.pendingMinor, paidMinor: l.paidMinor })
  for (const p of payouts) {
    if (p.status !== 'pending' && p.status !== 'processing') continue
    const b = balance(p.currency)
    b.inPayoutMinor += Number(p.amount_minor)
    b.paidMinor -= Number(p.amount_minor)
  }
  return {
    balances: orderByCurrency([...balances.values()], program.currency),
    history: payouts
      .slice(0, HISTORY)
      .map((p): PortalPayout => ({ id: p.id, amountMinor: Number(p.amount_minor), currency: p.currency, status: p.status, createdAt: p.created_at, paidAt: p.paid_at })),
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
