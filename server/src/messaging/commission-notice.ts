// What a partner is told of a commission it earned, once: by the sale's notice (commission_earned), or
// within the notice of a won deal or an approved claim that credited it (the sale's then tells only the
// recruiter's override). Read in the reaction's transaction, after the commission's commit.
import type { Commission } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import { findCommission, toCommission } from '../ledger/index.ts'
import { partnerPayoutOutlook } from '../payouts/index.ts'
import { findProgram } from '../programs/index.ts'
import { commissionNotice, isWorthNotice, type NoticeText } from './notice-rules.ts'

/**
 * The notice of a commission, or null when it is not worth one (reversed, voided, nothing owed; held, unless
 * `held`: a won deal's or an approved claim's notice says its commission waits on the program's review).
 */
export async function commissionNoticeOf(tx: Tx, programId: string, c: Commission, { held = false } = {}): Promise<NoticeText | null> {
  if (!isWorthNotice(held && c.status === 'on_hold' ? { ...c, status: 'pending' } : c)) return null
  const program = await findProgram(tx, programId)
  if (!program) return null
  return commissionNotice(c, await partnerPayoutOutlook(tx, program, c.partnerId, c.currency))
}

/** The notice of the commission `id` (a deal's or a claim's), or null. */
export async function commissionNoticeById(tx: Tx, programId: string, id: string): Promise<NoticeText | null> {
  const row = await findCommission(tx, programId, id)
  return row ? commissionNoticeOf(tx, programId, toCommission(row), { held: true }) : null
}
