// Balances, payout runs and payouts: mounted in app.ts's secretApi(), whose middleware
// checks the secret key and honours Idempotency-Key.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as p from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { listBalances } from '../ledger/index.ts'
import { exportPayoutRun } from './export.ts'
import { failPayout, markRunPaid } from './payout-status.ts'
import { createPayoutRun, getPayoutRun, listPayoutRuns, previewPayoutRun } from './run-payouts.ts'
import { sendPayoutRun } from './send-payouts.ts'

const balances = new Hono<AppEnv>().get('/', async (c) => {
  const q = await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, p.listBalances), { partnerId: 'partner' })
  return c.json({ data: await listBalances(c.var.deps.db, c.var.program.id, q) })
})

const runs = new Hono<AppEnv>()
  .post('/', async (c) => c.json(await createPayoutRun(c.var.deps.db, c.var.program, c.var.deps.now(), { actor: c.var.actor }), 201))
  .get('/preview', async (c) => c.json(await previewPayoutRun(c.var.deps.db, c.var.program, c.var.deps.now())))
  .get('/', async (c) => c.json(await listPayoutRuns(c.var.deps.db, c.var.program.id, parseQuery(c, p.listPayoutRuns))))
  .get('/:id', async (c) => c.json(await getPayoutRun(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .get('/:id/export', async (c) => {
    const q = parseQuery(c, p.exportPayoutRun)
    const file = await exportPayoutRun(c.var.deps.db, c.var.program.id, c.req.param('id'), q)
    return c.body(file.csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'afflio-export-count': String(file.count),
      'afflio-export-excluded': String(file.excluded),
    })
  })
  .post('/:id/send', async (c) => {
    const { db, now, stripe } = c.var.deps
    return c.json(await sendPayoutRun(db, c.var.program, c.req.param('id'), now, { stripeBaseUrl: stripe?.baseUrl, fetch: stripe?.fetch }, c.var.actor))
  })
  .post('/:id/mark-paid', async (c) => c.json(await markRunPaid(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

const payouts = new Hono<AppEnv>().post('/:id/fail', async (c) => {
  const { reason } = await parseBody(c, p.failPayout)
  return c.json(await failPayout(c.var.deps.db, c.var.program.id, c.req.param('id'), reason, auditContext(c)))
})

export const payoutRoutes = new Hono<AppEnv>().route('/balances', balances).route('/payout-runs', runs).route('/payouts', payouts)
