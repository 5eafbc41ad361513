// The program at a glance (secret key or console token; see app.ts secretApi()).
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { programOverview } from './schemas.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import { getProgramOverview } from './overview.ts'

export const programOverviewRoutes = new Hono<AppEnv>().get('/program/overview', async (c) =>
  c.json(await getProgramOverview(c.var.deps.db, c.var.program, parseQuery(c, programOverview), c.var.deps.now())),
)
