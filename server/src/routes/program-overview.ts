// The program at a glance (secret key or console token; see app.ts secretApi()).
import { Hono } from 'hono'
import type { AppEnv } from '../http/env.ts'
import { programOverview } from '../http/schemas.ts'
import { parseQuery } from '../http/validate.ts'
import { getProgramOverview } from '../services/program-overview.ts'

export const programOverviewRoutes = new Hono<AppEnv>().get('/program/overview', async (c) =>
  c.json(await getProgramOverview(c.var.deps.db, c.var.program, parseQuery(c, programOverview), c.var.deps.now())),
)
