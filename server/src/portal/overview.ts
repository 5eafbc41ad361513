import type { PortalOverview, PortalOverviewQuery } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { buildOverview, periodProblem, resolvePeriod, toPortalTier } from './overview-rules.ts'
import { badRequest } from '../kernel/http/errors.ts'
import { dailyFacts } from './queries.ts'
import type { PartnerScope } from './embed-tokens.ts'
import { partnerTier } from '../ledger/index.ts'

/** The partner's numbers for a period (totals, earnings by status and currency, a series) and its tier now. */
export async function getPortalOverview(db: Db, session: PartnerScope, query: PortalOverviewQuery, now: Date): Promise<PortalOverview> {
  const period = resolvePeriod(query, now)
  const problem = periodProblem(period)
  if (problem) throw badRequest(`${problem.field}: ${problem.message}`, problem.field)
  const [facts, standing] = await Promise.all([
    dailyFacts(db, session.program.id, session.partner.id, period.from, period.to),
    partnerTier(db, session.program, session.partner.id, now),
  ])
  return buildOverview(period, session.program.currency, facts, standing && toPortalTier(standing))
}
