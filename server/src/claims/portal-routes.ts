// The partner's missing-commission claims (embed token; mounted inside portal/routes.ts). Scoped to the
// token's partner: another partner's claim is not found.
import { Hono } from 'hono'
import { idempotency } from '../kernel/http/idempotency.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import type { PortalEnv } from '../portal/index.ts'
import { fileClaim, getPortalClaim, listPortalClaims } from './claims.ts'
import * as s from './schemas.ts'

export const portalClaimRoutes = new Hono<PortalEnv>()
  .get('/claims', async (c) => c.json(await listPortalClaims(c.var.deps.db, c.var.session, parseQuery(c, s.portalClaims))))
  .post('/claims', idempotency, async (c) => c.json(await fileClaim(c.var.deps.db, c.var.session, await parseBody(c, s.fileClaim), c.var.deps.now()), 201))
  .get('/claims/:id', async (c) => c.json(await getPortalClaim(c.var.deps.db, c.var.session, c.req.param('id'))))
