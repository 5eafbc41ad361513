// Partners and their links (secret key; mounted in app.ts's secretApi()). Routes parse, call one service, answer.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { listPartners } from './list-partners.ts'
import { createLink, createPartner, getPartner } from './partners.ts'
import { listLinks } from './queries.ts'
import { getLinkStats, statsSchemas } from '../stats/index.ts'
import { addPartnerNote, deletePartnerNote, listPartnerNotes } from './notes.ts'

export const partnerRoutes = new Hono<AppEnv>()
  .post('/partners', async (c) => c.json(await createPartner(c.var.deps.db, c.var.program, await parseBody(c, s.createPartner), auditContext(c)), 201))
  .get('/partners', async (c) => {
    const query = parseQuery(c, s.listPartners)
    // `groupId=none`: the partners in no group
    await checkReferences(c.var.deps.db, c.var.program.id, { groupId: query.groupId === 'none' ? undefined : query.groupId }, { groupId: 'group' })
    return c.json(await listPartners(c.var.deps.db, c.var.program, query, c.var.deps.now()))
  })
  .get('/partners/:id', async (c) => c.json(await getPartner(c.var.deps.db, c.var.program, c.req.param('id'))))
  .get('/partners/:id/notes', async (c) => c.json(await listPartnerNotes(c.var.deps.db, c.var.program.id, c.req.param('id'), parseQuery(c, s.listPartnerNotes))))
  .post('/partners/:id/notes', async (c) =>
    c.json(await addPartnerNote(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.createPartnerNote), auditContext(c)), 201),
  )
  .delete('/partners/:id/notes/:noteId', async (c) =>
    c.json(await deletePartnerNote(c.var.deps.db, c.var.program.id, c.req.param('id'), c.req.param('noteId'), auditContext(c))),
  )

  .post('/links', async (c) => c.json(await createLink(c.var.deps.db, c.var.program, await parseBody(c, s.createLink), auditContext(c)), 201))
  .get('/links', async (c) => c.json(await listLinks(c.var.deps.db, c.var.program, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listLinks), { partnerId: 'partner' }))))
  .get('/links/:id/stats', async (c) => c.json(await getLinkStats(c.var.deps.db, c.var.program, c.req.param('id'), parseQuery(c, statsSchemas.linkStats), c.var.deps.now())))
