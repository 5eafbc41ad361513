// The audit log (secret key or console token; mounted in app.ts's secretApi()). Read-only: entries are
// written by the services that make the changes.
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseQuery } from '../kernel/http/validate.ts'
import { listAuditEntries } from './queries.ts'
import { listAuditLog } from './schemas.ts'

export const auditRoutes = new Hono<AppEnv>().get('/audit-log', async (c) => c.json(await listAuditEntries(c.var.deps.db, c.var.program.id, parseQuery(c, listAuditLog))))
