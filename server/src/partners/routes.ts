// The program API (secret key; see app.ts). Routes parse, call one service, answer.
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from '../kernel/http/schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { paginate } from '../kernel/db/page.ts'
import { requireRealSecretKey } from '../kernel/http/auth.ts'
import { toApiKey } from '../programs/api-keys.ts'
import { mintConsoleToken } from '../console/console-tokens.ts'
import { toCommission } from '../ledger/conversions.ts'
import { toLink } from './queries.ts'
import { toProgram } from '../programs/queries.ts'
import { createLink, createPartner, getPartner } from './partners.ts'
import { listPartners } from './list-partners.ts'
import { createSecretKey, revokeKey } from '../programs/programs.ts'
import { createEmbedToken } from '../portal/embed-tokens.ts'
import { recordRefund } from '../ledger/record-refund.ts'
import { recordSale } from '../ledger/record-sale.ts'

export const programRoutes = new Hono<AppEnv>()
  .get('/program', (c) => c.json(toProgram(c.var.program)))

  .use('/keys', requireRealSecretKey)
  .use('/keys/*', requireRealSecretKey)
  .use('/console-tokens', requireRealSecretKey)
  .get('/keys', async (c) => {
    const q = parseQuery(c, s.pageQuery)
    return c.json(await paginate(c.var.deps.db.selectFrom('api_keys').selectAll().where('program_id', '=', c.var.program.id), 'id', q, toApiKey))
  })
  .post('/keys', async (c) => c.json(await createSecretKey(c.var.deps.db, c.var.program.id, c.var.deps.now()), 201))
  .delete('/keys/:id', async (c) => c.json(await revokeKey(c.var.deps.db, c.var.program.id, c.req.param('id'), c.var.deps.now())))

  .post('/partners', async (c) => {
    const input = await parseBody(c, s.createPartner)
    return c.json(await createPartner(c.var.deps.db, c.var.program.id, input, c.var.deps.now()), 201)
  })
  .get('/partners', async (c) => {
    return c.json(await listPartners(c.var.deps.db, c.var.program, parseQuery(c, s.listPartners), c.var.deps.now()))
  })
  .get('/partners/:id', async (c) => c.json(await getPartner(c.var.deps.db, c.var.program.id, c.req.param('id'))))

  .post('/links', async (c) => {
    const input = await parseBody(c, s.createLink)
    return c.json(await createLink(c.var.deps.db, c.var.program.id, input, c.var.deps.now()), 201)
  })
  .get('/links', async (c) => {
    const q = parseQuery(c, s.listLinks)
    let query = c.var.deps.db.selectFrom('links').selectAll().where('program_id', '=', c.var.program.id)
    if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
    return c.json(await paginate(query, 'id', q, toLink))
  })

  .post('/track/sale', async (c) => {
    const input = await parseBody(c, s.trackSale)
    const result = await recordSale(c.var.deps.db, c.var.program, input, c.var.deps.now())
    return c.json(result, result.duplicate ? 200 : 201)
  })
  .post('/track/refund', async (c) => {
    const input = await parseBody(c, s.trackRefund)
    return c.json(await recordRefund(c.var.deps.db, c.var.program.id, input, c.var.deps.now()))
  })

  .post('/console-tokens', async (c) => c.json(await mintConsoleToken(c.var.deps.db, c.var.program.id, await parseBody(c, s.createConsoleToken), c.var.deps.now()), 201))
  .post('/embed-tokens', async (c) => c.json(await createEmbedToken(c.var.deps.db, c.var.program.id, await parseBody(c, s.createEmbedToken), c.var.deps.now()), 201))

  .get('/commissions', async (c) => {
    const q = parseQuery(c, s.listCommissions)
    let query = c.var.deps.db.selectFrom('commissions').selectAll().where('program_id', '=', c.var.program.id)
    if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
    if (q.status) query = query.where('status', '=', q.status)
    return c.json(await paginate(query, 'id', q, toCommission))
  })
