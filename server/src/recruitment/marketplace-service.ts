// The marketplace: a program's listing (its own view, secret key) and the public directory.
import type { MarketplaceListing, MarketplaceQuery, Page, PublicListing, UpdateMarketplaceListingInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { findBySlug, findListing } from './queries.ts'
import { listedPage, toListing, toPublicListings, upsertListing } from './marketplace-queries.ts'

export async function getListing(db: Db, program: ProgramRow): Promise<MarketplaceListing> {
  return toListing(db, program, await findListing(db, program.id))
}

/** Replaces the listing (created on first save), audited on the program. A slug another program holds is a 409. */
export async function updateListing(db: Db, program: ProgramRow, input: UpdateMarketplaceListingInput, audit: AuditContext): Promise<MarketplaceListing> {
  const at = audit.at.toISOString()
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
  // What the public sees of the program, as the audit log keeps it.
  const shown = (l: (Omit<typeof fields, 'updated_at' | 'category'> & { category: string | null }) | undefined) =>
    l && { slug: l.slug, listed: Number(l.listed) === 1, description: l.description, category: l.category, logoUrl: l.logo_url, websiteUrl: l.website_url, commissionSummary: l.commission_summary }
  try {
    await db.transaction().execute(async (tx) => {
      const before = await findListing(tx, program.id)
      await upsertListing(tx, program, fields, at)
      await recordAudit(tx, program.id, audit, { action: 'marketplace_listing.changed', subject: { type: 'program', id: program.id }, before: shown(before) ?? null, after: shown(fields)! })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`The slug ${input.slug} is taken`, 'slug')
    throw err
  }
  return getListing(db, program)
}

/** Listed programs, newest program first; `q` searches the name and description, ignoring case (any letter's). */
export async function listMarketplace(db: Db, query: MarketplaceQuery & { limit: number }): Promise<Page<PublicListing>> {
  const page = await listedPage(db, query)
  return { data: await toPublicListings(db, page.data), nextCursor: page.nextCursor }
}

/** A listed program by its slug; unlisted and unknown slugs are both 404. */
export async function getPublicListing(db: Db, slug: string): Promise<PublicListing> {
  const found = await findBySlug(db, slug)
  if (!found || Number(found.listing.listed) !== 1) throw notFound('Listing')
  return (await toPublicListings(db, [found.listing]))[0]!
}
