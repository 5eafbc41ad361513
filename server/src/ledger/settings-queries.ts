// The program's money settings (holding period, second tier, minimums, payout provider, Stripe secrets).
import type { Updateable } from 'kysely'
import type { Tx } from '../kernel/db/connect.ts'
import type { ProgramTable } from '../kernel/db/schema.ts'

export async function updateProgramColumns(tx: Tx, programId: string, set: Updateable<ProgramTable>): Promise<void> {
  await tx.updateTable('programs').set(set).where('id', '=', programId).execute()
}

export function programById(tx: Tx, programId: string) {
  return tx.selectFrom('programs').selectAll().where('id', '=', programId).executeTakeFirstOrThrow()
}
