// What messaging reads of the program's partners and managers: who a message or a notice is for, and
// who is writing.
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'

/** The program's partner (its id and status); undefined when it is not the program's. */
export function findPartner(db: Db | Tx, programId: string, partnerId: string) {
  return db.selectFrom('partners').select(['id', 'status']).where('id', '=', partnerId).where('program_id', '=', programId).executeTakeFirst()
}

// Prepared (kernel/db/prepared.ts): every credited sale's notice reads it.
const toNotify = prepare<{ id: string; program_id: string }, { id: string; email: string; program_name: string }>((db, arg) =>
  db
    .selectFrom('partners')
    .innerJoin('programs', 'programs.id', 'partners.program_id')
    .select(['partners.id', 'partners.email', 'programs.name as program_name'])
    .where('partners.id', '=', arg('id'))
    .where('partners.program_id', '=', arg('program_id')),
)

/** The program's partner with the address and program name a notice email needs. */
export async function findPartnerToNotify(tx: Tx | Db, programId: string, partnerId: string) {
  return (await toNotify.execute(tx, { id: partnerId, program_id: programId })).rows[0]
}

/** The manager named when a console token was minted (the sender name of their messages). */
export async function findConsoleManager(db: Db, tokenHash: string): Promise<string | null> {
  const row = await db.selectFrom('console_tokens').select('manager').where('token_hash', '=', tokenHash).executeTakeFirst()
  return row?.manager ?? null
}
