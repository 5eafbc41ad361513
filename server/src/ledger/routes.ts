// Rules, groups, partner placement, program settings and commission holds (secret key; see app.ts).
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from '../kernel/http/schemas.ts'
import { parseBody } from '../kernel/http/validate.ts'
import { toCommissionRule } from './rule-queries.ts'
import { actOnCommission, archiveRule, createGroup, createRule, toSettings, updatePartner, updateSettings } from './ledger-admin.ts'
import { partnerTier } from './partner-tier.ts'

export const ledgerRoutes = new Hono<AppEnv>()
  .get('/program/settings', (c) => c.json(toSettings(c.var.program)))
  .patch('/program/settings', async (c) => c.json(await updateSettings(c.var.deps.db, c.var.program.id, await parseBody(c, s.updateSettings))))

  .get('/rules', async (c) => {
    const rows = await c.var.deps.db.selectFrom('commission_rules').selectAll().where('program_id', '=', c.var.program.id).where('archived_at', 'is', null).orderBy('id').execute()
    return c.json({ data: rows.map(toCommissionRule), nextCursor: null })
  })
  .post('/rules', async (c) => c.json(await createRule(c.var.deps.db, c.var.program.id, await parseBody(c, s.createRule), c.var.deps.now()), 201))
  .delete('/rules/:id', async (c) => c.json(await archiveRule(c.var.deps.db, c.var.program.id, c.req.param('id'), c.var.deps.now())))

  .get('/groups', async (c) => {
    const rows = await c.var.deps.db.selectFrom('partner_groups').selectAll().where('program_id', '=', c.var.program.id).orderBy('name').execute()
    return c.json({ data: rows.map((g) => ({ id: g.id, name: g.name, createdAt: g.created_at })), nextCursor: null })
  })
  .post('/groups', async (c) => c.json(await createGroup(c.var.deps.db, c.var.program.id, (await parseBody(c, s.createGroup)).name, c.var.deps.now()), 201))

  .patch('/partners/:id', async (c) => c.json(await updatePartner(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.updatePartner))))
  .get('/partners/:id/tier', async (c) => c.json(await partnerTier(c.var.deps.db, c.var.program, c.req.param('id'), c.var.deps.now())))

  .post('/commissions/:id/actions', async (c) =>
    c.json(await actOnCommission(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.commissionAction), c.var.deps.now())),
  )
