// Onboarding checklists: one per program, and optionally one per partner group (its scope).
import type { Db, Tx } from '../kernel/db/connect.ts'

/** The checklists of the given scopes (the program's, a group's). */
export function checklistsOf(db: Db | Tx, programId: string, scopes: string[]) {
  return db.selectFrom('onboarding_checklists').select(['scope', 'steps']).where('program_id', '=', programId).where('scope', 'in', scopes).execute()
}

/** Every checklist of the program, whatever its scope. */
export function allChecklists(db: Db | Tx, programId: string) {
  return db.selectFrom('onboarding_checklists').select(['scope', 'steps']).where('program_id', '=', programId).execute()
}

export function findChecklist(db: Db | Tx, programId: string, scope: string) {
  return db.selectFrom('onboarding_checklists').select(['steps', 'updated_at']).where('program_id', '=', programId).where('scope', '=', scope).executeTakeFirst()
}

/** Creates the scope's checklist or replaces its steps. */
export async function saveChecklist(tx: Tx, row: { program_id: string; scope: string; steps: string; updated_at: string }): Promise<void> {
  await tx
    .insertInto('onboarding_checklists')
    .values(row)
    .onConflict((oc) => oc.columns(['program_id', 'scope']).doUpdateSet({ steps: row.steps, updated_at: row.updated_at }))
    .execute()
}

export async function removeChecklist(db: Db | Tx, programId: string, scope: string): Promise<void> {
  await db.deleteFrom('onboarding_checklists').where('program_id', '=', programId).where('scope', '=', scope).execute()
}
