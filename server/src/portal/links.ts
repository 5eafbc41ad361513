import type { CreatePortalLinkInput, Link, PortalLink, PortalLinkPage } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { MAX_PORTAL_LINKS, partnerDestinationProblem } from './link-rules.ts'
import { badRequest, conflict } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { insertLink, listLinks, toLink } from '../partners/index.ts'
import { countPartnerLinks, linkStats } from './queries.ts'
import type { PortalSession } from './embed-tokens.ts'

function withStats(link: Link, stats: { clicks: number; leads: number; sales: number } | undefined): PortalLink {
  return { ...link, clicks: stats?.clicks ?? 0, leads: stats?.leads ?? 0, sales: stats?.sales ?? 0 }
}

/** The partner's links, newest first, each with lifetime stats and its share URL. */
export async function listPortalLinks(db: Db, session: PortalSession, q: { cursor?: string | undefined; limit: number }): Promise<PortalLinkPage> {
  const { partner, program } = session
  const page = await listLinks(db, program, { ...q, partnerId: partner.id })
  const stats = await linkStats(db, partner.id, page.data.map((l) => l.id))
  return { data: page.data.map((l) => withStats(l, stats.get(l.id))), nextCursor: page.nextCursor }
}

/** A new link of the partner's own, to a page of the program's site (or the site itself). */
export async function createPortalLink(db: Db, session: PortalSession, input: CreatePortalLinkInput, now: Date): Promise<PortalLink> {
  const { partner, program } = session
  const problem = input.destinationUrl === undefined ? null : partnerDestinationProblem(input.destinationUrl, program.site_url)
  if (problem) throw badRequest(`destinationUrl: ${problem}`, 'destinationUrl')
  if ((await countPartnerLinks(db, partner.id)) >= MAX_PORTAL_LINKS) throw conflict(`A partner has at most ${MAX_PORTAL_LINKS} links`)

  const at = now.toISOString()
  const row = {
    id: newId('lnk', now.getTime()),
    program_id: program.id,
    partner_id: partner.id,
    code: input.code ?? randomToken(8),
    destination_url: input.destinationUrl ?? null,
    created_at: at,
  }
  try {
    await insertLink(db, row)
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Link code ${row.code} is taken`, 'code')
    throw err
  }
  return withStats(toLink(row, program.site_url), undefined)
}
