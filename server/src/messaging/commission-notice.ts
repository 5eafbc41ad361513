// What a partner is told of a commission it earned, once: by the sale's notice (commission_earned), or
// within the notice of a won deal or an approved claim that credited it (the sale's then tells only the
// recruiter's override). Read in the reaction's transaction, after the commission's commit.
import type { Commission } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import { findCommission, owedOf, saleCommissions, toCommission } from '../ledger/index.ts'
import { minimumOutlook, partnerPayoutOutlook } from '../payouts/index.ts'
import { findPayoutTerms } from '../programs/index.ts'
import { commissionNotice, isWorthNotice, type NoticeText } from './notice-rules.ts'

/**
 * The notice of a commission, given the sale's commissions (`family`: its take-backs among them; none
 * without a sale), or null when it is not worth one (reversed, voided, nothing owed; held, unless
 * `held`: a won deal's or an approved claim's notice says its commission waits on the program's review).
 */
export async function commissionNoticeOf(tx: Tx, programId: string, c: Commission, family: readonly Commission[], { held = false } = {}): Promise<NoticeText | null> {
  // The sale's refunds so far took their share of it (a refund before a late credit, at once): told what is owed
  const owed = owedOf(c, family)
  if (!isWorthNotice({ amountMinor: owed.owedMinor, status: held && c.status === 'on_hold' ? 'pending' : c.status })) return null
  const program = await findPayoutTerms(tx, programId)
  if (!program) return null
  // Only an approved commission's notice says whether the next run pays: the balance is read for it alone
  const payout = c.status === 'approved' ? await partnerPayoutOutlook(tx, program, c.partnerId, c.currency) : minimumOutlook(program, c.currency)
  return commissionNotice(c, payout, owed)
}

/** The notice of the commission `id` (a deal's or a claim's), or null. */
export async function commissionNoticeById(tx: Tx, programId: string, id: string): Promise<NoticeText | null> {
  const row = await findCommission(tx, programId, id)
  if (!row) return null
  const c = toCommission(row)
  return commissionNoticeOf(tx, programId, c, c.saleId ? await saleCommissions(tx, programId, c.saleId) : [], { held: true })
}
