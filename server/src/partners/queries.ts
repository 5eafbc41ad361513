// Partners and their links: the rows, their API shapes, and every statement on them.
import type { Link, ListLinksQuery, Page, Partner, PartnerSocial } from '@afflio/sdk/types'
import type { Insertable, Selectable, SelectQueryBuilder, Updateable } from 'kysely'
import { codeKey } from '../kernel/codes.ts'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { type PageQuery, paginate } from '../kernel/db/page.ts'
import type { Database, LinkTable, PartnerTable, ProgramTable } from '../kernel/db/schema.ts'
import { type NameKey, nameKeys } from '../kernel/text-keys.ts'
import { shareUrl } from './share-url.ts'

export type PartnerRow = Selectable<PartnerTable>
/** The program of a link, as its API shape needs it: the site URL is the share URL's base (a link without a destination). */
export type LinkProgram = Pick<Selectable<ProgramTable>, 'id' | 'site_url'>
/** A new link: its key is insertLink's to add, from its code. */
export type NewLink = Omit<Insertable<LinkTable>, 'code_key'>

const CHUNK = 500 // well under SQLite's bound-parameter limit

export function toPartner(r: Omit<PartnerRow, NameKey>): Partner {
  return {
    id: r.id,
    programId: r.program_id,
    email: r.email,
    name: r.name,
    externalId: r.external_id,
    status: r.status,
    country: r.country,
    groupId: r.group_id,
    referredById: r.referred_by_id,
    pinnedTier: r.tier_override,
    website: r.website,
    social: r.social === null ? {} : (JSON.parse(r.social) as PartnerSocial),
    createdAt: r.created_at,
  }
}

/** A link as the API shows it, to the program and to its partner alike, with the URL to share. */
export function toLink(r: Omit<Selectable<LinkTable>, 'code_key'>, siteUrl: string | null): Link {
  return { id: r.id, partnerId: r.partner_id, code: r.code, destinationUrl: r.destination_url, url: shareUrl(r.destination_url, siteUrl, r.code), createdAt: r.created_at }
}

/** The program's links, of one partner or all, a cursor page. */
export function listLinks(db: Db, program: LinkProgram, q: ListLinksQuery & { limit: number }): Promise<Page<Link>> {
  return paginate(
    db.selectFrom('links').selectAll().where('program_id', '=', program.id).$if(!!q.partnerId, (b) => b.where('partner_id', '=', q.partnerId!)),
    'id',
    q,
    (r) => toLink(r, program.site_url),
  )
}

/** One link of the program, as the API shows it; undefined for another program's or none. */
export async function findLink(db: Db, program: LinkProgram, linkId: string): Promise<Link | undefined> {
  const row = await db.selectFrom('links').selectAll().where('program_id', '=', program.id).where('id', '=', linkId).executeTakeFirst()
  return row && toLink(row, program.site_url)
}

/** A page of the partners a filter on `partners` selects (a segment's query), newest first. */
export function partnersPageOf(query: SelectQueryBuilder<Database, 'partners', object>, page: PageQuery): Promise<Page<Partner>> {
  return paginate(query.selectAll('partners'), 'partners.id', page, toPartner)
}

export function findPartner(db: Db | Tx, programId: string, partnerId: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}

/** The program's partners with these ids (at most a statement's worth: chunk a longer list). */
export function partnersByIds(db: Db | Tx, programId: string, ids: readonly string[]): Promise<PartnerRow[]> {
  return db.selectFrom('partners').selectAll().where('program_id', '=', programId).where('id', 'in', ids).execute()
}

export function findPartnerId(db: Db | Tx, programId: string, partnerId: string) {
  return db.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', '=', partnerId).executeTakeFirst()
}

/** The program's partners with these emails (lower case): email to id. */
export async function partnersByEmail(db: Db | Tx, programId: string, emails: readonly string[]): Promise<Map<string, string>> {
  const rows = await inChunks(emails, (chunk) => db.selectFrom('partners').select(['id', 'email']).where('program_id', '=', programId).where('email', 'in', chunk).execute())
  return new Map(rows.map((r) => [r.email, r.id]))
}

/** Which of these link codes the program's links hold already, in any case. */
export async function takenLinkCodes(db: Db | Tx, programId: string, codes: readonly string[]): Promise<Set<string>> {
  const keys = codes.map(codeKey)
  const rows = await inChunks(keys, (chunk) => db.selectFrom('links').select('code_key').where('program_id', '=', programId).where('code_key', 'in', chunk).execute())
  const taken = new Set(rows.map((r) => r.code_key))
  return new Set(codes.filter((_, i) => taken.has(keys[i]!)))
}

/** Which of these external ids the program's partners hold already. */
export async function takenExternalIds(db: Db | Tx, programId: string, ids: readonly string[]): Promise<Set<string>> {
  const rows = await inChunks(ids, (chunk) => db.selectFrom('partners').select('external_id').where('program_id', '=', programId).where('external_id', 'in', chunk).execute())
  return new Set(rows.map((r) => r.external_id!))
}

export function partnerIdByEmail(db: Db, programId: string, email: string) {
  return db.selectFrom('partners').select('id').where('program_id', '=', programId).where('email', '=', email).executeTakeFirst()
}

export function partnerIdByExternalId(db: Db | Tx, programId: string, externalId: string) {
  return db.selectFrom('partners').select('id').where('program_id', '=', programId).where('external_id', '=', externalId).executeTakeFirst()
}

/** Rows for a long list of values, read in chunks (SQLite bounds the parameters of a statement). */
async function inChunks<T, R>(values: readonly T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await read(values.slice(i, i + CHUNK))))
  return out
}

/** Which of these ids are the program's partners. */
export async function existingPartnerIds(db: Db | Tx, programId: string, ids: readonly string[]): Promise<Set<string>> {
  const rows = await inChunks(ids, (chunk) => db.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', 'in', chunk).execute())
  return new Set(rows.map((r) => r.id))
}

export function linksOfPartner(db: Db, partnerId: string) {
  return db.selectFrom('links').selectAll().where('partner_id', '=', partnerId).orderBy('id').execute()
}

export function findGroupId(tx: Tx, programId: string, groupId: string) {
  return tx.selectFrom('partner_groups').select('id').where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst()
}

export async function insertPartner(tx: Tx, row: Omit<Insertable<PartnerTable>, NameKey>): Promise<void> {
  await tx.insertInto('partners').values({ ...row, ...nameKeys(row.name ?? null) }).execute()
}

/** Inserts a link with its code's key: a code another link of the program has in any case is a unique violation. */
export async function insertLink(db: Db | Tx, row: NewLink): Promise<void> {
  await db.insertInto('links').values({ ...row, code_key: codeKey(row.code) }).execute()
}

/** Sets a column on the listed partners whose value differs, in chunks; each partner changed, with its value before. */
export async function setWhereDifferent(
  tx: Tx,
  programId: string,
  ids: string[],
  set: Updateable<PartnerTable>,
  column: 'group_id' | 'status' | 'tier_override',
  value: string | null,
): Promise<Array<{ id: string; before: string | null }>> {
  const changed: Array<{ id: string; before: string | null }> = []
  const sorted = [...ids].sort() // locked in one order, whoever else locks some of them
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK)
    // Read under the transaction that writes: the rows about to change and what they held, locked (Postgres)
    // so that of two bulk actions at once the second reads what the first wrote: each change is reported once.
    const rows: Array<{ id: string; before: string | null }> = await (tx.selectFrom('partners').select(['id', `${column} as before`]) as any)
      .where('program_id', '=', programId)
      .where('id', 'in', chunk)
      .where((eb: any) => (value === null ? eb(column, 'is not', null) : eb.or([eb(column, 'is', null), eb(column, '!=', value)])))
      .orderBy('id')
      .$if(isPostgres(tx), (q: any) => q.forNoKeyUpdate())
      .execute()
    if (!rows.length) continue
    await tx.updateTable('partners').set(set).where('program_id', '=', programId).where('id', 'in', rows.map((r) => r.id)).execute()
    changed.push(...rows)
  }
  return changed
}

export async function setProfileColumns(tx: Tx, partnerId: string, set: Pick<Updateable<PartnerTable>, 'name' | 'website' | 'social'>): Promise<void> {
  await tx.updateTable('partners').set({ ...set, ...(set.name !== undefined && nameKeys(set.name)) }).where('id', '=', partnerId).execute()
}

/** Binds a partner to the host's user (an accepted invitation). */
export async function setPartnerExternalId(tx: Tx, partnerId: string, externalId: string): Promise<void> {
  await tx.updateTable('partners').set({ external_id: externalId }).where('id', '=', partnerId).execute()
}
