// Missing-commission claims, the program's side (secret key or console token; mounted in app.ts's secretApi).
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { approveClaim, getClaim, listClaims, rejectClaim } from './claims.ts'
import * as s from './schemas.ts'

export const claimRoutes = new Hono<AppEnv>()
  .get('/claims', async (c) => c.json(await listClaims(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listClaims), { partnerId: 'partner' }))))
  .get('/claims/:id', async (c) => c.json(await getClaim(c.var.deps.db, c.var.program, c.req.param('id'))))
  .post('/claims/:id/approve', async (c) => c.json(await approveClaim(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, s.approveClaim), auditContext(c), c.var.deps.now())))
  .post('/claims/:id/reject', async (c) => c.json(await rejectClaim(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.rejectClaim), auditContext(c), c.var.deps.now())))
