// The partner's portal figures as the program sees them (secret key or console token; mounted in app.ts's
// secretApi()): the same overview and payouts the partner's own portal answers, for the console's partner page.
import { type Context, Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { notFound } from '../kernel/http/errors.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import { findPartner } from '../partners/index.ts'
import { getPortalOverview } from './overview.ts'
import { getPayoutHistory, getPortalPayouts } from './payouts.ts'
import * as s from './schemas.ts'

async function scope(c: Context<AppEnv>) {
  const partner = await findPartner(c.var.deps.db, c.var.program.id, c.req.param('id') ?? '')
  if (!partner) throw notFound('Partner')
  return { program: c.var.program, partner }
}

export const partnerViewRoutes = new Hono<AppEnv>()
  .get('/partners/:id/overview', async (c) => c.json(await getPortalOverview(c.var.deps.db, await scope(c), parseQuery(c, s.portalOverview), c.var.deps.now())))
  .get('/partners/:id/payouts', async (c) => c.json(await getPortalPayouts(c.var.deps.db, await scope(c), c.var.deps.now())))
  .get('/partners/:id/payouts/history', async (c) => c.json(await getPayoutHistory(c.var.deps.db, await scope(c), parseQuery(c, s.payoutHistory))))
