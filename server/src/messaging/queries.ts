// What messaging reads of the program's partners and managers: who a message or a notice is for, and
// who is writing.
import type { Db, Tx } from '../kernel/db/connect.ts'

/** The program's partner (its id and status); undefined when it is not the program's. */
export function findPartner(db: Db | Tx, programId: string, partnerId: string) {
  return db.selectFrom('partners').select(['id', 'status']).where('id', '=', partnerId).where('program_id', '=', programId).executeTakeFirst()
}

/** The program's partner with the address and program name a notice email needs. */
export function findPartnerToNotify(tx: Tx | Db, programId: string, partnerId: string) {
  return tx
    .selectFrom('partners')
    .innerJoin('programs', 'programs.id', 'partners.program_id')
    .select(['partners.id', 'partners.email', 'programs.name as program_name'])
    .where('partners.id', '=', partnerId)
    .where('partners.program_id', '=', programId)
    .executeTakeFirst()
}

/** The manager named when a console token was minted (the sender name of their messages). */
export async function findConsoleManager(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom('console_tokens').select('manager').where('token_hash', '=', tokenHash).executeTakeFirst()
  return row?.manager ?? null
}
