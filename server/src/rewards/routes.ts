// Rewards' API (secret key; see app.ts): the reward a click's visitor is owed, for the host's checkout.
// Setting rewards is the program's settings (PATCH /v1/program/settings) and its groups' (PATCH /v1/groups/:id).
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { clickReward } from './click-reward.ts'

export const rewardRoutes = new Hono<AppEnv>().get('/clicks/:id/reward', async (c) => c.json(await clickReward(c.var.deps.db, c.var.program, c.req.param('id'))))
