import type { PayoutDetails, PortalBalance, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../db/connect.ts'
import type { PartnerPayoutDetailsTable } from '../db/schema.ts'
import { earningsBucket, orderByCurrency } from '../domain/portal-overview.ts'
import { commissionTotals } from '../repos/portal-stats.ts'
import type { PortalSession } from './embed-tokens.ts'

const HISTORY = 50

function toPayoutDetails(r: Selectable<PartnerPayoutDetailsTable>): PayoutDetails {
  return r.method === 'paypal' || r.method === 'wise' ? { method: r.method, email: r.email ?? '' } : { method: r.method, accountRef: r.account_ref ?? '' }
}

function minimums(json: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(json)
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {}
  } catch {
    return {}
  }
}

/**
 * Balances derived from commissions: approved and in no payout is available, approved inside an
 * unpaid payout is in payout; clawbacks subtract. History is the partner's payouts, newest first.
 */
export async function getPortalPayouts(db: Db, session: PortalSession): Promise<PortalPayouts> {
  const { program, partner } = session
  const [totals, payouts, details] = await Promise.all([
    commissionTotals(db, partner.id),
    db
      .selectFrom('payouts')
      .select(['id', 'amount_minor', 'currency', 'status', 'created_at', 'paid_at'])
      .where('program_id', '=', program.id)
      .where('partner_id', '=', partner.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(HISTORY)
      .execute(),
    db.selectFrom('partner_payout_details').selectAll().where('partner_id', '=', partner.id).executeTakeFirst(),
  ])
  const min = minimums(program.payout_minimums)
  const balance = (currency: string): PortalBalance => ({ currency, availableMinor: 0, pendingMinor: 0, inPayoutMinor: 0, paidMinor: 0, minimumMinor: Number(min[currency] ?? 0) })
  const balances = new Map<string, PortalBalance>([[program.currency, balance(program.currency)]])
  for (const t of totals) {
    const b = balances.get(t.currency) ?? balance(t.currency)
    balances.set(t.currency, b)
    const bucket = earningsBucket(t.status)
    if (bucket === 'pendingMinor') b.pendingMinor += t.amountMinor
    else if (bucket === 'paidMinor') b.paidMinor += t.amountMinor
    else if (bucket === 'approvedMinor') {
      if (t.inPayout) b.inPayoutMinor += t.amountMinor
      else b.availableMinor += t.amountMinor
    }
  }
  const history = payouts.map(
    (p): PortalPayout => ({ id: p.id, amountMinor: Number(p.amount_minor), currency: p.currency, status: p.status, createdAt: p.created_at, paidAt: p.paid_at }),
  )
  return {
    balances: orderByCurrency([...balances.values()], program.currency),
    history,
    minimumMinor: Number(min[program.currency] ?? 0),
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
  return toPayoutDetails(row)
}
