// Recruitment for the program (secret key or console token; see app.ts): the marketplace listing,
// the application form and its auto-approve rules, and the review queue.
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as r from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { getApplicationForm, getAutoApprove, updateApplicationForm, updateAutoApprove } from './application-form-service.ts'
import { approveApplication, createApplication, getApplication, listApplications, rejectApplication } from './applications.ts'
import { getListing, updateListing } from './marketplace-service.ts'

export const recruitmentRoutes = new Hono<AppEnv>()
  .get('/marketplace-listing', async (c) => c.json(await getListing(c.var.deps.db, c.var.program)))
  .put('/marketplace-listing', async (c) => c.json(await updateListing(c.var.deps.db, c.var.program, await parseBody(c, r.updateMarketplaceListing), auditContext(c))))

  .get('/application-form', async (c) => c.json(await getApplicationForm(c.var.deps.db, c.var.program.id)))
  .put('/application-form', async (c) => c.json(await updateApplicationForm(c.var.deps.db, c.var.program.id, await parseBody(c, r.updateApplicationForm), auditContext(c))))
  .get('/application-form/auto-approve', async (c) => c.json(await getAutoApprove(c.var.deps.db, c.var.program.id)))
  .put('/application-form/auto-approve', async (c) => c.json(await updateAutoApprove(c.var.deps.db, c.var.program.id, await parseBody(c, r.updateAutoApprove), auditContext(c))))

  .get('/applications', async (c) => c.json(await listApplications(c.var.deps.db, c.var.program.id, parseQuery(c, r.listApplications))))
  // The host on its signed-in user's behalf: may name the user (externalId); the form need not be open.
  .post('/applications', async (c) => c.json(await createApplication(c.var.deps.db, c.var.program, await parseBody(c, r.createApplication), c.var.deps.now()), 201))
  .get('/applications/:id', async (c) => c.json(await getApplication(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .post('/applications/:id/approve', async (c) =>
    c.json(await approveApplication(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, r.approveApplication), auditContext(c))),
  )
  .post('/applications/:id/reject', async (c) =>
    c.json(await rejectApplication(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, r.rejectApplication), auditContext(c))),
  )
