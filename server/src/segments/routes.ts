// Segments and bulk actions over partners (secret key; see app.ts). Routes parse, call one service, answer.
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { bulkPartners } from '../partners/index.ts'
import { createSegment, deleteSegment, getSegment, listSegmentPartners, listSegments, previewSegment, updateSegment } from './segments.ts'

export const segmentRoutes = new Hono<AppEnv>()
  .post('/segments', async (c) => c.json(await createSegment(c.var.deps.db, c.var.program.id, await parseBody(c, s.createSegment), auditContext(c)), 201))
  .get('/segments', async (c) => c.json(await listSegments(c.var.deps.db, c.var.program.id, parseQuery(c, s.listSegments), c.var.deps.now())))
  .post('/segments/preview', async (c) => c.json(await previewSegment(c.var.deps.db, c.var.program.id, (await parseBody(c, s.previewSegment)).definition, c.var.deps.now())))
  .get('/segments/:id', async (c) => c.json(await getSegment(c.var.deps.db, c.var.program.id, c.req.param('id'), c.var.deps.now())))
  .patch('/segments/:id', async (c) =>
    c.json(await updateSegment(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.updateSegment), auditContext(c))),
  )
  .delete('/segments/:id', async (c) => c.json(await deleteSegment(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))
  .get('/segments/:id/partners', async (c) =>
    c.json(await listSegmentPartners(c.var.deps.db, c.var.program.id, c.req.param('id'), parseQuery(c, s.listSegmentPartners), c.var.deps.now())),
  )
  .post('/partners/bulk', async (c) => c.json(await bulkPartners(c.var.deps.db, c.var.program, await parseBody(c, s.bulkPartners), auditContext(c))))
