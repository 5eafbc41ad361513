// The program's money settings (holding period, second tier, minimums, payout provider, Stripe secrets).
import type { Updateable } from 'kysely'
import { isPostgres, type Tx } from '../kernel/db/connect.ts'
import type { ProgramTable } from '../kernel/db/schema.ts'

export async function updateProgramColumns(tx: Tx, programId: string, set: Updateable<ProgramTable>): Promise<void> {
  await tx.updateTable('programs').set(set).where('id', '=', programId).execute()
}

export function programById(tx: Tx, programId: string) {
  return tx.selectFrom('programs').selectAll().where('id', '=', programId).executeTakeFirstOrThrow()
}

/** The program's stored fraud rules, its row locked until commit on Postgres (SQLite has one writer already). */
export async function lockedFraudRules(tx: Tx, programId: string): Promise<string> {
  const row = await tx.selectFrom('programs').select('fraud_rules').where('id', '=', programId).$if(isPostgres(tx), (q) => q.forUpdate()).executeTakeFirstOrThrow()
  return row.fraud_rules
}
