// The marketplace: a program's listing (its own view, secret key) and the public directory.
import type { MarketplaceListing, MarketplaceQuery, Page, PublicListing, UpdateMarketplaceListingInput } from '@afflio/sdk/types'
import { sql } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { likePattern } from './marketplace.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { paginate } from '../kernel/db/page.ts'
import type { ProgramRow } from '../programs/index.ts'
import { asCategory, commissionSummaries, findBySlug, findListing, type ListingRow, toFormSettings } from './queries.ts'

export async function getListing(db: Db, program: ProgramRow): Promise<MarketplaceListing> {
  return toListing(db, program, await findListing(db, program.id))
}

/** Replaces the listing (created on first save). A slug another program holds is a 409. */
export async function updateListing(db: Db, program: ProgramRow, input: UpdateMarketplaceListingInput, now: Date): Promise<MarketplaceListing> {
  const at = now.toISOString()
  const fields = {
    slug: input.slug,
    listed: input.listed ? 1 : 0,
    description: input.description ?? null,
    category: input.category ?? null,
    logo_url: input.logoUrl ?? null,
    website_url: input.websiteUrl ?? null,
    commission_summary: input.commissionSummary ?? null,
    updated_at: at,
  }
  try {
    await db
      .insertInto('marketplace_listings')
      .values({ program_id: program.id, created_at: at, ...fields })
      .onConflict((oc) => oc.column('program_id').doUpdateSet(fields))
      .execute()
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`The slug ${input.slug} is taken`, 'slug')
    throw err
  }
  return getListing(db, program)
}

async function toListing(db: Db, program: ProgramRow, row: ListingRow | undefined): Promise<MarketplaceListing> {
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

/**
 * Listed programs, newest program first; `q` searches the name and description, ignoring case
 * (ASCII case only on SQLite, whose lower() folds nothing else).
 */
export async function listMarketplace(db: Db, query: MarketplaceQuery & { limit: number }): Promise<Page<PublicListing>> {
  let q = db
    .selectFrom('marketplace_listings as l')
    .innerJoin('programs as p', 'p.id', 'l.program_id')
    .selectAll('l')
    .select('l.program_id as id')
    .where('l.listed', '=', 1)
  if (query.category) q = q.where('l.category', '=', query.category)
  if (query.q) {
    const pattern = likePattern(query.q)
    q = q.where(sql<boolean>`(lower(p.name) like ${pattern} escape '\\' or lower(coalesce(l.description, '')) like ${pattern} escape '\\')`)
  }
  const page = await paginate(q, 'l.program_id', query, (r) => r)
  return { data: await toPublic(db, page.data), nextCursor: page.nextCursor }
}

/** A listed program by its slug; unlisted and unknown slugs are both 404. */
export async function getPublicListing(db: Db, slug: string): Promise<PublicListing> {
  const found = await findBySlug(db, slug)
  if (!found || Number(found.listing.listed) !== 1) throw notFound('Listing')
  return (await toPublic(db, [found.listing]))[0]!
}

async function toPublic(db: Db, rows: ListingRow[]): Promise<PublicListing[]> {
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
    acceptingApplications: toFormSettings(forms.find((f) => f.program_id === r.program_id)).accepting,
  }))
}
