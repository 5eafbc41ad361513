// Marketplace listings: their SQL, and the two shapes a listing takes (the program's own view, the public one).
import type { MarketplaceListing, MarketplaceQuery, PublicListing } from '@afflio/sdk/types'
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import type { MarketplaceListingTable } from '../kernel/db/schema.ts'
import { paginate } from '../kernel/db/page.ts'
import { containsPattern, searchKey } from '../kernel/text-keys.ts'
import type { ProgramRow } from '../programs/index.ts'
import { asCategory, commissionSummaries, type ListingRow, toFormSettings } from './queries.ts'
import { programOffer } from '../rewards/index.ts'

export type ListingFields = Omit<MarketplaceListingTable, 'program_id' | 'created_at' | 'description_key' | 'name_key'>

/**
 * Creates the program's listing or replaces its fields, with the search keys of its description and the
 * program's name; a slug another program holds fails on the unique index.
 */
export async function upsertListing(db: Db, program: { id: string; name: string }, given: ListingFields, at: string): Promise<void> {
  const programId = program.id
  const fields = { ...given, description_key: given.description === null ? null : searchKey(given.description), name_key: searchKey(program.name) }
  await db
    .insertInto('marketplace_listings')
    .values({ program_id: programId, created_at: at, ...fields })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(fields))
    .execute()
}

/**
 * A page of listed programs, newest program first; `q` searches the name and description, ignoring case in
 * all of Unicode (their stored keys, kernel/text-keys.ts).
 */
export function listedPage(db: Db, query: MarketplaceQuery & { limit: number }) {
  let q = db
    .selectFrom('marketplace_listings as l')
    .innerJoin('programs as p', 'p.id', 'l.program_id')
    .selectAll('l')
    .select('l.program_id as id')
    .where('l.listed', '=', 1)
  if (query.category) q = q.where('l.category', '=', query.category)
  if (query.q) {
    const pattern = containsPattern(query.q)
    q = q.where(sql<boolean>`(l.name_key like ${pattern} escape '\\' or l.description_key like ${pattern} escape '\\')`)
  }
  return paginate(q, 'l.program_id', query, (r) => r)
}

/** The program's own view of its listing (defaults when it has none yet). */
export async function toListing(db: Db, program: ProgramRow, row: ListingRow | undefined): Promise<MarketplaceListing> {
  const override = row?.commission_summary ?? null
  const summary = (await commissionSummaries(db, [{ program, override }])).get(program.id)!
  return {
    listed: Number(row?.listed ?? 0) === 1,
    slug: row?.slug ?? null,
    name: program.name,
    description: row?.description ?? null,
    category: asCategory(row?.category ?? null),
    logoUrl: row?.logo_url ?? null,
    websiteUrl: row?.website_url ?? null,
    commissionSummary: summary,
    commissionSummaryOverride: override,
    updatedAt: row?.updated_at ?? null,
  }
}

/** Listings as the public directory shows them, with their program's name, commission and open form. */
export async function toPublicListings(db: Db, rows: ListingRow[]): Promise<PublicListing[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.program_id)
  const [programs, forms] = await Promise.all([
    db.selectFrom('programs').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('application_forms').selectAll().where('program_id', 'in', ids).execute(),
  ])
  const byId = new Map(programs.map((p) => [p.id, p]))
  const summaries = await commissionSummaries(
    db,
    rows.map((r) => ({ program: byId.get(r.program_id)!, override: r.commission_summary })),
  )
  return rows.map((r) => ({
    slug: r.slug,
    name: byId.get(r.program_id)!.name,
    description: r.description,
    category: asCategory(r.category),
    logoUrl: r.logo_url,
    websiteUrl: r.website_url,
    commissionSummary: summaries.get(r.program_id)!,
    referralReward: programOffer(byId.get(r.program_id)!),
    acceptingApplications: toFormSettings(forms.find((f) => f.program_id === r.program_id)).accepting,
  }))
}
