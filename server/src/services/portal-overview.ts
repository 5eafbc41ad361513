import type { PortalOverview, PortalOverviewQuery } from '@afflio/sdk/types'
import type { Db } from '../db/connect.ts'
import { buildOverview, periodProblem, resolvePeriod } from '../domain/portal-overview.ts'
import { badRequest } from '../http/errors.ts'
import { dailyFacts } from '../repos/portal-stats.ts'
import type { PortalSession } from './embed-tokens.ts'

/** The partner's numbers for a period: totals, earnings by status and currency, and a series. */
export async function getPortalOverview(db: Db, session: PortalSession, query: PortalOverviewQuery, now: Date): Promise<PortalOverview> {
  const period = resolvePeriod(query, now)
  const problem = periodProblem(period)
  if (problem) throw badRequest(`${problem.field}: ${problem.message}`, problem.field)
  const facts = await dailyFacts(db, session.partner.id, period.from, period.to)
  return buildOverview(period, session.program.currency, facts)
}
