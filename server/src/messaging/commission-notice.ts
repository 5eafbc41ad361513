// What a partner is told of a commission it earned, once: by the sale's notice (commission_earned), or
// within the notice of a won deal or an approved claim that credited it (the sale's then tells only the
// recruiter's override). Read in the reaction's transaction, after the commission's commit.
import type { Commission } from '@afflio/sdk/types'
import type { Tx } from '../kernel/db/connect.ts'
import { findCommission, toCommission } from '../ledger/index.ts'
import { commissionNotice, isWorthNotice, type NoticeText } from './notice-rules.ts'

/** The notice of a commission, or null when it is not worth one (held, reversed, voided, nothing owed). */
export async function commissionNoticeOf(tx: Tx, programId: string, c: Commission): Promise<NoticeText | null> {
  void tx
  void programId
  return isWorthNotice(c) ? commissionNotice(c) : null
}

/** The notice of the commission `id` (a deal's or a claim's), or null. */
export async function commissionNoticeById(tx: Tx, programId: string, id: string): Promise<NoticeText | null> {
  const row = await findCommission(tx, programId, id)
  return row ? commissionNoticeOf(tx, programId, toCommission(row)) : null
}
