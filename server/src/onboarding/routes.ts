// Resources and onboarding checklists (secret key or console token; mounted in app.ts's secretApi).
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as o from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { deleteChecklist, getChecklist, putChecklist } from './onboarding.ts'
import { getOnboardingProgress } from './onboarding-events.ts'
import { archiveResource, createResource, getResource, listResources, updateResource } from './resources.ts'

export const onboardingRoutes = new Hono<AppEnv>()
  .post('/resources', async (c) => c.json(await createResource(c.var.deps.db, c.var.program.id, await parseBody(c, o.createResource), auditContext(c)), 201))
  .get('/resources', async (c) => c.json(await listResources(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, o.listResources), { groupId: 'group' }))))
  .get('/resources/:id', async (c) => c.json(await getResource(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .patch('/resources/:id', async (c) =>
    c.json(await updateResource(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, o.updateResource), auditContext(c))),
  )
  .delete('/resources/:id', async (c) => c.json(await archiveResource(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

  .get('/onboarding/checklist', async (c) => c.json(await getChecklist(c.var.deps.db, c.var.program.id, parseQuery(c, o.checklistQuery).groupId)))
  .put('/onboarding/checklist', async (c) => {
    const { groupId } = parseQuery(c, o.checklistQuery)
    return c.json(await putChecklist(c.var.deps.db, c.var.program.id, groupId, await parseBody(c, o.putChecklist), auditContext(c)))
  })
  .delete('/onboarding/checklist', async (c) => c.json(await deleteChecklist(c.var.deps.db, c.var.program.id, parseQuery(c, o.checklistQuery).groupId, auditContext(c))))
  .get('/partners/:id/onboarding', async (c) => c.json(await getOnboardingProgress(c.var.deps.db, c.var.program.id, c.req.param('id'))))
