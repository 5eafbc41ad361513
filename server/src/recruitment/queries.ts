// Recruitment rows as API shapes, and the reads every recruitment service shares.
import type { Application, ApplicationQuestion, AutoApproveRules, MarketplaceCategory } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ApplicationFormTable, ApplicationTable, MarketplaceListingTable } from '../kernel/db/schema.ts'
import { MANUAL } from './auto-approve.ts'
import { summarizeCommission } from '../ledger/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { defaultRule, toRule } from '../ledger/index.ts'

export type ListingRow = Selectable<MarketplaceListingTable>
export type ApplicationRow = Selectable<ApplicationTable>

export interface FormSettings {
  accepting: boolean
  questions: ApplicationQuestion[]
  autoApprove: AutoApproveRules
}

/** A program that never saved a form: no questions, accepting (once it has a slug), manual review. */
export const DEFAULT_FORM: FormSettings = { accepting: true, questions: [], autoApprove: MANUAL }

export function toFormSettings(row: Selectable<ApplicationFormTable> | undefined): FormSettings {
  if (!row) return DEFAULT_FORM
  return { accepting: Number(row.accepting) === 1, questions: JSON.parse(row.questions), autoApprove: JSON.parse(row.auto_approve) }
}

export async function findFormSettings(db: Db | Tx, programId: string): Promise<FormSettings> {
  return toFormSettings(await db.selectFrom('application_forms').selectAll().where('program_id', '=', programId).executeTakeFirst())
}

// Writes only the columns given, so a form save and a rules save at once do not undo each other.
export async function saveFormColumns(tx: Tx, programId: string, columns: Partial<Pick<ApplicationFormTable, 'accepting' | 'questions' | 'auto_approve'>>, now: Date): Promise<void> {
  const fields = { ...columns, updated_at: now.toISOString() }
  const defaults = { accepting: DEFAULT_FORM.accepting ? 1 : 0, questions: JSON.stringify(DEFAULT_FORM.questions), auto_approve: JSON.stringify(DEFAULT_FORM.autoApprove) }
  await tx
    .insertInto('application_forms')
    .values({ program_id: programId, ...defaults, ...fields })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(fields))
    .execute()
}

export function findListing(db: Db | Tx, programId: string) {
  return db.selectFrom('marketplace_listings').selectAll().where('program_id', '=', programId).executeTakeFirst()
}

/** The program behind a public slug, with its listing. */
export async function findBySlug(db: Db | Tx, slug: string): Promise<{ program: ProgramRow; listing: ListingRow } | undefined> {
  const listing = await db.selectFrom('marketplace_listings').selectAll().where('slug', '=', slug.toLowerCase()).executeTakeFirst()
  if (!listing) return undefined
  const program = await db.selectFrom('programs').selectAll().where('id', '=', listing.program_id).executeTakeFirstOrThrow()
  return { program, listing }
}

/** Each program's commission summary: its override, else derived from its default and active rules. */
export async function commissionSummaries(db: Db | Tx, programs: ReadonlyArray<{ program: ProgramRow; override: string | null }>): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const derive = programs.filter((p) => p.override === null)
  const rules = derive.length
    ? await db.selectFrom('commission_rules').selectAll().where('program_id', 'in', derive.map((p) => p.program.id)).where('archived_at', 'is', null).execute()
    : []
  for (const { program, override } of programs) {
    out.set(
      program.id,
      override ??
        summarizeCommission({
          currency: program.currency,
          defaultRule: defaultRule(program),
          rules: rules.filter((r) => r.program_id === program.id).map(toRule),
        }),
    )
  }
  return out
}

export function toApplication(r: ApplicationRow): Application {
  return {
    id: r.id,
    programId: r.program_id,
    email: r.email,
    name: r.name,
    externalId: r.external_id,
    answers: JSON.parse(r.answers),
    status: r.status,
    rejectionReason: r.rejection_reason,
    partnerId: r.partner_id,
    referredById: r.referred_by_id,
    autoApproved: Number(r.auto_approved) === 1,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  }
}

export const asCategory = (c: string | null) => c as MarketplaceCategory | null
