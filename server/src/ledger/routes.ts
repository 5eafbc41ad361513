// The ledger's API (secret key; see app.ts): sales and refunds, commissions and their holds, rules, groups,
// partner placement and the program's money settings.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { listCommissions } from './queries.ts'
import { recordRefund } from './record-refund.ts'
import { recordSale } from './record-sale.ts'
import { listGroups, listRules } from './rule-queries.ts'
import { actOnCommission, createGroup, toSettings, updateGroup, updatePartner, updateSettings } from './ledger-admin.ts'
import { archiveRule, createRule, ruleVersions, updateRule } from './rule-admin.ts'
import { partnerTier } from './partner-tier.ts'
import { explainCommission } from './explain-commission.ts'
import { backtestRules } from './backtest.ts'

export const ledgerRoutes = new Hono<AppEnv>()
  .post('/track/sale', async (c) => {
    const deps = c.get('deps') // c.get, not c.var: c.var copies every variable into a new object on each read
    const result = await recordSale(deps.db, c.get('program'), await parseBody(c, s.trackSale), deps.now(), { actor: c.get('actor') })
    return c.json(result, result.duplicate ? 200 : 201)
  })
  .post('/track/refund', async (c) => c.json(await recordRefund(c.var.deps.db, c.var.program.id, await parseBody(c, s.trackRefund), c.var.deps.now(), { actor: c.var.actor })))
  .get('/commissions', async (c) => c.json(await listCommissions(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listCommissions), { partnerId: 'partner', payoutId: 'payout' }))))
  .get('/commissions/:id/explanation', async (c) => c.json(await explainCommission(c.var.deps.db, c.var.program.id, c.req.param('id'), c.var.deps.now())))

  .get('/program/settings', (c) => c.json(toSettings(c.var.program, c.var.deps.mailStatus)))
  .patch('/program/settings', async (c) => c.json(await updateSettings(c.var.deps.db, c.var.program.id, await parseBody(c, s.updateSettings), auditContext(c), c.var.deps.mailStatus)))

  .get('/rules', async (c) => c.json({ data: await listRules(c.var.deps.db, c.var.program.id), nextCursor: null }))
  .post('/rules', async (c) => c.json(await createRule(c.var.deps.db, c.var.program.id, await parseBody(c, s.createRule), auditContext(c)), 201))
  // Before /rules/:id: a read (nothing is written), but a POST for its body
  .post('/rules/backtest', async (c) => c.json(await backtestRules(c.var.deps.db, c.var.program, await parseBody(c, s.backtest), c.var.deps.now())))
  .patch('/rules/:id', async (c) => c.json(await updateRule(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.updateRule), auditContext(c))))
  .get('/rules/:id/versions', async (c) => c.json({ data: await ruleVersions(c.var.deps.db, c.var.program.id, c.req.param('id')), nextCursor: null }))
  .delete('/rules/:id', async (c) => c.json(await archiveRule(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

  .get('/groups', async (c) => c.json({ data: await listGroups(c.var.deps.db, c.var.program.id), nextCursor: null }))
  .post('/groups', async (c) => c.json(await createGroup(c.var.deps.db, c.var.program.id, (await parseBody(c, s.createGroup)).name, auditContext(c)), 201))
  .patch('/groups/:id', async (c) => c.json(await updateGroup(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.updateGroup), auditContext(c))))

  .patch('/partners/:id', async (c) => c.json(await updatePartner(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.updatePartner), auditContext(c))))
  .get('/partners/:id/tier', async (c) => c.json(await partnerTier(c.var.deps.db, c.var.program, c.req.param('id'), c.var.deps.now())))

  .post('/commissions/:id/actions', async (c) =>
    c.json(await actOnCommission(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, s.commissionAction), auditContext(c))),
  )
