// A link's stats over a period: its daily series and its breakdowns by sub-id and referrer domain, read
// from the rollups (earnings from the ledger's), never from raw clicks or every commission.
import type { LinkStats, LinkStatsQuery } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { badRequest, notFound } from '../kernel/http/errors.ts'
import { earnedByDay } from '../ledger/index.ts'
import { buildLinkStats, linkPeriod, linkPeriodProblem } from './link-stats-rules.ts'
import { findLinkOf, linkBreakdown, partnerCountsByDay, partnerSalesByDay } from './rollup-queries.ts'

const num = <T extends { clicks: number; leads: number; sales: number }>(r: T) => ({ ...r, clicks: Number(r.clicks), leads: Number(r.leads), sales: Number(r.sales) })

/** The stats of a link of the program (of `partnerId` only, when given: the portal's); 404 for any other. */
export async function getLinkStats(db: Db, program: { id: string; currency: string }, linkId: string, query: LinkStatsQuery, now: Date, partnerId?: string): Promise<LinkStats> {
  const period = linkPeriod(query, now)
  const problem = linkPeriodProblem(period)
  if (problem) throw badRequest(`${problem.field}: ${problem.message}`, problem.field)
  const link = await findLinkOf(db, program.id, linkId)
  if (!link || (partnerId !== undefined && link.partner_id !== partnerId)) throw notFound(`Link ${linkId}`)
  const { since, until } = period
  const [counts, sales, earned, subIds, referrers] = await Promise.all([
    partnerCountsByDay(db, link.partner_id, since, until, link.id),
    partnerSalesByDay(db, link.partner_id, since, until, link.id),
    earnedByDay(db, link.partner_id, since, until, link.id),
    linkBreakdown(db, link.partner_id, link.id, 'sub_id', since, until),
    linkBreakdown(db, link.partner_id, link.id, 'ref_domain', since, until),
  ])
  return buildLinkStats(link.id, period, program.currency, {
    counts: counts.map(num),
    sales: sales.map((r) => ({ day: r.day, currency: r.currency, amountMinor: Number(r.amountMinor) })),
    earned,
    subIds: subIds.map(num),
    referrers: referrers.map(num),
  })
}
