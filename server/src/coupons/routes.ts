// Coupon codes, the program's side (secret key or console token; mounted in app.ts's secretApi).
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { createCouponCode, getCouponCode, listCouponCodes, updateCouponCode } from './coupon-codes.ts'
import * as s from './schemas.ts'

export const couponRoutes = new Hono<AppEnv>()
  .post('/coupon-codes', async (c) => c.json(await createCouponCode(c.var.deps.db, c.var.program, await parseBody(c, s.createCouponCode), auditContext(c), c.var.deps.stripe), 201))
  .get('/coupon-codes', async (c) => c.json(await listCouponCodes(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, s.listCouponCodes), { partnerId: 'partner' }))))
  .get('/coupon-codes/:id', async (c) => c.json(await getCouponCode(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .patch('/coupon-codes/:id', async (c) =>
    c.json(await updateCouponCode(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, s.updateCouponCode), auditContext(c), c.var.deps.stripe)),
  )
