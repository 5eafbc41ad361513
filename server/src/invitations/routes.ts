// Importing partners and their invitations (secret key or console token; accepting one takes the secret
// key itself: it binds the host's user, a server's job). Routes parse, call one service, answer.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { requireRealSecretKey } from '../programs/index.ts'
import { importPartners } from './import-partners.ts'
import { acceptInvitation, listInvitations, resendInvitation } from './invitations.ts'
import * as s from './schemas.ts'

export const invitationRoutes = new Hono<AppEnv>()
  .post('/partners/import', async (c) => c.json(await importPartners(c.var.deps.db, c.var.program, await parseBody(c, s.importPartners), auditContext(c))))
  .post('/partners/:id/invitation', async (c) =>
    c.json(await resendInvitation(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, s.resendInvitation), auditContext(c)), 201),
  )
  .get('/invitations', async (c) => c.json(await listInvitations(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listInvitations), { partnerId: 'partner' }), c.var.deps.now())))
  .post('/invitations/accept', requireRealSecretKey, async (c) => c.json(await acceptInvitation(c.var.deps.db, c.var.program.id, await parseBody(c, s.acceptInvitation), auditContext(c))))
