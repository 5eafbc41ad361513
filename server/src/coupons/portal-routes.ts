// The partner's coupon codes (embed token; mounted inside portal/routes.ts): its own codes only.
import { Hono } from 'hono'
import { idempotency } from '../kernel/http/idempotency.ts'
import { parseBody } from '../kernel/http/validate.ts'
import type { PortalEnv } from '../portal/index.ts'
import { createPortalCouponCode, listPortalCouponCodes } from './coupon-codes.ts'
import * as s from './schemas.ts'

export const portalCouponRoutes = new Hono<PortalEnv>()
  .get('/coupon-codes', async (c) => c.json(await listPortalCouponCodes(c.var.deps.db, c.var.session)))
  .post('/coupon-codes', idempotency, async (c) => {
    const { code } = await parseBody(c, s.createPortalCouponCode)
    return c.json(await createPortalCouponCode(c.var.deps.db, c.var.session, code, c.var.deps.now(), c.var.deps.stripe), 201)
  })
