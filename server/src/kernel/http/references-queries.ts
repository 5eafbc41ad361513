// Which of some ids are rows of one program, for the reference check of kernel/http/references.ts.
import type { Db, Tx } from '../db/connect.ts'

/** The objects a request may name by id, and the table each lives in. */
const TABLES = {
  partner: 'partners',
  group: 'partner_groups',
  segment: 'segments',
  challenge: 'challenges',
  customer: 'customers',
  payout: 'payouts',
  'webhook endpoint': 'webhook_endpoints',
  resource: 'resources',
  rule: 'commission_rules',
  message: 'messages',
} as const

export type ReferenceKind = keyof typeof TABLES

/** The ids, of those given, that are rows of the program (archived or deleted ones too: history names them). */
export async function existingIds(db: Db | Tx, programId: string, kind: ReferenceKind, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom(TABLES[kind])
    .select('id')
    .where('program_id', '=', programId)
    .where('id', 'in', [...ids])
    .execute()
  return new Set(rows.map((r) => r.id))
}
