// Applications' SQL: the rows, their claims by a decision, and what approval reads of partners and groups.
import type { Application, ListApplicationsQuery, Page, PartnerWithLink } from '@afflio/sdk/types'
import { codeKey } from '../kernel/codes.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { type LinkProgram, toLink, toPartner } from '../partners/index.ts'
import { type ApplicationRow, toApplication } from './queries.ts'

export async function insertApplication(tx: Tx, row: ApplicationRow): Promise<void> {
  await tx.insertInto('applications').values(row).execute()
}

export function findApplicationRow(db: Db | Tx, programId: string, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/** The address's application waiting for review, if any. */
export function findPendingApplication(db: Db | Tx, programId: string, email: string) {
  return db.selectFrom('applications').select('id').where('program_id', '=', programId).where('email', '=', email).where('status', '=', 'pending').executeTakeFirst()
}

export function applicationsPage(db: Db, programId: string, query: ListApplicationsQuery & { limit: number }): Promise<Page<Application>> {
  let q = db.selectFrom('applications').selectAll().where('program_id', '=', programId)
  if (query.status) q = q.where('status', '=', query.status)
  return paginate(q, 'id', query, toApplication)
}

export type ApplicationDecision =
  | { status: 'approved'; decided_at: string; auto_approved: number }
  | { status: 'rejected'; rejection_reason: string; decided_at: string }

/** Decides the application if it is still pending; false when someone decided it first. */
export async function claimPendingApplication(tx: Tx, id: string, decision: ApplicationDecision): Promise<boolean> {
  const claimed = await tx.updateTable('applications').set(decision).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst()
  return Number(claimed.numUpdatedRows) === 1
}

export async function setApplicationPartner(tx: Tx, id: string, partnerId: string): Promise<void> {
  await tx.updateTable('applications').set({ partner_id: partnerId }).where('id', '=', id).execute()
}

export function findPartnerIdByEmail(tx: Db | Tx, programId: string, email: string) {
  return tx.selectFrom('partners').select('id').where('program_id', '=', programId).where('email', '=', email).executeTakeFirst()
}

export function findPartnerIdByExternalId(tx: Db | Tx, programId: string, externalId: string) {
  return tx.selectFrom('partners').select('id').where('program_id', '=', programId).where('external_id', '=', externalId).executeTakeFirst()
}

export function findGroup(tx: Tx, programId: string, groupId: string) {
  return tx.selectFrom('partner_groups').select('id').where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst()
}

/** The partner an application made, with its links: what approving it again answers. */
export async function partnerWithLinks(tx: Tx, program: LinkProgram, partnerId: string): Promise<PartnerWithLink> {
  const partner = await tx.selectFrom('partners').selectAll().where('program_id', '=', program.id).where('id', '=', partnerId).executeTakeFirstOrThrow()
  const links = await tx.selectFrom('links').selectAll().where('partner_id', '=', partnerId).orderBy('id').execute()
  return { ...toPartner(partner), links: links.map((l) => toLink(l, program.site_url)) }
}

/** The partner behind a recruiting link's code (any case): one of the program's links, of a partner not suspended. */
export async function recruiterByCode(tx: Tx, programId: string, code: string): Promise<string | null> {
  const row = await tx
    .selectFrom('links')
    .innerJoin('partners', 'partners.id', 'links.partner_id')
    .select('partners.id')
    .where('links.program_id', '=', programId)
    .where('links.code_key', '=', codeKey(code))
    .where('partners.status', '!=', 'suspended')
    .executeTakeFirst()
  return row?.id ?? null
}

/** The code of the partner's first link: the one its recruiting link names. */
export async function firstLinkCode(db: Db, partnerId: string): Promise<string | null> {
  const row = await db.selectFrom('links').select('code').where('partner_id', '=', partnerId).orderBy('id').limit(1).executeTakeFirst()
  return row?.code ?? null
}
