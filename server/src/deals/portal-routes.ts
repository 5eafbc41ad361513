// The partner's deals and challenges (embed token; mounted inside portal.ts's portalRoutes).
// Everything is scoped to the token's partner: another partner's deal is not found.
import { Hono } from 'hono'
import * as d from './schemas.ts'
import { idempotency } from '../kernel/http/idempotency.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { listPortalChallenges, listPortalSubmissions, submitProof, withdrawSubmission } from '../challenges/index.ts'
import { getPortalDeal, listPortalDeals, registerDeal } from './deals.ts'
import type { PortalEnv } from '../portal/index.ts'

export const portalDealRoutes = new Hono<PortalEnv>()
  .get('/deals', async (c) => c.json(await listPortalDeals(c.var.deps.db, c.var.session, parseQuery(c, d.portalDeals))))
  .post('/deals', idempotency, async (c) => c.json(await registerDeal(c.var.deps.db, c.var.session, await parseBody(c, d.registerDeal), c.var.deps.now()), 201))
  .get('/deals/:id', async (c) => c.json(await getPortalDeal(c.var.deps.db, c.var.session, c.req.param('id'))))
  // A read that may write: a met click target is paid here (clicks are never checked on the click's hot path).
  .get('/challenges', async (c) => c.json(await listPortalChallenges(c.var.deps.db, c.var.session, c.var.deps.now())))
  // Proof for a bounty, the partner's own submissions to it, and taking back a pending one.
  .get('/challenges/:id/submissions', async (c) => c.json(await listPortalSubmissions(c.var.deps.db, c.var.session, c.req.param('id'), parseQuery(c, d.portalSubmissions), c.var.deps.now())))
  .post('/challenges/:id/submissions', idempotency, async (c) =>
    c.json(await submitProof(c.var.deps.db, c.var.session, c.req.param('id'), await parseBody(c, d.submitProof), c.var.deps.now()), 201),
  )
  .post('/challenges/:id/submissions/:submissionId/withdraw', async (c) =>
    c.json(await withdrawSubmission(c.var.deps.db, c.var.session, c.req.param('id'), c.req.param('submissionId'), c.var.deps.now())),
  )
