// Rewards' API (secret key; see app.ts): the reward a click's visitor is owed, for the host's checkout, and
// the Stripe coupon that grants a reward. Setting rewards is the program's settings (PATCH
// /v1/program/settings) and its groups' (PATCH /v1/groups/:id).
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody } from '../kernel/http/validate.ts'
import { clickReward } from './click-reward.ts'
import { rewardCoupon } from './schemas.ts'
import { createRewardCoupon } from './stripe-coupon.ts'

export const rewardRoutes = new Hono<AppEnv>()
  .get('/clicks/:id/reward', async (c) => c.json(await clickReward(c.var.deps.db, c.var.program, c.req.param('id'))))
  .post('/rewards/stripe-coupon', async (c) => {
    const { groupId } = await parseBody(c, rewardCoupon)
    return c.json(await createRewardCoupon(c.var.deps.db, c.var.program, groupId ?? null, auditContext(c), c.var.deps.stripe), 201)
  })
