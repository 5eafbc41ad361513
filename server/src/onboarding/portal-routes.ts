// The partner's onboarding checklist and resources (embed token; mounted inside portal.ts's portalRoutes).
import { Hono } from 'hono'
import * as o from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { acceptTerms, completeCustomStep, getPortalOnboarding } from './onboarding.ts'
import { listPortalResources, openPortalResource } from './resources.ts'
import type { PortalEnv } from '../portal/index.ts'

export const portalOnboardingRoutes = new Hono<PortalEnv>()
  .get('/onboarding', async (c) => c.json(await getPortalOnboarding(c.var.deps.db, c.var.session)))
  .post('/onboarding/steps/:stepId/complete', async (c) => c.json(await completeCustomStep(c.var.deps.db, c.var.session, c.req.param('stepId'), c.var.deps.now())))
  .post('/onboarding/accept-terms', async (c) => c.json(await acceptTerms(c.var.deps.db, c.var.session, await parseBody(c, o.acceptTerms), c.var.deps.now())))
  .get('/resources', async (c) => c.json(await listPortalResources(c.var.deps.db, c.var.session, parseQuery(c, o.portalResources))))
  // A GET that writes: opening a resource is what marks it read (a read_resource step).
  .get('/resources/:id', async (c) => c.json(await openPortalResource(c.var.deps.db, c.var.session, c.req.param('id'), c.var.deps.now())))
