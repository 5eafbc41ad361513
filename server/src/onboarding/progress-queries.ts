// Onboarding progress: the steps a partner has done, what its checklist is evaluated against (the terms'
// current versions; its first click is stats'), and the partner's status that completing it changes.
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { OnboardingProgressTable, PartnerTable } from '../kernel/db/schema.ts'

export type ProgressRow = Selectable<OnboardingProgressTable>

// Prepared (kernel/db/prepared.ts): every credited sale's reaction records `first_sale` and reads the partner.
const stepDone = prepare<ProgressRow, never>((db, arg) =>
  db
    .insertInto('onboarding_progress')
    .values({ program_id: arg('program_id'), partner_id: arg('partner_id'), step_key: arg('step_key'), version: null, completed_at: arg('completed_at') })
    .onConflict((oc) => oc.columns(['partner_id', 'step_key']).doNothing()),
)
const standing = prepare<{ program_id: string; id: string }, Pick<PartnerTable, 'id' | 'status' | 'group_id'>>((db, arg) =>
  db.selectFrom('partners').select(['id', 'status', 'group_id']).where('program_id', '=', arg('program_id')).where('id', '=', arg('id')),
)

/** Records a step done; a repeat records nothing, except a terms acceptance at a higher version. */
export async function recordProgress(db: Db | Tx, row: ProgressRow): Promise<void> {
  const { version } = row
  if (version === null) return void (await stepDone.execute(db, row))
  await db
    .insertInto('onboarding_progress')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['partner_id', 'step_key']).doUpdateSet({ version, completed_at: row.completed_at }).where('onboarding_progress.version', '<', version),
    )
    .execute()
}

/** Every step the partner has done. */
export function partnerProgress(db: Db | Tx, programId: string, partnerId: string) {
  return db.selectFrom('onboarding_progress').select(['step_key', 'version', 'completed_at']).where('program_id', '=', programId).where('partner_id', '=', partnerId).execute()
}

/** The partner's steps done among `keys`. */
export function partnerProgressOf(db: Db | Tx, programId: string, partnerId: string, keys: string[]) {
  return db
    .selectFrom('onboarding_progress')
    .select(['step_key', 'version', 'completed_at'])
    .where('program_id', '=', programId)
    .where('partner_id', '=', partnerId)
    .where('step_key', 'in', keys)
    .execute()
}

/** The current version of each live terms document among `ids`. */
export function termsVersions(db: Db | Tx, programId: string, ids: string[]) {
  return db.selectFrom('resources').select(['id', 'version']).where('program_id', '=', programId).where('id', 'in', ids).where('archived_at', 'is', null).execute()
}

/** What onboarding needs to know of a partner: its status and group. */
export async function findPartnerStanding(db: Db | Tx, programId: string, partnerId: string) {
  return (await standing.execute(db, { program_id: programId, id: partnerId })).rows[0]
}

/** `approved` -> `active`, only from `approved`: safe to repeat and to race. The partner when it changed. */
export function activatePartner(db: Db | Tx, programId: string, partnerId: string): Promise<Selectable<PartnerTable> | undefined> {
  return db
    .updateTable('partners')
    .set({ status: 'active' })
    .where('program_id', '=', programId)
    .where('id', '=', partnerId)
    .where('status', '=', 'approved')
    .returningAll()
    .executeTakeFirst()
}
